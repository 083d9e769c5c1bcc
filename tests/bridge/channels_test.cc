// The channels we ship, each against a real server: CLI chat --connect, web
// chat, loadgen; and the CURVE key files they read.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bridge/cli_chat.h"
#include "bridge/curve_keys.h"
#include "bridge/loadgen.h"
#include "bridge/web_chat.h"
#include "tests/bridge/bridge_fixture.h"
#include "tests/time_scale.h"

// Last: httplib pulls in <resolv.h>, whose `_res` macro breaks Eigen's
// headers (a parameter of that name) when they come after it.
#include "tests/bridge/http_limits.h"

namespace interec::test {
namespace {

class ChannelsTest : public BridgeTest {
 protected:
  // `interec chat --connect --json` fed `input`: one answer per line.
  std::vector<json> chat_json(ChatOptions options, const std::string& input) {
    options.connect = endpoint();
    options.json = true;
    std::istringstream in(input);
    std::ostringstream out;
    EXPECT_EQ(run_chat(options, in, out, false), 0);
    std::istringstream lines(out.str());
    std::vector<json> answers;
    for (std::string line; std::getline(lines, line);) answers.push_back(json::parse(line));
    return answers;
  }
};

TEST_F(ChannelsTest, CliChatTalksThroughTheBridge) {
  start();
  ChatOptions options;
  options.user = "cli-user";
  const auto answers = chat_json(options, "top 2 comedies\n/reset\nwhen was Frozen Creek released?\n");
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(answers[0]["type"], "reply");
  EXPECT_EQ(answers[0]["items"].size(), 2u);
  EXPECT_EQ(answers[1]["type"], "reset_ok");
  EXPECT_NE(answers[2]["reply"].get<std::string>().find("1996"), std::string::npos);
}

TEST_F(ChannelsTest, CliChatItemsSetsTheListLengthUnlessTheTextSaysOne) {
  start();
  ChatOptions options;
  options.user = "cli-items";
  options.items = 12;
  const auto answers = chat_json(options, "some comedies\ntop 2 dramas\n");
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0]["items"].size(), 12u);
  EXPECT_EQ(answers[1]["items"].size(), 2u);
}

// The interec_id=VALUE part of a response's Set-Cookie, "" when none.
std::string cookie_of(const httplib::Result& res) {
  const std::string set = res->get_header_value("Set-Cookie");
  return set.substr(0, set.find(';'));
}

std::unique_ptr<WebChat> start_web(const std::string& endpoint) {
  WebChatOptions options;
  options.client.endpoint = endpoint;
  options.listen = "127.0.0.1:0";
  options.channel = "web";
  return std::make_unique<WebChat>(options);
}

TEST_F(ChannelsTest, WebChatServesThePageAndForwardsMessages) {
  start();
  auto web = start_web(endpoint());
  httplib::Client http("127.0.0.1", web->port());
  scale_limits(http);
  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>interec</title>"), std::string::npos);
  const std::string cookie = cookie_of(page);
  EXPECT_EQ(cookie.rfind("interec_id=w", 0), 0u) << cookie;
  EXPECT_NE(page->get_header_value("Set-Cookie").find("HttpOnly"), std::string::npos);
  auto icon = http.Get("/favicon.ico");
  ASSERT_TRUE(icon);
  EXPECT_EQ(icon->status, 200);
  EXPECT_EQ(icon->get_header_value("Content-Type"), "image/svg+xml");
  auto reply = http.Post("/api/message", {{"Cookie", cookie}},
                         R"({"session":"p1","text":"top 3 thrillers"})", "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(cookie_of(reply), "") << "a valid cookie is kept";
  auto answer = json::parse(reply->body);
  EXPECT_EQ(answer["type"], "reply") << reply->body;
  ASSERT_EQ(answer["items"].size(), 3u);
  EXPECT_TRUE(answer["items"][0].contains("attributes"));
  auto details = http.Post("/api/item", {{"Cookie", cookie}},
                           json{{"item_id", answer["items"][0]["item_id"]}}.dump(), "application/json");
  ASSERT_TRUE(details);
  EXPECT_EQ(json::parse(details->body)["type"], "item") << details->body;
  auto form = http.Post("/api/message", {{"Cookie", cookie}}, "text=hi", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415) << "a cross-site form post is refused";
}

TEST_F(ChannelsTest, WebChatIdentityComesFromItsSignedCookieOnly) {
  start();
  auto web = start_web(endpoint());
  httplib::Client http("127.0.0.1", web->port());
  scale_limits(http);
  // A body naming a user and a channel changes nothing: both are ignored.
  auto first = http.Post("/api/message", R"({"channel":"slack","user":"victim","text":"I hate horror"})",
                         "application/json");
  ASSERT_TRUE(first);
  const std::string cookie = cookie_of(first);
  ASSERT_FALSE(cookie.empty());
  auto profile_of = [&](const std::string& channel, const std::string& user) {
    caf::scoped_actor self{*sys_};
    std::string profile;
    self->request(agent_.memory, test::scaled(std::chrono::seconds(10)), atoms::profile_atom_v, channel, user)
      .receive([&](ProfileReply& p) { profile = p.view; }, [](caf::error&) {});
    return profile;
  };
  EXPECT_EQ(profile_of("web", "victim"), "null");
  EXPECT_EQ(profile_of("slack", "victim"), "null");
  const std::string user = cookie.substr(std::string("interec_id=").size(), cookie.find('.') - 11);
  EXPECT_NE(profile_of("web", user).find("Horror"), std::string::npos);
  // The same cookie is the same user; the profile page sees the taste.
  auto mine = http.Get("/api/profile", {{"Cookie", cookie}});
  ASSERT_TRUE(mine);
  EXPECT_NE(mine->body.find("Horror"), std::string::npos) << mine->body;
  // A forged cookie (someone else's id, any signature) is a new stranger.
  for (const std::string& forged : {"interec_id=" + user + ".00", "interec_id=" + user,
                                   "interec_id=" + user + "." + std::string(64, 'a')}) {
    auto other = http.Get("/api/profile", {{"Cookie", forged}});
    ASSERT_TRUE(other);
    EXPECT_EQ(json::parse(other->body)["profile"], nullptr) << forged;
    EXPECT_NE(cookie_of(other), forged);
  }
  // Deleting the profile erases it and tells the browser to forget the id.
  auto deleted = http.Post("/api/profile/delete", {{"Cookie", cookie}}, "{}", "application/json");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(json::parse(deleted->body)["type"], "profile_deleted");
  EXPECT_NE(deleted->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(profile_of("web", user), "null");
}

TEST_F(ChannelsTest, WebChatSaysAtOnceWhenTheServerIsDown) {
  start();
  const std::string gone = endpoint();
  server_->stop();
  auto web = start_web(gone);
  httplib::Client http("127.0.0.1", web->port());
  scale_limits(http);
  json status = json::object();
  for (int i = 0; i < 100 && status.value("server", "") != "down"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto res = http.Get("/api/status");
    ASSERT_TRUE(res);
    status = json::parse(res->body);
  }
  EXPECT_EQ(status["server"], "down");
  auto reply = http.Post("/api/message", R"({"text":"top 3 thrillers"})", "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(json::parse(reply->body)["code"], "unavailable") << reply->body;
}

TEST_F(ChannelsTest, LoadgenJsonHasExactlyTheSixFields) {
  start();
  LoadgenOptions options;
  options.client.endpoint = endpoint();
  options.sessions = 5;
  options.turns = 2;
  auto result = run_loadgen(options).to_json();
  std::vector<std::string> keys;
  for (auto& [key, value] : result.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"sessions", "turns", "errors", "turns_per_s",
                                            "p50_ms", "p99_ms"}));
  EXPECT_EQ(result["sessions"], 5);
  EXPECT_EQ(result["turns"], 10);
  EXPECT_EQ(result["errors"], 0);
  EXPECT_GT(result["turns_per_s"].get<double>(), 0);
  EXPECT_LE(result["p50_ms"].get<double>(), result["p99_ms"].get<double>());
}

TEST(CurveKeysTest, KeygenFilesReadBack) {
  const std::string dir = scratch_dir("CurveKeysTest.KeygenFilesReadBack");
  auto pair = write_new_key_pair(dir + "/server");
  auto secret = read_key_file(dir + "/server.key", true);
  EXPECT_EQ(secret.public_key, pair.public_key);
  EXPECT_EQ(secret.secret_key, pair.secret_key);
  auto pub = read_key_file(dir + "/server.pub", false);
  EXPECT_EQ(pub.public_key, pair.public_key);
  EXPECT_TRUE(pub.secret_key.empty());
  EXPECT_EQ(std::filesystem::status(dir + "/server.key").permissions() &
              std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  EXPECT_THROW(write_new_key_pair(dir + "/server"), KeyFileError) << "must not overwrite";
  EXPECT_THROW(read_key_file(dir + "/server.pub", true), KeyFileError) << "no secret in a .pub";
}

TEST(CurveKeysTest, AllowedKeysAreNamedByTheirChannel) {
  const std::string dir = scratch_dir("CurveKeysTest.AllowedKeysAreNamedByTheirChannel");
  const std::string keys = dir + "/allowed";
  std::filesystem::create_directories(keys);
  auto slack = write_new_key_pair(dir + "/slack");
  auto web = write_new_key_pair(dir + "/web");
  std::filesystem::copy_file(dir + "/slack.pub", keys + "/slack.pub");
  std::filesystem::copy_file(dir + "/web.pub", keys + "/web.pub");
  std::ofstream(keys + "/README") << "not a key file: ignored";
  auto allowed = read_allowed_keys(keys);
  EXPECT_EQ(allowed, (std::map<std::string, std::string>{{slack.public_key, "slack"},
                                                        {web.public_key, "web"}}));
  std::filesystem::copy_file(dir + "/web.pub", keys + "/bad:name.pub");
  EXPECT_THROW(read_allowed_keys(keys), KeyFileError);
}

TEST(CurveKeysTest, MalformedKeyFileNamesTheLine) {
  const std::string dir = scratch_dir("CurveKeysTest.MalformedKeyFileNamesTheLine");
  std::ofstream(dir + "/bad.pub") << "# comment\npublic = tooshort\n";
  try {
    read_key_file(dir + "/bad.pub", false);
    FAIL() << "accepted a short key";
  } catch (const KeyFileError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.pub:2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace interec::test

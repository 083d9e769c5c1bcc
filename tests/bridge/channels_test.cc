// The channels we ship, each against a real server: CLI chat --connect, web
// chat, loadgen; and the CURVE key files they read.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bridge/cli_chat.h"
#include "bridge/curve_keys.h"
#include "bridge/loadgen.h"
#include "bridge/web_chat.h"
#include "tests/bridge/bridge_fixture.h"

// Last: httplib pulls in <resolv.h>, whose `_res` macro breaks Eigen's
// headers (a parameter of that name) when they come after it.
#include <httplib.h>

namespace interec::test {
namespace {

class ChannelsTest : public BridgeTest {};

TEST_F(ChannelsTest, CliChatTalksThroughTheBridge) {
  start();
  ChatOptions options;
  options.connect = endpoint();
  options.user = "cli-user";
  options.json = true;
  std::istringstream in("top 2 comedies\n/reset\nwhen was Fargo released?\n");
  std::ostringstream out;
  EXPECT_EQ(run_chat(options, in, out, false), 0);
  std::istringstream lines(out.str());
  std::vector<json> answers;
  for (std::string line; std::getline(lines, line);) answers.push_back(json::parse(line));
  ASSERT_EQ(answers.size(), 3u) << out.str();
  EXPECT_EQ(answers[0]["type"], "reply");
  EXPECT_EQ(answers[0]["items"].size(), 2u);
  EXPECT_EQ(answers[1]["type"], "reset_ok");
  EXPECT_NE(answers[2]["reply"].get<std::string>().find("1996"), std::string::npos);
}

TEST_F(ChannelsTest, WebChatServesThePageAndForwardsMessages) {
  start();
  WebChatOptions options;
  options.client.endpoint = endpoint();
  options.listen = "127.0.0.1:0";
  WebChat web(options);
  httplib::Client http("127.0.0.1", web.port());
  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>interec</title>"), std::string::npos);
  auto reply = http.Post("/api/message", R"({"user":"w1","session":"p1","text":"top 3 thrillers"})",
                         "application/json");
  ASSERT_TRUE(reply);
  auto answer = json::parse(reply->body);
  EXPECT_EQ(answer["type"], "reply") << reply->body;
  EXPECT_EQ(answer["items"].size(), 3u);
}

TEST_F(ChannelsTest, WebChatNeverLetsTheBrowserPickTheChannel) {
  start();
  WebChatOptions options;
  options.client.endpoint = endpoint();
  options.listen = "127.0.0.1:0";
  options.channel = "web";
  WebChat web(options);
  httplib::Client http("127.0.0.1", web.port());
  auto reply = http.Post("/api/message",
                         R"({"channel":"slack","user":"w2","text":"I hate horror"})",
                         "application/json");
  ASSERT_TRUE(reply);
  caf::scoped_actor self{*sys_};
  std::string web_profile, slack_profile;
  self->request(agent_.memory, std::chrono::seconds(10), atoms::profile_atom_v,
                std::string("web"), std::string("w2"))
    .receive([&](std::string& p) { web_profile = p; }, [](caf::error&) {});
  self->request(agent_.memory, std::chrono::seconds(10), atoms::profile_atom_v,
                std::string("slack"), std::string("w2"))
    .receive([&](std::string& p) { slack_profile = p; }, [](caf::error&) {});
  EXPECT_NE(web_profile, "null");
  EXPECT_EQ(slack_profile, "null");
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

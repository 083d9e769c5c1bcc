// `interec front` over real `interec serve` processes, everything on
// loopback and spoken to over the ZeroMQ protocol: sticky sessions, ids,
// a backend killed and restarted, malformed input, no backend, SIGTERM.
#include "bridge/front.h"
#include "bridge/front_routing.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "bridge/curve_keys.h"
#include "tests/bridge/bridge_fixture.h"
#include "tests/bridge/malformed_inputs.h"
#include "tests/child_process.h"
#include "tests/time_scale.h"

namespace interec::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A port nothing listens on now (the kernel's pick for a throw-away socket).
int free_front_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("no free port");
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string free_endpoint() { return "tcp://127.0.0.1:" + std::to_string(free_front_port()); }

// SIGSTOP, returning once every thread of `pid` is stopped: kill() only
// queues the signal, and a backend thread still running on the other core
// answered a request sent just after it (1 run in ~10 under load).
bool stop_process(pid_t pid) {
  if (::kill(pid, SIGSTOP) != 0) return false;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (int tries = 0; tries < 2000; ++tries) {
    bool all_stopped = true;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
      std::ifstream stat(task.path() / "stat");
      std::string line;
      std::getline(stat, line);
      // The state follows the command name, which is in parentheses.
      const auto close = line.rfind(')');
      const char state = close != std::string::npos && close + 2 < line.size() ? line[close + 2] : '?';
      if (state != 'T' && state != 't') all_stopped = false;
    }
    if (!ec && all_stopped) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

class FrontTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tiny();
    scratch_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  /// A real `interec serve` on `endpoint` with its own profile store.
  std::unique_ptr<ChildProcess> serve(const std::string& endpoint) {
    const std::string state = scratch_ + "/state" + std::to_string(serves_++);
    return std::make_unique<ChildProcess>(std::vector<std::string>{
      interec_binary(), "serve", "--data", dir_, "--bind", endpoint, "--state", state,
      "--workers", "1"});
  }

  /// A real `interec front` on a free port; sets front_endpoint_.
  std::unique_ptr<ChildProcess> front(const std::vector<std::string>& backends,
                                      std::vector<std::string> extra = {}) {
    std::string list;
    for (const auto& b : backends) list += (list.empty() ? "" : ",") + b;
    std::vector<std::string> argv = {interec_binary(), "front", "--bind", "tcp://127.0.0.1:*",
                                     "--backends", list};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto child = std::make_unique<ChildProcess>(argv);
    const std::string said = child->read_line(20s);
    const std::string prefix = "interec front: listening on ";
    if (said.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "the front said: " << said;
      return child;
    }
    front_endpoint_ = said.substr(prefix.size());
    return child;
  }

  /// Pings the front until it reports `up` backends up (ZeroMQ connects
  /// lazily, serve needs a moment to load the dataset).
  bool wait_for_backends(RawClient& client, int up) {
    const auto deadline = Clock::now() + scaled(30s);
    json pong;
    while (Clock::now() < deadline) {
      client.send({{"v", 1}, {"type", "ping"}, {"id", "health"}});
      if (auto answer = client.receive(2s)) {
        pong = *answer;
        if (pong.value("backends_up", -1) == up) return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "backends up never became " << up << "; last pong " << pong.dump();
    return false;
  }

  static json message(const std::string& id, const std::string& user, const std::string& text,
                      const std::string& session = "s", const std::string& channel = "test") {
    return {{"v", 1},       {"type", "message"},  {"id", id},    {"channel", channel},
            {"user", user}, {"session", session}, {"text", text}};
  }

  /// The next `n` answers by id; fails the test on a duplicate id or when
  /// fewer come within `timeout`.
  static std::map<std::string, json> receive_all(RawClient& client, size_t n,
                                                 std::chrono::milliseconds timeout = 30s) {
    std::map<std::string, json> by_id;
    const auto deadline = Clock::now() + scaled(timeout);
    while (by_id.size() < n) {
      auto answer = client.receive_by(deadline);
      if (!answer) {
        ADD_FAILURE() << "got " << by_id.size() << " of " << n << " answers";
        break;
      }
      const std::string id = answer->value("id", "");
      EXPECT_TRUE(by_id.emplace(id, *answer).second) << "two answers for " << id;
    }
    return by_id;
  }

  static std::vector<std::string> item_ids(const json& answer) {
    std::vector<std::string> ids;
    for (const auto& item : answer.value("items", json::array())) ids.push_back(item.at("item_id"));
    return ids;
  }

  std::string dir_, scratch_, front_endpoint_;
  int serves_ = 0;
};

const std::vector<std::string> kConversation = {
  "I'm looking for something with genres Drama.",
  "Not those. It also has year from 1990 to 1999.",
  "Not those. Any other ideas?",
};

TEST_F(FrontTest, ConversationsThroughTheFrontMatchOneServeTurnByTurn) {
  const std::vector<std::string> backends = {free_endpoint(), free_endpoint()};
  auto a = serve(backends[0]);
  auto b = serve(backends[1]);
  auto f = front(backends);
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 2));
  // Users whose sessions rendezvous hashing puts on each backend: 3 each.
  std::vector<std::string> users;
  int on[2] = {0, 0};
  for (int k = 0; users.size() < 6; ++k) {
    const std::string user = "talker-" + std::to_string(k);
    const std::string session = "s";
    const int at = front_pick_backend(front_routing_key("test", user, &session), backends,
                                      {true, true});
    if (on[at] < 3) {
      ++on[at];
      users.push_back(user);
    }
  }
  // The reference: the same conversation sent to one serve directly.
  RawClient direct(backends[0]);
  std::vector<std::vector<std::string>> reference;
  for (size_t t = 0; t < kConversation.size(); ++t) {
    direct.send(message("ref" + std::to_string(t), "reference", kConversation[t]));
    auto answer = direct.receive();
    ASSERT_TRUE(answer);
    ASSERT_EQ((*answer)["type"], "reply") << answer->dump();
    reference.push_back(item_ids(*answer));
  }
  ASSERT_NE(reference[0], reference[1]) << "the refinement must change the items";
  ASSERT_NE(reference[1], reference[2]);
  for (size_t t = 0; t < kConversation.size(); ++t) {
    for (const auto& user : users)
      client.send(message(user + "/" + std::to_string(t), user, kConversation[t]));
    auto answers = receive_all(client, users.size());
    for (const auto& user : users) {
      const auto& answer = answers[user + "/" + std::to_string(t)];
      ASSERT_EQ(answer.value("type", ""), "reply") << answer.dump();
      EXPECT_EQ(item_ids(answer), reference[t]) << user << ", turn " << t;
    }
  }
}

TEST_F(FrontTest, SessionsSpreadOverTheBackendsAsRendezvousHashingSays) {
  const std::vector<std::string> backends = {free_endpoint(), free_endpoint()};
  auto a = serve(backends[0]);
  auto b = serve(backends[1]);
  auto f = front(backends);
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 2));
  // Each serve keeps its own profiles here: where a user's taste was saved
  // tells which backend took the session.
  constexpr int kUsers = 24;
  for (int k = 0; k < kUsers; ++k)
    client.send(message(std::to_string(k), "spread-" + std::to_string(k), "I hate horror",
                        "chat-" + std::to_string(k)));
  auto answers = receive_all(client, kUsers);
  for (const auto& [id, answer] : answers)
    ASSERT_EQ(answer.value("type", ""), "reply") << answer.dump();
  int taken[2] = {0, 0};
  for (int s = 0; s < 2; ++s) {
    RawClient direct(backends[s]);
    for (int k = 0; k < kUsers; ++k) {
      const std::string user = "spread-" + std::to_string(k), session = "chat-" + std::to_string(k);
      direct.send(
        {{"v", 1}, {"type", "profile_get"}, {"id", "g"}, {"channel", "test"}, {"user", user}});
      auto profile = direct.receive();
      ASSERT_TRUE(profile);
      const bool here = !(*profile)["profile"].is_null();
      const int expected =
        front_pick_backend(front_routing_key("test", user, &session), backends, {true, true});
      EXPECT_EQ(here, expected == s) << user << " on backend " << s;
      taken[s] += here;
    }
  }
  EXPECT_GT(taken[0], 0);
  EXPECT_GT(taken[1], 0);
  EXPECT_EQ(taken[0] + taken[1], kUsers);
}

TEST_F(FrontTest, TwoClientsWithTheSameIdsGetTheirOwnAnswers) {
  const std::vector<std::string> backends = {free_endpoint()};
  auto a = serve(backends[0]);
  auto f = front(backends);
  RawClient one(front_endpoint_), two(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(one, 1));
  constexpr int kRequests = 5;
  for (int k = 0; k < kRequests; ++k) {
    one.send(message("same", "one-" + std::to_string(k), "top 2 comedies"));
    two.send(message("same", "two-" + std::to_string(k), "top 4 dramas"));
  }
  for (int k = 0; k < kRequests; ++k) {
    auto a1 = one.receive(), a2 = two.receive();
    ASSERT_TRUE(a1 && a2) << k;
    EXPECT_EQ((*a1)["id"], "same");
    EXPECT_EQ((*a2)["id"], "same");
    EXPECT_EQ((*a1)["items"].size(), 2u) << a1->dump();
    EXPECT_EQ((*a2)["items"].size(), 4u) << a2->dump();
  }
  EXPECT_FALSE(one.receive(300ms)) << "one answer per request";
  EXPECT_FALSE(two.receive(300ms)) << "one answer per request";
  // No id at all comes back as null, as from serve.
  one.send({{"v", 1}, {"type", "message"}, {"channel", "test"}, {"user", "anon"},
            {"text", "top 1 westerns"}});
  auto anon = one.receive();
  ASSERT_TRUE(anon);
  EXPECT_TRUE((*anon)["id"].is_null()) << anon->dump();
  EXPECT_EQ((*anon)["items"].size(), 1u);
}

TEST_F(FrontTest, AKilledBackendCostsOnlyItsSessionsAndRejoinsWhenRestarted) {
  const std::vector<std::string> backends = {free_endpoint(), free_endpoint()};
  auto a = serve(backends[0]);
  auto b = serve(backends[1]);
  auto f = front(backends);
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 2));
  constexpr int kUsers = 12;
  std::vector<int> home(kUsers);  // the backend each session starts on
  for (int k = 0; k < kUsers; ++k) {
    const std::string session = "s";
    home[k] = front_pick_backend(front_routing_key("test", "u" + std::to_string(k), &session),
                                 backends, {true, true});
  }
  ASSERT_NE(std::count(home.begin(), home.end(), 1), 0) << "some sessions must live on B";
  ASSERT_NE(std::count(home.begin(), home.end(), 0), 0) << "some sessions must live on A";
  int turn = 0;
  auto send_turn = [&] {
    for (int k = 0; k < kUsers; ++k)
      client.send(message(std::to_string(turn) + "/" + std::to_string(k), "u" + std::to_string(k),
                          "top 3 comedies"));
    auto answers = receive_all(client, kUsers);
    ++turn;
    return answers;
  };
  for (const auto& [id, answer] : send_turn())
    EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();

  b->kill(SIGKILL);
  // At once: A's sessions are served; B's get an answer each — an error,
  // or a reply from A once the front knows — and nothing hangs.
  const auto killed = Clock::now();
  for (const auto& [id, answer] : send_turn()) {
    const int k = std::stoi(id.substr(id.find('/') + 1));
    if (home[k] == 0) {
      EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
    } else if (answer.value("type", "") == "error") {
      const std::string code = answer.value("code", "");
      EXPECT_TRUE(code == "unavailable" || code == "timeout") << answer.dump();
    }
  }
  // A liveness bound, not a speed one: far above the ms this takes, scaled
  // for the sanitizers, and below what waiting out B's requests would cost.
  EXPECT_LT(Clock::now() - killed, scaled(15s));
  ASSERT_TRUE(wait_for_backends(client, 1));
  for (const auto& [id, answer] : send_turn())
    EXPECT_EQ(answer.value("type", ""), "reply") << "A takes B's sessions: " << answer.dump();

  b = serve(backends[1]);  // restarted on its address
  ASSERT_TRUE(wait_for_backends(client, 2));
  for (const auto& [id, answer] : send_turn())
    EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
  EXPECT_FALSE(client.receive(300ms)) << "one answer per request";
}

// A backend that stops answering (SIGSTOP: its connection stays open, so
// requests are sent into it) is found by its unanswered pings; its requests
// in flight are failed then, not left to hang, and its late answers after
// SIGCONT are not a second answer.
TEST_F(FrontTest, AHungBackendIsFoundByPingsAndItsRequestsFailFast) {
  const std::vector<std::string> backends = {free_endpoint(), free_endpoint()};
  auto a = serve(backends[0]);
  auto b = serve(backends[1]);
  const std::string config = scratch_ + "/front.json";
  std::ofstream(config) << R"({"front": {"ping_interval_ms": 200, "ping_timeout_ms": 1500}})";
  auto f = front(backends, {"--config", config});
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 2));
  const std::string session = "s";
  std::vector<std::string> on_a, on_b;
  for (int k = 0; on_a.size() < 3 || on_b.size() < 3; ++k) {
    const std::string user = "hung-" + std::to_string(k);
    auto& list = front_pick_backend(front_routing_key("test", user, &session), backends,
                                    {true, true}) == 0 ? on_a : on_b;
    if (list.size() < 3) list.push_back(user);
  }
  ASSERT_TRUE(stop_process(b->pid()));
  for (const auto& user : on_b) client.send(message("b/" + user, user, "top 3 comedies"));
  for (const auto& user : on_a) client.send(message("a/" + user, user, "top 3 comedies"));
  for (const auto& [id, answer] : receive_all(client, 6, 20s)) {
    if (id.rfind("a/", 0) == 0) {
      EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
    } else {
      EXPECT_EQ(answer.value("code", ""), "unavailable") << answer.dump();
    }
  }
  // No clock: a request left to its time-out would answer `timeout`, not
  // `unavailable`, so the codes above show the pings found the hung backend.
  // B's sessions are A's now.
  for (const auto& user : on_b) client.send(message("again/" + user, user, "top 3 comedies"));
  for (const auto& [id, answer] : receive_all(client, 3))
    EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
  ASSERT_EQ(::kill(b->pid(), SIGCONT), 0);
  ASSERT_TRUE(wait_for_backends(client, 2));
  EXPECT_FALSE(client.receive(500ms)) << "B's late answers must not reach the client";
}

// A request its backend does not answer within request_timeout gets
// `timeout`, and the backend is down until it answers again.
TEST_F(FrontTest, ARequestPastItsTimeoutGetsTimeoutAndItsBackendIsDown) {
  const std::vector<std::string> backends = {free_endpoint(), free_endpoint()};
  auto a = serve(backends[0]);
  auto b = serve(backends[1]);
  const std::string config = scratch_ + "/front.json";
  std::ofstream(config)
    << R"({"front": {"request_timeout_ms": 1500, "ping_interval_ms": 200,)"
    << R"( "ping_timeout_ms": 60000}})";
  auto f = front(backends, {"--config", config});
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 2));
  const std::string session = "s";
  std::string on_b;
  for (int k = 0; on_b.empty(); ++k) {
    const std::string user = "late-" + std::to_string(k);
    if (front_pick_backend(front_routing_key("test", user, &session), backends, {true, true}) == 1)
      on_b = user;
  }
  ASSERT_TRUE(stop_process(b->pid()));
  client.send(message("late", on_b, "top 3 comedies"));
  auto late = client.receive(10s);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->value("code", ""), "timeout") << late->dump();
  client.send({{"v", 1}, {"type", "ping"}, {"id", "p"}});
  auto pong = client.receive(5s);
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->value("backends_up", -1), 1) << pong->dump();
  client.send(message("moved", on_b, "top 3 comedies"));
  auto moved = client.receive();
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->value("type", ""), "reply") << moved->dump();
  ASSERT_EQ(::kill(b->pid(), SIGCONT), 0);
  ASSERT_TRUE(wait_for_backends(client, 2));
  EXPECT_FALSE(client.receive(500ms)) << "one answer per request";
}

TEST_F(FrontTest, MalformedInputIsAnsweredExactlyAsServeAnswersIt) {
  const std::vector<std::string> backends = {free_endpoint()};
  auto a = serve(backends[0]);
  auto f = front(backends);
  RawClient via_front(front_endpoint_), direct(backends[0]);
  ASSERT_TRUE(wait_for_backends(via_front, 1));
  for (const auto& row : kMalformedInputs) {
    via_front.send_body(row.body());
    direct.send_body(row.body());
    auto from_front = via_front.receive(10s), from_serve = direct.receive(10s);
    ASSERT_TRUE(from_front && from_serve) << row.name;
    EXPECT_EQ(*from_front, *from_serve) << row.name;
    EXPECT_EQ((*from_front)["code"], row.code) << row.name;
  }
  // Two body frames, and a REQ-style envelope with a non-empty delimiter.
  for (const std::vector<std::string>& frames :
       {std::vector<std::string>{R"({"v":1,"type":"ping"})", R"({"v":1,"type":"ping"})"},
        std::vector<std::string>{"x", R"({"v":1,"type":"ping"})"}}) {
    via_front.send_frames(frames);
    direct.send_frames(frames);
    auto from_front = via_front.receive(10s), from_serve = direct.receive(10s);
    ASSERT_TRUE(from_front && from_serve);
    EXPECT_EQ(*from_front, *from_serve);
    EXPECT_EQ((*from_front)["code"], "bad_request");
  }
  // The connection stays usable.
  via_front.send(message("after", "u-bad", "top 2 westerns"));
  auto answer = via_front.receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["type"], "reply") << answer->dump();
  EXPECT_EQ((*answer)["items"].size(), 2u);
}

TEST_F(FrontTest, WithNoBackendUpRequestsGetAnImmediateClearError) {
  auto f = front({free_endpoint(), free_endpoint()});  // nothing listens there
  RawClient client(front_endpoint_);
  client.send({{"v", 1}, {"type", "ping"}, {"id", "p"}});
  auto pong = client.receive(5s);
  ASSERT_TRUE(pong);
  EXPECT_EQ(*pong, (json{{"v", 1}, {"type", "pong"}, {"id", "p"}, {"backends", 2},
                         {"backends_up", 0}}));
  client.send(message("m", "u", "top 3 comedies"));
  client.send({{"v", 1}, {"type", "reset"}, {"id", "r"}, {"channel", "test"}, {"user", "u"}});
  client.send({{"v", 1}, {"type", "profile_get"}, {"id", "g"}, {"channel", "test"}, {"user", "u"}});
  // No clock: queued for a backend, these would come back as `timeout`.
  auto answers = receive_all(client, 3, 5s);
  for (const auto& [id, answer] : answers) {
    EXPECT_EQ(answer.value("type", ""), "error") << answer.dump();
    EXPECT_EQ(answer.value("code", ""), "unavailable") << answer.dump();
    EXPECT_NE(answer.value("message", "").find("no backend is up"), std::string::npos)
      << answer.dump();
  }
}

TEST_F(FrontTest, PastTheInFlightBoundRequestsAreBusyNotQueued) {
  const std::vector<std::string> backends = {free_endpoint()};
  auto a = serve(backends[0]);
  const std::string config = scratch_ + "/front.json";
  // Long ping timeout: the backend stopped below must not be found out here.
  std::ofstream(config) << R"({"front": {"max_in_flight": 2, "ping_timeout_ms": 60000}})";
  auto f = front(backends, {"--config", config});
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 1));
  ASSERT_TRUE(stop_process(a->pid()));  // nothing comes back for now
  for (int k = 0; k < 5; ++k)
    client.send(message(std::to_string(k), "u" + std::to_string(k), "top 1 comedies"));
  for (const auto& [id, answer] : receive_all(client, 3, 5s))
    EXPECT_EQ(answer.value("code", ""), "busy") << answer.dump();
  ASSERT_EQ(::kill(a->pid(), SIGCONT), 0);
  for (const auto& [id, answer] : receive_all(client, 2))
    EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
  // Caught up: served again.
  client.send(message("later", "u-later", "top 1 comedies"));
  auto later = client.receive();
  ASSERT_TRUE(later);
  EXPECT_EQ(later->value("type", ""), "reply") << later->dump();
}

TEST_F(FrontTest, WithCurveOnlyListedKeysAreServedEachInItsChannel) {
  const std::vector<std::string> backends = {free_endpoint()};
  auto a = serve(backends[0]);
  const auto server = write_new_key_pair(scratch_ + "/server");
  std::filesystem::create_directories(scratch_ + "/allowed");
  const auto slack = write_new_key_pair(scratch_ + "/allowed/slack");
  std::filesystem::remove(scratch_ + "/allowed/slack.key");
  auto f = front(backends, {"--curve-secret", scratch_ + "/server.key", "--allow-keys",
                            scratch_ + "/allowed"});
  RawClient client(front_endpoint_, slack, server.public_key);
  ASSERT_TRUE(wait_for_backends(client, 1));
  client.send(message("m", "u1", "top 2 comedies", "", "slack"));
  auto answer = client.receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["items"].size(), 2u) << answer->dump();
  client.send({{"v", 1}, {"type", "profile_get"}, {"id", "x"}, {"channel", "web"}, {"user", "u1"}});
  auto refused = client.receive();
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "forbidden") << refused->dump();
  char pub[41], sec[41];
  ASSERT_EQ(zmq_curve_keypair(pub, sec), 0);
  RawClient stranger(front_endpoint_, CurveKeyPair{pub, sec}, server.public_key);
  stranger.send({{"v", 1}, {"type", "ping"}, {"id", "p"}});
  EXPECT_FALSE(stranger.receive(500ms)) << "a key not listed gets no answer";
}

TEST_F(FrontTest, SigtermAnswersEveryRequestInFlightAndExits) {
  const std::vector<std::string> backends = {free_endpoint()};
  auto a = serve(backends[0]);
  const std::string config = scratch_ + "/front.json";
  // Long ping timeout: the backend stopped below must not be found out here.
  std::ofstream(config) << R"({"front": {"drain_timeout_ms": 300, "ping_timeout_ms": 60000}})";
  auto f = front(backends, {"--config", config});
  RawClient client(front_endpoint_);
  ASSERT_TRUE(wait_for_backends(client, 1));
  // Half the requests are answered by a working backend; the other half
  // wait on a stopped one, so the drain cuts them off.
  constexpr int kRequests = 20;
  std::map<std::string, json> answers;
  for (int half = 0; half < 2; ++half) {
    if (half == 1) {
      ASSERT_TRUE(stop_process(a->pid()));
    }
    for (int k = half * kRequests / 2; k < (half + 1) * kRequests / 2; ++k)
      client.send(message(std::to_string(k), "u" + std::to_string(k), "dramas like Frozen Creek"));
    // The pong comes after the front has read every request before it.
    client.send({{"v", 1}, {"type", "ping"}, {"id", "read"}});
    while (true) {
      auto answer = client.receive();
      ASSERT_TRUE(answer);
      if ((*answer)["id"] == "read") break;
      answers.emplace((*answer)["id"].get<std::string>(), *answer);
    }
    if (half == 0)
      for (auto& [id, answer] : receive_all(client, kRequests / 2 - answers.size()))
        answers.emplace(id, answer);
  }
  const auto stop_started = Clock::now();
  const int status = f->kill(SIGTERM);  // waits for the process
  // The stop is bounded (the issue's promise), not fast: a liveness bound.
  EXPECT_LT(Clock::now() - stop_started, scaled(8s));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  for (auto& [id, answer] : receive_all(client, kRequests - answers.size(), 5s))
    EXPECT_TRUE(answers.emplace(id, answer).second) << "two answers for " << id;
  EXPECT_EQ(answers.size(), static_cast<size_t>(kRequests));
  for (const auto& [id, answer] : answers) {
    if (std::stoi(id) >= kRequests / 2)
      EXPECT_EQ(answer.value("code", ""), "shutting_down") << answer.dump();
    else
      EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
  }
}

}  // namespace
}  // namespace interec::test

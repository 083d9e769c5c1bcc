// `interec front` when backends fail: killed, hung (SIGSTOP), past their
// time-out, past the in-flight bound, and the front's own SIGTERM (the
// processes: tests/bridge/front_fixture.h).
#include "bridge/front.h"
#include "bridge/front_routing.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

#include "tests/bridge/front_fixture.h"

namespace interec::test {
namespace {

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
  ASSERT_TRUE(b->stop());
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
  ASSERT_TRUE(b->resume());
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
  ASSERT_TRUE(b->stop());
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
  ASSERT_TRUE(b->resume());
  ASSERT_TRUE(wait_for_backends(client, 2));
  EXPECT_FALSE(client.receive(500ms)) << "one answer per request";
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
  ASSERT_TRUE(a->stop());  // nothing comes back for now
  for (int k = 0; k < 5; ++k)
    client.send(message(std::to_string(k), "u" + std::to_string(k), "top 1 comedies"));
  for (const auto& [id, answer] : receive_all(client, 3, 5s))
    EXPECT_EQ(answer.value("code", ""), "busy") << answer.dump();
  ASSERT_TRUE(a->resume());
  for (const auto& [id, answer] : receive_all(client, 2))
    EXPECT_EQ(answer.value("type", ""), "reply") << answer.dump();
  // Caught up: served again.
  client.send(message("later", "u-later", "top 1 comedies"));
  auto later = client.receive();
  ASSERT_TRUE(later);
  EXPECT_EQ(later->value("type", ""), "reply") << later->dump();
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
      ASSERT_TRUE(a->stop());
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

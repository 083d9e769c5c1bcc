// `interec front` routing and input: sticky sessions that match one serve
// turn by turn, rendezvous hashing, ids of two clients, malformed input, no
// backend, CURVE (the processes: tests/bridge/front_fixture.h).
#include "bridge/front.h"
#include "bridge/front_routing.h"

#include <algorithm>

#include "bridge/curve_keys.h"
#include "tests/bridge/front_fixture.h"
#include "tests/bridge/malformed_inputs.h"

namespace interec::test {
namespace {

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

}  // namespace
}  // namespace interec::test

// CURVE: only listed client keys are admitted, each to its own channel.
#include <thread>

#include <zmq.h>

#include "bridge/curve_keys.h"
#include "tests/bridge/bridge_fixture.h"

namespace interec::test {
namespace {

using namespace std::chrono_literals;

CurveKeyPair new_pair() {
  char pub[41], sec[41];
  EXPECT_EQ(zmq_curve_keypair(pub, sec), 0);
  return {pub, sec};
}

class CurveTest : public BridgeTest {
 protected:
  void start_curve() {
    BridgeOptions options;
    options.curve = server_keys_;
    options.allowed_keys = {{slack_.public_key, "slack"}};
    start(options);
  }
  CurveKeyPair server_keys_ = new_pair();
  CurveKeyPair slack_ = new_pair();
};

TEST_F(CurveTest, ListedKeyIsServed) {
  start_curve();
  RawClient client(endpoint(), slack_, server_keys_.public_key);
  client.send(message("m", "u1", "top 2 comedies", "", "slack"));
  auto answer = client.receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["type"], "reply");
  EXPECT_EQ((*answer)["items"].size(), 2u);
}

TEST_F(CurveTest, UnknownKeyIsRefused) {
  start_curve();
  RawClient stranger(endpoint(), new_pair(), server_keys_.public_key);
  stranger.send({{"v", 1}, {"type", "ping"}, {"id", "p"}});
  for (int i = 0; i < 200 && server_->stats().auth_refused == 0; ++i)
    std::this_thread::sleep_for(25ms);
  EXPECT_GE(server_->stats().auth_refused, 1u);
  EXPECT_FALSE(stranger.receive(300ms)) << "a refused client got an answer";
}

TEST_F(CurveTest, PlainTextClientGetsNothing) {
  start_curve();
  RawClient plain(endpoint());
  plain.send({{"v", 1}, {"type", "ping"}, {"id", "p"}});
  EXPECT_FALSE(plain.receive(500ms));
}

TEST_F(CurveTest, ListedKeyCannotReachAnotherChannel) {
  start_curve();
  RawClient client(endpoint(), slack_, server_keys_.public_key);
  client.send({{"v", 1}, {"type", "profile_get"}, {"id", "x"}, {"channel", "web"}, {"user", "u1"}});
  auto answer = client.receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["code"], "forbidden");
  client.send({{"v", 1}, {"type", "ping"}, {"id", "p"}});
  auto pong = client.receive();
  ASSERT_TRUE(pong);
  EXPECT_EQ((*pong)["type"], "pong");
}

}  // namespace
}  // namespace interec::test

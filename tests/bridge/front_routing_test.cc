// Rendezvous hashing of the front's sticky sessions, without processes:
// spread, stability when a backend is lost, keys with and without a session.
#include "bridge/front_routing.h"

#include <gtest/gtest.h>

namespace interec::test {
namespace {

TEST(FrontRouting, LosingABackendMovesOnlyItsOwnKeys) {
  const std::vector<std::string> backends = {"tcp://10.0.0.1:5555", "tcp://10.0.0.2:5555",
                                             "tcp://10.0.0.3:5555"};
  constexpr int kKeys = 3000;
  std::vector<int> before(kKeys);
  int count[3] = {0, 0, 0};
  for (int k = 0; k < kKeys; ++k) {
    const std::string session = "s" + std::to_string(k % 7);
    before[k] = front_pick_backend(front_routing_key("web", "user" + std::to_string(k), &session),
                                   backends, {true, true, true});
    ASSERT_GE(before[k], 0);
    ++count[before[k]];
  }
  for (int c : count) {
    EXPECT_GT(c, kKeys / 4) << "rendezvous hashing spreads the keys";
    EXPECT_LT(c, kKeys * 5 / 12);
  }
  int moved_to[3] = {0, 0, 0};
  for (int k = 0; k < kKeys; ++k) {
    const std::string session = "s" + std::to_string(k % 7);
    const std::string key = front_routing_key("web", "user" + std::to_string(k), &session);
    const int after = front_pick_backend(key, backends, {true, false, true});
    if (before[k] != 1) EXPECT_EQ(after, before[k]) << "key " << k << " moved without cause";
    else ++moved_to[after];
  }
  EXPECT_GT(moved_to[0], 0);
  EXPECT_GT(moved_to[2], 0);
  EXPECT_EQ(front_pick_backend("k", backends, {false, false, false}), -1);
  // The session is part of the key; profile requests have none.
  const std::string empty;
  EXPECT_NE(front_routing_key("web", "u", &empty), front_routing_key("web", "u", nullptr));
}

}  // namespace
}  // namespace interec::test

// `interec eval simulate` in small: the held-out split hides every target
// from the agent, and a fixed-seed run of 30 simulated conversations through
// the real actors on ML-100K stays within the band documented in
// docs/evaluation.md.
#include "actors/eval_driver.h"

#include <algorithm>
#include <iostream>

#include <gtest/gtest.h>

#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

TEST(HoldOutLast, HidesEveryTargetFromHistoryAndModels) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  auto box = Toolbox::open(dir);
  const HeldOut held = hold_out_last(*box, 5);
  ASSERT_GT(held.cases.size(), 900u);  // ML-100K: every user has >= 20 ratings
  const Interactions& in = held.box->dataset->interactions;
  EXPECT_EQ(in.size(), box->dataset->interactions.size() - held.cases.size());
  for (const auto& c : held.cases) {
    auto u = in.find_user(c.user);
    ASSERT_TRUE(u.has_value());
    const auto items = in.items(*u);
    ASSERT_EQ(items.size(), c.history.size());
    EXPECT_TRUE(std::equal(items.begin(), items.end(), c.history.begin()));
    EXPECT_EQ(std::find(items.begin(), items.end(), c.target), items.end());
  }
  // Popularity is recounted without the held-out items.
  double before = 0, after = 0;
  for (float x : box->popularity.counts) before += x;
  for (float x : held.box->popularity.counts) after += x;
  EXPECT_EQ(before - after, static_cast<double>(held.cases.size()));
}

TEST(Simulate, FixedSeedRunOnMl100kStaysInItsBand) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  auto box = Toolbox::open(dir);
  const HeldOut held = hold_out_last(*box, 5);
  SimulateOptions o;
  o.sessions = 30;
  o.seed = 7;
  o.concurrency = 2;
  o.workers = 2;
  const SimulateReport r = run_simulation(held, o, nullptr);
  std::cerr << report_table(r);
  EXPECT_EQ(r.run("rules").agent.sessions, 30u);
  // The band of docs/evaluation.md ("Test band").
  EXPECT_GE(r.run("rules").agent.hit, 0.75);
  EXPECT_LE(r.run("rules").agent.at, 3.3);
  EXPECT_LE(r.run("rules").agent.failed_plans, 3u);
  // Conversation beats every baseline without it.
  EXPECT_GT(r.run("rules").agent.hit, r.one_shot.hit);
  EXPECT_GT(r.run("rules").agent.hit, r.popularity.hit);
  EXPECT_GT(r.run("rules").agent.hit, r.random.hit);
  EXPECT_LT(r.run("rules").agent.at, r.one_shot.at);
  EXPECT_GT(r.ndcg_model, r.ndcg_random);
}

}  // namespace
}  // namespace interec

// The offline-evaluation protocol: metrics against hand-computed cases, the
// leave-one-out split, and the sampled negatives.
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "tools/eval/evaluate.h"
#include "tools/eval/metrics.h"
#include "tools/eval/split.h"

namespace interec {
namespace {

TEST(Metrics, RankCountsTiesAgainstTheTarget) {
  const std::vector<float> scores = {0.1f, 0.9f, 0.5f, 0.5f, 0.7f};
  EXPECT_EQ(rank_of(1, {0, 1, 2, 3, 4}, scores), 0u);
  EXPECT_EQ(rank_of(4, {0, 1, 2, 3, 4}, scores), 1u);
  EXPECT_EQ(rank_of(2, {0, 1, 2, 3, 4}, scores), 3u);  // 1, 4 higher; 3 ties
  EXPECT_EQ(rank_of(2, {0, 2}, scores), 0u);
  EXPECT_EQ(rank_in_catalog(2, scores, {}), 3u);
  EXPECT_EQ(rank_in_catalog(2, scores, {false, true, false, false, true}), 1u);
}

TEST(Metrics, HitAndNdcgAtK) {
  EXPECT_EQ(hit_at(0, 10), 1.0);
  EXPECT_EQ(hit_at(9, 10), 1.0);
  EXPECT_EQ(hit_at(10, 10), 0.0);
  EXPECT_DOUBLE_EQ(ndcg_at(0, 10), 1.0);
  EXPECT_DOUBLE_EQ(ndcg_at(1, 10), 1.0 / std::log2(3.0));
  EXPECT_DOUBLE_EQ(ndcg_at(2, 10), 0.5);  // 1 / log2(4)
  EXPECT_DOUBLE_EQ(ndcg_at(9, 10), 1.0 / std::log2(11.0));
  EXPECT_EQ(ndcg_at(10, 10), 0.0);
}

TEST(Metrics, SampledNegativesAvoidTheUsersItems) {
  std::mt19937_64 rng(7);
  const std::vector<ItemIndex> own = {0, 3, 5, 8, 9, 40, 41, 42};
  for (int round = 0; round < 200; ++round) {
    const auto neg = sample_negatives(50, own, 30, rng);
    ASSERT_EQ(neg.size(), 30u);
    std::set<ItemIndex> distinct(neg.begin(), neg.end());
    EXPECT_EQ(distinct.size(), neg.size());
    for (ItemIndex i : neg) {
      EXPECT_GE(i, 0);
      EXPECT_LT(i, 50);
      EXPECT_EQ(std::count(own.begin(), own.end(), i), 0) << i;
    }
  }
  // Fewer free items than asked: all of them.
  const auto all = sample_negatives(10, own, 100, rng);
  EXPECT_EQ(all, (std::vector<ItemIndex>{1, 2, 4, 6, 7}));
}

Interactions toy() {
  // u1: 0 1 2 3 (test 3, valid 2), u2: 4 1 (too short), u3: 1 2 0
  std::vector<Interactions::Row> rows = {{"u1", 0, 1, 1}, {"u1", 1, 1, 2}, {"u1", 2, 1, 3}, {"u1", 3, 1, 4},
                                         {"u2", 4, 1, 1}, {"u2", 1, 1, 2}, {"u3", 1, 1, 5}, {"u3", 2, 1, 6},
                                         {"u3", 0, 1, 7}};
  return Interactions::build(std::move(rows));
}

TEST(LeaveOneOut, HoldsOutTheLastTwoItems) {
  const LeaveOneOut s = LeaveOneOut::split(toy());
  ASSERT_EQ(s.train.users(), 3u);
  ASSERT_EQ(s.cases.size(), 2u);
  EXPECT_EQ(s.train.user_id(s.cases[0].user), "u1");
  EXPECT_EQ(s.cases[0].valid, 2);
  EXPECT_EQ(s.cases[0].test, 3);
  EXPECT_EQ(s.train.items(s.cases[0].user).size(), 2u);
  EXPECT_EQ(s.train.items(1).size(), 2u);  // u2 kept whole for training
  EXPECT_EQ(s.cases[1].valid, 2);
  EXPECT_EQ(s.cases[1].test, 0);
}

// Scores item i as s[i] whatever the history.
struct Fixed final : Recommender {
  std::vector<float> s;
  void score(const std::vector<ItemIndex>&, std::vector<float>& out) const override { out = s; }
};

TEST(Evaluate, AveragesHandComputedRanks) {
  const LeaveOneOut s = LeaveOneOut::split(toy());
  Fixed m;
  m.s = {0.5f, 0.9f, 0.8f, 0.1f, 0.7f, 0.6f};  // 6 items
  EvalOptions o;
  o.negatives = 100;  // more than there are: every item the user never had
  o.threads = 2;
  const EvalResult test = evaluate(m, s, 6, o);
  EXPECT_EQ(test.users, 2u);
  // u1: input 0 1 2 skipped; test 3 (0.1) below 4 and 5: rank 2.
  // u3: input 1 2 skipped; test 0 (0.5) below 4, 5: rank 2.
  EXPECT_DOUBLE_EQ(test.hr, 1.0);
  EXPECT_DOUBLE_EQ(test.ndcg, 0.5);
  // Sampled: u1's negatives are 4 and 5 (rank 2); u3's are 3, 4, 5 (rank 2).
  EXPECT_DOUBLE_EQ(test.ndcg_sampled, 0.5);
  o.k = 2;
  const EvalResult at2 = evaluate(m, s, 6, o);
  EXPECT_DOUBLE_EQ(at2.hr, 0.0);
  o.k = 10;
  o.target = EvalOptions::Target::validation;
  const EvalResult valid = evaluate(m, s, 6, o);
  // u1: input 0 1; valid 2 (0.8) beats 3, 4, 5: rank 0. u3: input 1 (the
  // only higher score, skipped); valid 2 beats 0, 3, 4, 5: rank 0.
  EXPECT_DOUBLE_EQ(valid.ndcg, 1.0);
}

}  // namespace
}  // namespace interec

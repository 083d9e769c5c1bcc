// Training as prepare runs it at scale: mf and item-kNN on several threads
// give the model one thread gives; mf continued from a validation split's
// factors (train_mf_and_blend) ranks as well offline as one trained from
// scratch.
#include <cmath>
#include <iostream>

#include <gtest/gtest.h>

#include "tests/tools/tools_fixture.h"
#include "tools/eval/evaluate.h"
#include "tools/eval/split.h"
#include "tools/models/item_knn.h"
#include "tools/models/mf.h"
#include "tools/models/popularity_blend.h"

namespace interec {
namespace {

// A few hundred users over a few hundred items, some items never consumed
// (their factors must come out exactly zero).
Interactions synthetic(size_t users, size_t items) {
  std::vector<Interactions::Row> rows;
  uint64_t state = 7;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (size_t u = 0; u < users; ++u)
    for (size_t k = 0; k < 3 + next() % 20; ++k) {
      const auto item = static_cast<ItemIndex>((next() % items) * (next() % items) / items);  // skewed
      rows.push_back({"u" + std::to_string(u), item, 1.0f, static_cast<int64_t>(k)});
    }
  return Interactions::build(std::move(rows));
}

TEST(MfTraining, ThreadsDoNotChangeTheModel) {
  const Interactions data = synthetic(300, 500);
  MfOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.iterations = two.iterations = 4;
  const Mf::Factors a = Mf::train_factors(data, 600, one);
  const Mf::Factors b = Mf::train_factors(data, 600, two);
  // Each owner's solve depends only on the other side: bit for bit.
  EXPECT_EQ(a.users, b.users);
  EXPECT_EQ(a.items, b.items);
  EXPECT_EQ(a.items.row(599).squaredNorm(), 0.0f);  // beyond every interaction
  EXPECT_GT(a.items.row(0).squaredNorm(), 0.0f);
}

TEST(ItemKnnTraining, ThreadsDoNotChangeTheLists) {
  const Interactions data = synthetic(300, 500);
  ItemKnnOptions one, three;
  one.threads = 1;
  three.threads = 3;
  one.neighbours = three.neighbours = 20;
  const ItemKnn a = ItemKnn::train(data, 600, one);
  const ItemKnn b = ItemKnn::train(data, 600, three);
  ASSERT_EQ(a.items(), 600u);
  ASSERT_EQ(b.items(), 600u);
  size_t listed = 0;
  for (ItemIndex i = 0; i < 600; ++i) {
    const auto na = a.neighbours(i), nb = b.neighbours(i);
    const auto sa = a.similarities(i), sb = b.similarities(i);
    ASSERT_EQ(std::vector<ItemIndex>(na.begin(), na.end()), std::vector<ItemIndex>(nb.begin(), nb.end())) << i;
    ASSERT_EQ(std::vector<float>(sa.begin(), sa.end()), std::vector<float>(sb.begin(), sb.end())) << i;
    listed += na.size();
  }
  EXPECT_GT(listed, 1000u);  // the lists are not trivially empty
}

TEST(MfTraining, WarmStartContinuesFromTheGivenFactors) {
  const Interactions data = synthetic(200, 300);
  MfOptions o;
  o.iterations = 3;
  const Mf::Factors start = Mf::train_factors(data, 300, o);
  MfOptions none = o;
  none.iterations = 0;
  // No iteration: the start comes back untouched.
  const Mf::Factors same = Mf::train_factors(data, 300, none, {}, start);
  EXPECT_EQ(same.items, start.items);
  // Three more from the start are six in all: closer to the fixed point
  // than three, so one more iteration changes the factors less.
  const Mf::Factors six = Mf::train_factors(data, 300, o, {}, start);
  MfOptions one = o;
  one.iterations = 1;
  const double step3 = (Mf::train_factors(data, 300, one, {}, start).items - start.items).norm();
  const double step6 = (Mf::train_factors(data, 300, one, {}, six).items - six.items).norm();
  EXPECT_LT(step6, step3);
  Mf::Factors wrong = start;
  wrong.users.conservativeResize(wrong.users.rows() - 1, Eigen::NoChange);
  EXPECT_THROW(Mf::train_factors(data, 300, o, {}, wrong), std::invalid_argument);
}

TEST(MfTraining, ContinuedFromTheSplitRanksAsWellAsFromScratchOnMl100k) {
  INTEREC_REQUIRE_BOX(box);
  const size_t n = box->dataset->catalog->size();
  // The offline protocol (docs/evaluation.md) on the validation items: the
  // model prepare would train on split.train, cold and continued.
  const LeaveOneOut split = LeaveOneOut::split(box->dataset->interactions);
  EvalOptions eo;
  eo.target = EvalOptions::Target::validation;
  eo.threads = 2;
  const EvalResult cold = evaluate(Mf::train(split.train, n), split, n, eo);
  const MfAndBlend warm = train_mf_and_blend(split.train, n);
  const EvalResult continued = evaluate(warm.model, split, n, eo);
  std::cout << "[ mf ] ML-100K validation: from scratch NDCG@10 " << cold.ndcg << " HR@10 " << cold.hr
            << " sampled HR@10 " << cold.hr_sampled << "; continued NDCG@10 " << continued.ndcg << " HR@10 "
            << continued.hr << " sampled HR@10 " << continued.hr_sampled << "; blend weight " << warm.blend.weight
            << "\n";
  // Within sampling noise of the cold model (943 users: one user is 0.001
  // of HR@10), not systematically below it.
  EXPECT_GT(continued.ndcg, cold.ndcg - 0.005);
  EXPECT_GT(continued.hr, cold.hr - 0.01);
  EXPECT_GT(continued.hr_sampled, cold.hr_sampled - 0.01);
  EXPECT_LE(warm.blend.weight, 0.5);  // as calibrate_mf_blend chooses on MovieLens
}

}  // namespace
}  // namespace interec

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "tools/models/topk.h"

namespace interec {
namespace {

TEST(TopK, BestFirstTiesToTheLowerIndexSkipsMasked) {
  const std::vector<float> s = {0.2f, 0.9f, 0.5f, 0.9f, 0.1f, 0.7f};
  auto top = top_k(s.data(), s.size(), 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].index, 1);
  EXPECT_EQ(top[1].index, 3);
  EXPECT_EQ(top[2].index, 5);
  const bool skip[] = {false, true, false, false, false, false};
  top = top_k(s.data(), s.size(), 2, skip);
  EXPECT_EQ(top[0].index, 3);
  EXPECT_EQ(top[1].index, 5);
  EXPECT_EQ(top_k(s.data(), s.size(), 10).size(), s.size());
}

TEST(TopK, InnerProductSearchIsExact) {
  std::mt19937_64 rng(3);
  std::normal_distribution<float> g;
  const size_t n = 20000, dim = 16, nq = 5, k = 10;
  std::vector<float> items(n * dim), queries(nq * dim);
  for (float& x : items) x = g(rng);
  for (float& x : queries) x = g(rng);
  for (size_t threads : {1, 2, 3}) {
    std::vector<int32_t> ids(nq * k);
    std::vector<float> scores(nq * k);
    top_k_inner_product(items.data(), n, dim, queries.data(), nq, k, ids.data(), scores.data(), threads);
    for (size_t q = 0; q < nq; ++q) {
      std::vector<float> all(n);
      for (size_t i = 0; i < n; ++i) {
        double dot = 0;
        for (size_t c = 0; c < dim; ++c) dot += items[i * dim + c] * queries[q * dim + c];
        all[i] = static_cast<float>(dot);
      }
      const auto expect = top_k(all.data(), n, k);
      for (size_t r = 0; r < k; ++r) {
        // The same items, up to float rounding between near-equal scores.
        const int32_t id = ids[q * k + r];
        ASSERT_GE(id, 0);
        EXPECT_NEAR(all[id], expect[r].score, 1e-4) << "query " << q << " rank " << r << " threads " << threads;
        EXPECT_NEAR(scores[q * k + r], expect[r].score, 1e-4);
      }
    }
  }
  // Fewer items than k: the rest is padding.
  std::vector<int32_t> ids(4);
  std::vector<float> scores(4);
  top_k_inner_product(items.data(), 3, dim, queries.data(), 1, 4, ids.data(), scores.data());
  EXPECT_EQ(ids[3], -1);
}

}  // namespace
}  // namespace interec

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tools/models/quantized_table.h"

namespace interec {
namespace {

// The float top-k by a double-precision dot product: what "exact" means.
std::vector<Scored> reference(const std::vector<float>& table, size_t dim, const std::vector<float>& query, size_t k) {
  const size_t n = table.size() / dim;
  std::vector<float> all(n);
  for (size_t i = 0; i < n; ++i) {
    double dot = 0;
    for (size_t c = 0; c < dim; ++c) dot += static_cast<double>(table[i * dim + c]) * query[c];
    all[i] = static_cast<float>(dot);
  }
  return top_k(all.data(), n, k);
}

// Rows of very different norms (as popular and rare items' factors are) and
// a dimension that is not a multiple of the vector width.
std::vector<float> random_table(std::mt19937_64& rng, size_t n, size_t dim) {
  std::normal_distribution<float> g;
  std::lognormal_distribution<float> norm(0.0f, 1.0f);
  std::vector<float> table(n * dim);
  for (size_t i = 0; i < n; ++i) {
    const float s = norm(rng);
    for (size_t c = 0; c < dim; ++c) table[i * dim + c] = s * g(rng);
  }
  return table;
}

TEST(QuantizedTable, TopKIsTheExactTopKAndRescoresFewRows) {
  std::mt19937_64 rng(7);
  std::normal_distribution<float> g;
  for (size_t dim : {64, 37}) {
    const size_t n = 30000;
    const std::vector<float> table = random_table(rng, n, dim);
    const QuantizedTable quantized(table.data(), n, dim);
    ASSERT_EQ(quantized.rows(), n);
    for (int q = 0; q < 6; ++q) {
      std::vector<float> query(dim);
      for (float& x : query) x = g(rng) * (q % 2 ? 1e-3f : 10.0f);  // the bound scales with the query
      for (size_t k : {1, 10, 500}) {
        for (size_t threads : {1, 2}) {
          const auto got = quantized.top_k(table.data(), query.data(), k, threads);
          const auto want = reference(table, dim, query, k);
          ASSERT_EQ(got.size(), k);
          for (size_t r = 0; r < k; ++r) {
            // The same items, up to float rounding between near-equal scores.
            const float tol = 1e-4f * std::max(1.0f, std::fabs(want[r].score));
            EXPECT_NEAR(got[r].score, want[r].score, tol) << "dim " << dim << " query " << q << " rank " << r;
          }
          // Far fewer rows than the table are scored again in float.
          EXPECT_LT(quantized.last_rescored(), n / 4) << "dim " << dim << " k " << k;
          EXPECT_GE(quantized.last_rescored(), k);
        }
      }
    }
  }
}

// Rows whose scores rise with their index (as a catalog whose later items
// are scored higher, scanned in index order): every row raises the floor,
// the case the scan's buffer of lower bounds is for, with k in the thousands
// as rank asks on a large catalog.
TEST(QuantizedTable, RisingScoresAndALargeKStayExact) {
  std::mt19937_64 rng(5);
  std::normal_distribution<float> g;
  const size_t n = 40000, dim = 64;
  std::vector<float> table = random_table(rng, n, dim);
  std::vector<float> query(dim);
  for (float& x : query) x = g(rng);
  for (size_t i = 0; i < n; ++i)  // a growing component along the query
    for (size_t c = 0; c < dim; ++c) table[i * dim + c] += 1e-4f * static_cast<float>(i) * query[c];
  const QuantizedTable quantized(table.data(), n, dim);
  std::vector<int32_t> every(n);
  for (size_t i = 0; i < n; ++i) every[i] = static_cast<int32_t>(i);
  for (size_t k : {1, 7, 1100, 5000})
    for (size_t threads : {1, 2}) {
      const auto want = reference(table, dim, query, k);
      for (const auto& got : {quantized.top_k(table.data(), query.data(), k, threads),
                              quantized.top_k_among(table.data(), query.data(), every, k, threads)}) {
        ASSERT_EQ(got.size(), k);
        for (size_t r = 0; r < k; ++r)
          ASSERT_NEAR(got[r].score, want[r].score, 1e-4f * std::max(1.0f, std::fabs(want[r].score)))
              << "k " << k << " threads " << threads << " rank " << r;
      }
    }
}

TEST(QuantizedTable, TopKAmongRowsIsTheExactTopKOfThoseRows) {
  std::mt19937_64 rng(11);
  std::normal_distribution<float> g;
  const size_t n = 20000, dim = 64;
  const std::vector<float> table = random_table(rng, n, dim);
  const QuantizedTable quantized(table.data(), n, dim);
  std::vector<int32_t> rows;
  std::vector<float> subset;
  for (size_t i = 0; i < n; ++i)
    if (rng() % 3 == 0) {  // a third of the rows, as a filter leaves them
      rows.push_back(static_cast<int32_t>(i));
      subset.insert(subset.end(), table.begin() + static_cast<long>(i * dim), table.begin() + static_cast<long>((i + 1) * dim));
    }
  std::vector<float> query(dim);
  for (float& x : query) x = g(rng);
  const size_t k = 100;
  const auto got = quantized.top_k_among(table.data(), query.data(), rows, k);
  const auto want = reference(subset, dim, query, k);
  ASSERT_EQ(got.size(), k);
  for (size_t r = 0; r < k; ++r) {
    EXPECT_NEAR(got[r].score, want[r].score, 1e-4f * std::max(1.0f, std::fabs(want[r].score))) << "rank " << r;
    EXPECT_TRUE(std::binary_search(rows.begin(), rows.end(), got[r].index));
  }
  EXPECT_LT(quantized.last_rescored(), rows.size() / 4);
  EXPECT_THROW(quantized.top_k_among(table.data(), query.data(), {static_cast<int32_t>(n)}, 1), std::out_of_range);
  // A zero query among rows: the lowest of them.
  const std::vector<float> zero(dim, 0.0f);
  const auto tied = quantized.top_k_among(table.data(), zero.data(), {9, 4, 7}, 2);
  ASSERT_EQ(tied.size(), 2u);
  EXPECT_EQ(tied[0].index, 4);
  EXPECT_EQ(tied[1].index, 7);
}

TEST(QuantizedTable, EdgeCases) {
  std::mt19937_64 rng(9);
  const size_t dim = 16;
  const std::vector<float> table = random_table(rng, 5, dim);
  const QuantizedTable quantized(table.data(), 5, dim);
  std::vector<float> query(dim, 0.5f);
  // More wanted than there are rows: every row, best first.
  const auto all = quantized.top_k(table.data(), query.data(), 9);
  ASSERT_EQ(all.size(), 5u);
  const auto want = reference(table, dim, query, 5);
  for (size_t r = 0; r < 5; ++r) EXPECT_EQ(all[r].index, want[r].index);
  EXPECT_TRUE(quantized.top_k(table.data(), query.data(), 0).empty());
  // A zero query ties every row: the lowest indices, score 0.
  const std::vector<float> zero(dim, 0.0f);
  const auto tied = quantized.top_k(table.data(), zero.data(), 2);
  ASSERT_EQ(tied.size(), 2u);
  EXPECT_EQ(tied[0].index, 0);
  EXPECT_EQ(tied[1].index, 1);
  EXPECT_EQ(tied[0].score, 0.0f);
  // A zero row and an empty table.
  std::vector<float> with_zero = table;
  std::fill(with_zero.begin(), with_zero.begin() + dim, 0.0f);
  const QuantizedTable z(with_zero.data(), 5, dim);
  const auto top = z.top_k(with_zero.data(), query.data(), 5);
  const auto expect = reference(with_zero, dim, query, 5);
  for (size_t r = 0; r < 5; ++r) EXPECT_EQ(top[r].index, expect[r].index);
  EXPECT_TRUE(QuantizedTable().empty());
  EXPECT_TRUE(QuantizedTable().top_k(nullptr, query.data(), 3).empty());
}

}  // namespace
}  // namespace interec

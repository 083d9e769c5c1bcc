// Exact top-k selection: over one score vector, and maximum inner product
// search of query vectors against a row-major table of item vectors (what a
// model does to score the catalog).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace interec {

struct Scored {
  float score;
  int32_t index;
};

/// The k highest of scores[0..n), best first; ties go to the lower index.
/// Indices with skip[i] true are left out (skip may be null).
std::vector<Scored> top_k(const float* scores, size_t n, size_t k, const bool* skip = nullptr);

/// For each of the nq queries (row-major nq x dim), the k items of `items`
/// (row-major n x dim) with the highest inner product, best first (ties: lower
/// index). Writes nq x k ids and scores (id -1, score -inf when n < k).
/// Splits the items over `threads` threads (0 = hardware concurrency); exact.
void top_k_inner_product(const float* items, size_t n, size_t dim, const float* queries, size_t nq,
                         size_t k, int32_t* out_ids, float* out_scores, size_t threads = 0);

}  // namespace interec

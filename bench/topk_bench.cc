// Exact top-10 maximum inner product search over 1M random 64-d vectors:
// interec's top_k_inner_product (tools/models/topk.h) against FAISS
// IndexFlatIP, in one run, for single queries and batches of 64.
//
//   build/bench/topk_bench [--items 1000000] [--dim 64] [--queries 64] [--reps 5] [--threads 0]
//
// Built only when CMake finds FAISS (Debian libfaiss-dev); the project never
// needs it otherwise. Both sides use every core unless --threads says.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include <faiss/IndexFlat.h>

#include "config/cli_args.h"
#include "tools/models/topk.h"

using namespace interec;
using Clock = std::chrono::steady_clock;

namespace {

template <class Fn>
double best_ms(size_t reps, Fn&& fn) {
  double best = 1e300;
  for (size_t r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"items", "dim", "queries", "reps", "threads"}, {});
  const size_t n = static_cast<size_t>(args.get_int("items", 1000000, 1, 100000000));
  const size_t dim = static_cast<size_t>(args.get_int("dim", 64, 1, 4096));
  const size_t batch = static_cast<size_t>(args.get_int("queries", 64, 1, 100000));
  const size_t reps = static_cast<size_t>(args.get_int("reps", 5, 1, 1000));
  size_t threads = static_cast<size_t>(args.get_int("threads", 0, 0, 256));
  if (threads == 0) threads = static_cast<size_t>(omp_get_max_threads());
  omp_set_num_threads(static_cast<int>(threads));
  const size_t k = 10;

  std::mt19937_64 rng(1);
  std::normal_distribution<float> g;
  std::vector<float> items(n * dim), queries(batch * dim);
  for (float& x : items) x = g(rng);
  for (float& x : queries) x = g(rng);
  faiss::IndexFlatIP index(static_cast<faiss::Index::idx_t>(dim));
  index.add(static_cast<faiss::Index::idx_t>(n), items.data());

  std::vector<int32_t> ours_ids(batch * k);
  std::vector<float> ours_scores(batch * k);
  std::vector<faiss::Index::idx_t> faiss_ids(batch * k);
  std::vector<float> faiss_scores(batch * k);
  std::printf("exact top-%zu inner product, %zu x %zu-d float vectors, %zu threads, best of %zu\n", k, n, dim,
              threads, reps);
  std::printf("%-10s %12s %12s %14s\n", "queries", "interec ms", "faiss ms", "interec/faiss");
  for (size_t nq : {size_t{1}, batch}) {
    // Single queries: one call per query, averaged over the batch's queries.
    const size_t calls = nq == 1 ? std::min<size_t>(batch, 16) : 1;
    const double ours = best_ms(reps, [&] {
      for (size_t c = 0; c < calls; ++c)
        top_k_inner_product(items.data(), n, dim, queries.data() + c * nq * dim, nq, k, ours_ids.data() + c * nq * k,
                            ours_scores.data() + c * nq * k, threads);
    }) / static_cast<double>(calls);
    const double theirs = best_ms(reps, [&] {
      for (size_t c = 0; c < calls; ++c)
        index.search(static_cast<faiss::Index::idx_t>(nq), queries.data() + c * nq * dim, static_cast<faiss::Index::idx_t>(k),
                     faiss_scores.data() + c * nq * k, faiss_ids.data() + c * nq * k);
    }) / static_cast<double>(calls);
    size_t same = 0;
    for (size_t q = 0; q < calls * nq * k; ++q) same += ours_ids[q] == faiss_ids[q];
    std::printf("%-10zu %12.2f %12.2f %14.2f   (%zu/%zu ids agree)\n", nq, ours, theirs, ours / theirs, same,
                calls * nq * k);
  }
  return 0;
}

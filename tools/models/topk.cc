#include "tools/models/topk.h"

#include <algorithm>
#include <limits>

#include <Eigen/Core>

#include "tools/models/parallel.h"

namespace interec {
namespace {

using MatR = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// "a ranks before b": higher score, then lower index.
inline bool better_scored(const Scored& a, const Scored& b) {
  return a.score != b.score ? a.score > b.score : a.index < b.index;
}

// A bounded min-heap of the k best seen so far. `floor` is the score an item
// must beat to enter once the heap is full: a single compare per item in the
// common case, which keeps selection far cheaper than the products.
class Heap {
 public:
  explicit Heap(size_t k) : k_(k) { h_.reserve(k); }
  float floor() const { return h_.size() < k_ ? -std::numeric_limits<float>::infinity() : h_.front().score; }
  void push(float s, int32_t i) {
    const Scored x{s, i};
    if (h_.size() < k_) {
      h_.push_back(x);
      std::push_heap(h_.begin(), h_.end(), better_scored);
    } else if (better_scored(x, h_.front())) {
      std::pop_heap(h_.begin(), h_.end(), better_scored);
      h_.back() = x;
      std::push_heap(h_.begin(), h_.end(), better_scored);
    }
  }
  std::vector<Scored>& items() { return h_; }

 private:
  size_t k_;
  std::vector<Scored> h_;
};

// Items per block: the block's score matrix (queries x block) stays in L2.
constexpr size_t kTopkBlock = 1024;

void scan_range(const float* items, size_t begin, size_t end, size_t dim, const float* queries,
                size_t nq, std::vector<Heap>& heaps) {
  Eigen::Map<const MatR> Q(queries, static_cast<Eigen::Index>(nq), static_cast<Eigen::Index>(dim));
  MatR S;
  for (size_t b = begin; b < end; b += kTopkBlock) {
    const size_t m = std::min(kTopkBlock, end - b);
    Eigen::Map<const MatR> X(items + b * dim, static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(dim));
    S.noalias() = Q * X.transpose();
    for (size_t q = 0; q < nq; ++q) {
      Heap& heap = heaps[q];
      const float* row = S.data() + q * m;
      float floor = heap.floor();
      for (size_t j = 0; j < m; ++j) {
        if (row[j] >= floor) {
          heap.push(row[j], static_cast<int32_t>(b + j));
          floor = heap.floor();
        }
      }
    }
  }
}

}  // namespace

std::vector<Scored> top_k(const float* scores, size_t n, size_t k, const bool* skip) {
  Heap heap(k);
  if (k == 0) return {};
  float floor = heap.floor();
  for (size_t i = 0; i < n; ++i) {
    if (scores[i] < floor || (skip && skip[i])) continue;
    heap.push(scores[i], static_cast<int32_t>(i));
    floor = heap.floor();
  }
  std::vector<Scored> out = std::move(heap.items());
  std::sort(out.begin(), out.end(), better_scored);
  return out;
}

void top_k_inner_product(const float* items, size_t n, size_t dim, const float* queries, size_t nq,
                         size_t k, int32_t* out_ids, float* out_scores, size_t threads) {
  if (nq == 0 || k == 0) return;
  // Below a few blocks per thread the threads cost more than they save.
  threads = std::max<size_t>(1, std::min(thread_count(threads), n / (4 * kTopkBlock)));
  std::vector<std::vector<Heap>> parts(threads, std::vector<Heap>(nq, Heap(k)));
  parallel_for(n, threads, [&](size_t begin, size_t end, size_t t) {
    scan_range(items, begin, end, dim, queries, nq, parts[t]);
  });
  std::vector<Scored> merged;
  for (size_t q = 0; q < nq; ++q) {
    merged.clear();
    for (auto& part : parts) merged.insert(merged.end(), part[q].items().begin(), part[q].items().end());
    const size_t keep = std::min(k, merged.size());
    std::partial_sort(merged.begin(), merged.begin() + keep, merged.end(), better_scored);
    for (size_t r = 0; r < k; ++r) {
      out_ids[q * k + r] = r < keep ? merged[r].index : -1;
      out_scores[q * k + r] = r < keep ? merged[r].score : -std::numeric_limits<float>::infinity();
    }
  }
}

}  // namespace interec

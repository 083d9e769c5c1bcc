// Exact maximum inner product search over a large row-major float table,
// reading a quarter of its bytes: every row is also kept as 8-bit codes with
// one scale, the query as 16-bit codes. A scan of the codes gives each row an
// approximate score and a proven bound on its error; only rows whose upper
// bound reaches the k-th best lower bound are scored again in float. So the
// answer is the float table's exact top-k (up to float rounding between
// near-equal scores), while the scan reads 1 byte per value, not 4: a turn
// over 10^6 items x 64 factors is bound by memory bandwidth, and 256 MB per
// query was most of its time (docs/scale-turns.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "tools/models/topk.h"

namespace interec {

/// From this many rows a table is worth its codes, and a model keeps them in
/// its file (mf's factors; the text model's vectors, scanned on a bus where
/// the catalog has its neighbour index, VectorIndexOptions::min_items, the
/// same size): below it the floats are small enough to scan, and codes built
/// at load would cost a start more than they save.
inline constexpr size_t kQuantizedFrom = size_t{1} << 16;

class QuantizedTable {
 public:
  QuantizedTable() = default;
  /// Codes of `rows` x `dim` floats (row-major). The floats are not kept:
  /// top_k() is given them again (so a model holding both can be moved or
  /// copied freely).
  QuantizedTable(const float* table, size_t rows, size_t dim);
  /// Over codes and scales written before (codes() and scales() of a table
  /// built as above, e.g. mapped from a model file): `keep` owns them.
  QuantizedTable(const int8_t* codes, const float* scales, size_t rows, size_t dim, std::shared_ptr<const void> keep);

  size_t rows() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  /// Whether the codes were given (the second constructor: e.g. mapped from
  /// a model file) rather than built here from floats.
  bool mapped() const { return mapped_; }
  /// rows x dim codes, and one scale per row.
  const int8_t* codes() const { return codes_; }
  const float* scales() const { return scale_; }

  /// The k rows of `table` (the floats this was built from, unchanged) with
  /// the highest inner product with `query` (dim floats), best first (ties:
  /// lower index), with their float scores. Splits the scan over `threads`
  /// (0 = one per core from 131,072 rows scanned, one below).
  std::vector<Scored> top_k(const float* table, const float* query, size_t k, size_t threads = 0) const;
  /// The same among `rows` only (distinct row indices; std::out_of_range for
  /// one outside the table): the scan reads only their codes.
  std::vector<Scored> top_k_among(const float* table, const float* query, const std::vector<int32_t>& rows,
                                  size_t k, size_t threads = 0) const;

  /// The same among the rows whose bit is set in `members` (bit r % 64 of
  /// members[r / 64]; rows past its end are not among them): the scan reads
  /// every row's codes in order and skips the others, which for most of the
  /// table is cheaper than reading its rows one by one from a list.
  std::vector<Scored> top_k_in(const float* table, const float* query, const std::vector<uint64_t>& members, size_t k,
                               size_t threads = 0) const;

  /// How many rows the last top_k() scored again in float (for the
  /// benchmark and the tests; not synchronised, read it from one thread).
  size_t last_rescored() const { return last_rescored_; }

 private:
  struct Part;
  /// Which rows a search is among: `among` (a list), else those `members`
  /// marks (a bit set of `member_words` words), else all.
  struct Among {
    const int32_t* list = nullptr;
    const uint64_t* members = nullptr;
    size_t member_words = 0;
    bool has(size_t row) const { return !members || (row / 64 < member_words && (members[row / 64] >> (row % 64) & 1)); }
  };
  /// `count` = the length of among.list, else rows_; `size` = how many rows
  /// the search is among.
  std::vector<Scored> top_k_of(const float* table, const float* query, const Among& among, size_t count, size_t size,
                               size_t k, size_t threads) const;
  /// Positions [begin, end) of among.list (else rows begin..end).
  void scan(const int16_t* codes, float query_scale, float slack_per_scale, const Among& among, size_t begin,
            size_t end, size_t k, Part& part) const;

  size_t rows_ = 0, dim_ = 0;
  std::shared_ptr<const void> keep_;  // owns what codes_ and scale_ point at (shared by copies)
  const int8_t* codes_ = nullptr;     // rows x dim
  const float* scale_ = nullptr;      // row r = scale_[r] * codes of r, up to scale_[r] / 2 per value
  bool mapped_ = false;
  mutable size_t last_rescored_ = 0;
};

}  // namespace interec

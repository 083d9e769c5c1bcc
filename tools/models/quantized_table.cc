#include "tools/models/quantized_table.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/Core>

#include "tools/models/parallel.h"

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace interec {
namespace {

constexpr float kCodeMax = 127.0f;     // row codes: int8
constexpr float kQueryMax = 32767.0f;  // query codes: int16; 127 * 32767 * dim fits int32 for dim < 516
constexpr size_t kScoreBlock = 256;         // rows whose integer scores are computed before they are read
constexpr size_t kPrefetchRows = 16;        // rows of a bus asked for ahead of their scoring
constexpr size_t kOneThreadRows = size_t{1} << 17;  // see top_k_of
constexpr size_t kSampleStride = 8;         // the scan's first round: every 8th block (see scan)

inline bool better_quantized(const Scored& a, const Scored& b) {
  return a.score != b.score ? a.score > b.score : a.index < b.index;
}

// sum_j row[j] * query[j] over `dim` codes: one row (of a list of rows
// scattered over the table: inlined where they are read).
inline int32_t dot_row(const int8_t* row, size_t dim, const int16_t* query) {
  size_t j = 0;
  int32_t sum = 0;
#ifdef __AVX2__
  __m256i acc = _mm256_setzero_si256();
  for (; j + 16 <= dim; j += 16) {
    const __m256i a = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + j)));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(query + j));
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(a, b));
  }
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  sum = _mm_cvtsi128_si32(s);
#endif
  for (; j < dim; ++j) sum += static_cast<int32_t>(row[j]) * static_cast<int32_t>(query[j]);
  return sum;
}

// out[r] := sum_j rows[r][j] * query[j] for `n` contiguous rows of `dim` codes. Eight
// rows at a time where the dimension allows: their eight sums reduced
// together (three rounds of horizontal adds), not one row at a time.
void dot_codes(const int8_t* rows, size_t n, size_t dim, const int16_t* query, int32_t* out) {
  size_t r = 0;
#ifdef __AVX2__
  if (dim % 16 == 0) {
    for (; r + 8 <= n; r += 8) {
      __m256i acc[8];
      for (auto& a : acc) a = _mm256_setzero_si256();
      for (size_t j = 0; j < dim; j += 16) {
        const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(query + j));
        for (size_t i = 0; i < 8; ++i) {
          const __m256i a =
              _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows + (r + i) * dim + j)));
          acc[i] = _mm256_add_epi32(acc[i], _mm256_madd_epi16(a, q));
        }
      }
      // Per 128-bit lane: row i's partial sums -> one sum per row, rows
      // 0-3 in u0 and 4-7 in u1, each lane holding half of every row.
      const __m256i u0 = _mm256_hadd_epi32(_mm256_hadd_epi32(acc[0], acc[1]), _mm256_hadd_epi32(acc[2], acc[3]));
      const __m256i u1 = _mm256_hadd_epi32(_mm256_hadd_epi32(acc[4], acc[5]), _mm256_hadd_epi32(acc[6], acc[7]));
      const __m256i sums =
          _mm256_add_epi32(_mm256_permute2x128_si256(u0, u1, 0x20), _mm256_permute2x128_si256(u0, u1, 0x31));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + r), sums);
    }
  }
#endif
  for (; r < n; ++r) out[r] = dot_row(rows + r * dim, dim, query);
}

}  // namespace

// What one thread's share of the scan keeps: at least its k best lower
// bounds, and every row whose upper bound reached the floor (the k-th best
// lower bound known) when it was read. A scan of contiguous rows keeps them
// in a buffer cut back to the k best whenever it doubles: a heap cost as
// much as the scan itself there when the rows came in rising order of score
// (a catalog whose later items score higher), a push per row. A list of
// rows keeps a heap of k, as before: there the buffer measured slower
// (text neighbours on a genre bus, k = 101: its floor rises later).
struct QuantizedTable::Part {
  std::vector<float> lower;
  std::vector<int32_t> candidates;
  std::vector<float> upper;
  float floor = -std::numeric_limits<float>::infinity();
  size_t kept_at_drop = 0;

  /// Keeps the k best of `lower` and raises the floor to the k-th of them;
  /// drops the candidates below it once they outnumber 4k and twice what
  /// the last drop kept (so that many candidates that stay, as a wide
  /// bound leaves them, are not walked again at every cut).
  void cut(size_t k) {
    std::nth_element(lower.begin(), lower.begin() + static_cast<std::ptrdiff_t>(k - 1), lower.end(),
                     std::greater<float>());
    lower.resize(k);
    floor = lower[k - 1];
    if (candidates.size() <= std::max(4 * k, 2 * kept_at_drop)) return;
    size_t kept = 0;
    for (size_t c = 0; c < candidates.size(); ++c)
      if (upper[c] >= floor) {
        candidates[kept] = candidates[c];
        upper[kept++] = upper[c];
      }
    kept_at_drop = kept;
    candidates.resize(kept);
    upper.resize(kept);
  }
};

QuantizedTable::QuantizedTable(const float* table, size_t rows, size_t dim) : rows_(rows), dim_(dim) {
  struct Owned {
    std::vector<int8_t> codes;
    std::vector<float> scale;
  };
  auto owned = std::make_shared<Owned>();
  owned->codes.resize(rows * dim);
  owned->scale.resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    const float* row = table + r * dim;
    float m = 0;
    for (size_t j = 0; j < dim; ++j) m = std::max(m, std::fabs(row[j]));
    const float s = m > 0 ? m / kCodeMax : 0.0f;
    owned->scale[r] = s;
    for (size_t j = 0; j < dim; ++j)
      owned->codes[r * dim + j] =
          s > 0 ? static_cast<int8_t>(std::lround(std::clamp(row[j] / s, -kCodeMax, kCodeMax))) : 0;
  }
  codes_ = owned->codes.data();
  scale_ = owned->scale.data();
  keep_ = std::move(owned);
}

QuantizedTable::QuantizedTable(const int8_t* codes, const float* scales, size_t rows, size_t dim,
                               std::shared_ptr<const void> keep)
    : rows_(rows), dim_(dim), keep_(std::move(keep)), codes_(codes), scale_(scales), mapped_(true) {}

// With row = s q + e (|e_j| <= s/2) and query = t p + f (|f_j| <= t/2):
// row . query = s t (q . p) + s (q . f) + e . query, so the error of
// s t (q . p) is at most s (t 127 dim / 2 + |query|_1 / 2); `slack_per_scale`
// is that bracket plus room for float rounding, to be multiplied by s.
void QuantizedTable::scan(const int16_t* codes, float query_scale, float slack_per_scale, const Among& among_rows,
                          size_t begin, size_t end, size_t k, Part& part) const {
  const int32_t* among = among_rows.list;
  int32_t sums[kScoreBlock];
  const size_t cut_at = std::max<size_t>(2 * k, k + kScoreBlock);
  auto block = [&](size_t b) {
    const size_t m = std::min(kScoreBlock, end - b);
    if (among) {
      for (size_t r = 0; r < m; ++r) {
        // Rows of a bus are scattered over the table: each is a cache (and
        // often a TLB) miss, so the rows kPrefetchRows ahead are asked for
        // while this one is scored, not one at a time.
        if (b + r + kPrefetchRows < end) {
          const auto ahead = static_cast<size_t>(among[b + r + kPrefetchRows]);
          __builtin_prefetch(codes_ + ahead * dim_);
          __builtin_prefetch(codes_ + ahead * dim_ + dim_ - 1);  // a row may straddle two lines
          __builtin_prefetch(scale_ + ahead);
        }
        sums[r] = dot_row(codes_ + static_cast<size_t>(among[b + r]) * dim_, dim_, codes);
      }
    } else {
      dot_codes(codes_ + b * dim_, m, dim_, codes, sums);
    }
    auto consider = [&](size_t r) {
      const int32_t row = among ? among[b + r] : static_cast<int32_t>(b + r);
      if (!among_rows.has(static_cast<size_t>(row))) return;
      const float s = scale_[row];
      const float approx = s * query_scale * static_cast<float>(sums[r]);
      const float slack = s * slack_per_scale;
      const float up = approx + slack;
      if (up < part.floor) return;
      part.candidates.push_back(row);
      part.upper.push_back(up);
      const float low = approx - slack;
      if (!among) {
        if (low > part.floor) part.lower.push_back(low);
      } else if (part.lower.size() < k) {
        part.lower.push_back(low);
        std::push_heap(part.lower.begin(), part.lower.end(), std::greater<float>());
        if (part.lower.size() == k) part.floor = part.lower.front();
      } else if (low > part.lower.front()) {
        std::pop_heap(part.lower.begin(), part.lower.end(), std::greater<float>());
        part.lower.back() = low;
        std::push_heap(part.lower.begin(), part.lower.end(), std::greater<float>());
        part.floor = part.lower.front();
      }
    };
    size_t r = 0;
#ifdef __AVX2__
    if (!among) {
      // Contiguous rows: the upper bounds of 8 at a time against the floor,
      // only those that may reach it looked at one by one. The bound here
      // is loosened by a millionth of its terms (the scalar one may round
      // differently: a fused multiply-add), so no row the scalar test keeps
      // is skipped.
      const __m256 qs = _mm256_set1_ps(query_scale), sps = _mm256_set1_ps(slack_per_scale);
      const __m256 eps = _mm256_set1_ps(1e-6f), sign = _mm256_set1_ps(-0.0f);
      for (; r + 8 <= m; r += 8) {
        const __m256 sc = _mm256_loadu_ps(scale_ + b + r);
        const __m256 sum = _mm256_cvtepi32_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sums + r)));
        const __m256 approx = _mm256_mul_ps(_mm256_mul_ps(sc, qs), sum), slack = _mm256_mul_ps(sc, sps);
        const __m256 size = _mm256_add_ps(_mm256_andnot_ps(sign, approx), _mm256_andnot_ps(sign, slack));
        const __m256 loose = _mm256_add_ps(_mm256_add_ps(approx, slack), _mm256_mul_ps(size, eps));
        // Not below the floor (a NaN is kept, as the scalar test keeps it).
        auto pass = static_cast<unsigned>(
            _mm256_movemask_ps(_mm256_cmp_ps(loose, _mm256_set1_ps(part.floor), _CMP_NLT_UQ)));
        for (; pass; pass &= pass - 1) consider(r + static_cast<size_t>(__builtin_ctz(pass)));
      }
    }
#endif
    for (; r < m; ++r) consider(r);
    if (!among && part.lower.size() >= cut_at) part.cut(k);
  };
  // The blocks in two rounds: every kSampleStride-th first, spread over the
  // whole range, then the others. The first round's best lower bounds raise
  // the floor wherever the best rows lie, so the second tests most rows
  // against a high floor and keeps few (in index order, rows whose scores
  // rise with the index each passed the floor and were kept). The order
  // changes nothing else: the floor is always a k-th best lower bound.
  const size_t blocks = (end - begin + kScoreBlock - 1) / kScoreBlock;
  if (among) {  // a list: in its order (its rows' prefetch runs ahead across blocks)
    for (size_t i = 0; i < blocks; ++i) block(begin + i * kScoreBlock);
    return;
  }
  for (size_t i = 0; i < blocks; i += kSampleStride) block(begin + i * kScoreBlock);
  if (part.lower.size() >= k) part.cut(k);
  for (size_t i = 0; i < blocks; ++i)
    if (i % kSampleStride) block(begin + i * kScoreBlock);
}

std::vector<Scored> QuantizedTable::top_k(const float* table, const float* query, size_t k, size_t threads) const {
  return top_k_of(table, query, Among{}, rows_, rows_, k, threads);
}

std::vector<Scored> QuantizedTable::top_k_among(const float* table, const float* query,
                                                const std::vector<int32_t>& rows, size_t k, size_t threads) const {
  for (int32_t r : rows)
    if (r < 0 || static_cast<size_t>(r) >= rows_)
      throw std::out_of_range("QuantizedTable::top_k_among: row " + std::to_string(r) + " of " + std::to_string(rows_));
  return top_k_of(table, query, Among{rows.data()}, rows.size(), rows.size(), k, threads);
}

std::vector<Scored> QuantizedTable::top_k_in(const float* table, const float* query,
                                             const std::vector<uint64_t>& members, size_t k, size_t threads) const {
  const Among among{nullptr, members.data(), std::min(members.size(), (rows_ + 63) / 64)};
  size_t size = 0;
  for (size_t w = 0; w < among.member_words; ++w) {
    uint64_t bits = members[w];
    if (w == (rows_ - 1) / 64 && rows_ % 64) bits &= (uint64_t{1} << (rows_ % 64)) - 1;  // no row at rows_ or above
    size += static_cast<size_t>(__builtin_popcountll(bits));
  }
  return top_k_of(table, query, among, rows_, size, k, threads);
}

std::vector<Scored> QuantizedTable::top_k_of(const float* table, const float* query, const Among& among,
                                             size_t count, size_t size, size_t k, size_t threads) const {
  k = std::min(k, size);
  last_rescored_ = 0;
  if (k == 0) return {};
  float qmax = 0, l1 = 0;
  for (size_t j = 0; j < dim_; ++j) {
    qmax = std::max(qmax, std::fabs(query[j]));
    l1 += std::fabs(query[j]);
  }
  if (!(qmax > 0) || !std::isfinite(l1)) {  // every score ties (or none is a number): the first rows
    std::vector<Scored> out(k);
    std::vector<int32_t> first;
    for (size_t r = 0; r < count; ++r) {
      const size_t row = among.list ? static_cast<size_t>(among.list[r]) : r;
      if (among.has(row)) first.push_back(static_cast<int32_t>(row));
    }
    std::partial_sort(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(k), first.end());
    for (size_t r = 0; r < k; ++r) out[r] = {0.0f, first[r]};
    return out;
  }
  const float t = qmax > 0 ? qmax / kQueryMax : 0.0f;
  std::vector<int16_t> codes(dim_);
  for (size_t j = 0; j < dim_; ++j)
    codes[j] = t > 0 ? static_cast<int16_t>(std::lround(std::clamp(query[j] / t, -kQueryMax, kQueryMax))) : 0;
  const float dim = static_cast<float>(dim_);
  const float slack_per_scale = t * kCodeMax * dim / 2 + l1 / 2 + 1e-4f * l1 * kCodeMax + 1e-30f;

  // A scan of up to kOneThreadRows rows stays on the caller's thread unless
  // told otherwise: a second thread's start and join cost about what it
  // saves there, and on a loaded machine it waits for a core.
  if (threads == 0 && count <= kOneThreadRows) threads = 1;
  threads = std::max<size_t>(1, std::min(thread_count(threads), count / (16 * kScoreBlock)));
  std::vector<Part> parts(threads);
  parallel_for(count, threads, [&](size_t b, size_t e, size_t p) {
    scan(codes.data(), t, slack_per_scale, among, b, e, k, parts[p]);
  });
  // The k-th best lower bound over all rows: a row of the exact top k has a
  // score at least that high, so its upper bound reaches it.
  std::vector<float> lower;
  for (const Part& p : parts) lower.insert(lower.end(), p.lower.begin(), p.lower.end());
  std::nth_element(lower.begin(), lower.begin() + static_cast<std::ptrdiff_t>(k - 1), lower.end(),
                   std::greater<float>());
  const float floor = lower[k - 1];
  const Eigen::Map<const Eigen::VectorXf> q(query, static_cast<Eigen::Index>(dim_));
  std::vector<Scored> out;
  for (const Part& p : parts)
    for (size_t c = 0; c < p.candidates.size(); ++c) {
      if (p.upper[c] < floor) continue;
      const Eigen::Map<const Eigen::VectorXf> row(table + static_cast<size_t>(p.candidates[c]) * dim_,
                                                  static_cast<Eigen::Index>(dim_));
      out.push_back({row.dot(q), p.candidates[c]});
    }
  last_rescored_ = out.size();
  const size_t keep = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(), better_quantized);
  out.resize(keep);
  return out;
}

}  // namespace interec

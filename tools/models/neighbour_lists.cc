#include "tools/models/neighbour_lists.h"

#include <algorithm>
#include <cmath>
#include <istream>
#include <ostream>

#include "tools/models/binary_io.h"
#include "tools/models/model_file.h"

namespace interec {

void NeighbourLists::add_item(std::vector<std::pair<float, ItemIndex>>& cand, size_t keep) {
  if (offsets_.empty()) offsets_.push_back(0);
  keep = std::min(cand.size(), keep);
  std::partial_sort(cand.begin(), cand.begin() + keep, cand.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; k < keep; ++k) {
    neighbours_.push_back(cand[k].second);
    sims_.push_back(cand[k].first);
  }
  offsets_.push_back(neighbours_.size());
}

void NeighbourLists::append(const NeighbourLists& next) {
  if (offsets_.empty()) offsets_.push_back(0);
  const uint64_t base = neighbours_.size();
  for (size_t i = 0; i < next.items(); ++i) offsets_.push_back(base + next.offsets_[i + 1]);
  neighbours_.insert(neighbours_.end(), next.neighbours_.begin(), next.neighbours_.end());
  sims_.insert(sims_.end(), next.sims_.begin(), next.sims_.end());
}

Span<ItemIndex> NeighbourLists::neighbours(ItemIndex i) const {
  return {neighbours_.data() + offsets_[i], neighbours_.data() + offsets_[i + 1]};
}

Span<float> NeighbourLists::similarities(ItemIndex i) const {
  return {sims_.data() + offsets_[i], sims_.data() + offsets_[i + 1]};
}

void NeighbourLists::write(std::ostream& out) const {
  const uint64_t n = items(), nnz = neighbours_.size();
  binio::write_pod(out, n);
  binio::write_pod(out, nnz);
  std::vector<uint64_t> offsets = offsets_;
  if (offsets.empty()) offsets.push_back(0);
  binio::write_array(out, offsets);
  binio::write_array(out, neighbours_);
  binio::write_array(out, sims_);
  uint64_t sum = binio::hash_array(offsets, binio::kFnvOffset);
  sum = binio::hash_array(neighbours_, sum);
  sum = binio::hash_array(sims_, sum);
  binio::write_pod(out, sum);
}

NeighbourLists NeighbourLists::read(std::istream& in, const std::string& path, const std::string& kind) {
  // "PATH: truncated item_knn model (sizes)"
  auto bad = [&](const std::string& what, const std::string& detail = "") {
    return ModelError(path + ": " + what + " " + kind + " model" + (detail.empty() ? "" : " (" + detail + ")"));
  };
  NeighbourLists m;
  uint64_t n = 0, nnz = 0;
  if (!binio::read_pod(in, n) || !binio::read_pod(in, nnz)) throw bad("truncated", "sizes");
  // Sizes must agree with the file length before anything is allocated.
  const auto here = in.tellg();
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  in.seekg(here);
  const uint64_t remaining = static_cast<uint64_t>(end - here);
  if (n > (uint64_t{1} << 31) || nnz > (uint64_t{1} << 40) ||
      remaining != (n + 1) * 8 + nnz * (sizeof(ItemIndex) + sizeof(float)) + 8)
    throw bad("truncated or corrupt", "sizes do not match the file");
  if (!binio::read_array(in, m.offsets_, n + 1) || !binio::read_array(in, m.neighbours_, nnz) ||
      !binio::read_array(in, m.sims_, nnz))
    throw bad("truncated");
  uint64_t sum = 0;
  if (!binio::read_pod(in, sum)) throw bad("truncated", "checksum");
  uint64_t expect = binio::hash_array(m.offsets_, binio::kFnvOffset);
  expect = binio::hash_array(m.neighbours_, expect);
  expect = binio::hash_array(m.sims_, expect);
  if (sum != expect) throw bad("corrupt", "checksum mismatch");
  if (m.offsets_.front() != 0 || m.offsets_.back() != nnz) throw bad("corrupt", "offsets");
  for (size_t k = 1; k < m.offsets_.size(); ++k)
    if (m.offsets_[k] < m.offsets_[k - 1]) throw bad("corrupt", "offsets");
  for (size_t k = 0; k < nnz; ++k)
    if (m.neighbours_[k] < 0 || static_cast<uint64_t>(m.neighbours_[k]) >= n || !std::isfinite(m.sims_[k]))
      throw bad("corrupt", "neighbour " + std::to_string(k));
  if (n == 0) m.offsets_.clear();
  return m;
}

}  // namespace interec

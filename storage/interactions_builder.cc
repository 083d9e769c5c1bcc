#include "storage/interactions_builder.h"

#include <algorithm>
#include <stdexcept>

namespace interec {

void InteractionsBuilder::add(std::string user, ItemIndex item, float rating, int64_t timestamp) {
  auto it = by_user_.find(user);
  if (it == by_user_.end()) {
    if (ids_.size() >= static_cast<size_t>(INT32_MAX)) throw std::length_error("more than 2^31 - 1 users");
    it = by_user_.emplace(std::move(user), static_cast<UserIndex>(ids_.size())).first;
    ids_.push_back(&it->first);
    counts_.push_back(0);
  }
  const size_t slot = rows_ % kBlockRows;
  if (slot == 0) blocks_.push_back(std::make_unique<Block>());
  Block& b = *blocks_.back();
  b.user[slot] = it->second;
  b.item[slot] = item;
  b.rating[slot] = rating;
  b.timestamp[slot] = timestamp;
  ++counts_[static_cast<size_t>(it->second)];
  ++rows_;
}

Interactions InteractionsBuilder::finish() {
  Interactions out;
  const size_t users = ids_.size();
  out.offsets_.assign(users + 1, 0);
  for (size_t u = 0; u < users; ++u) out.offsets_[u + 1] = out.offsets_[u] + counts_[u];
  counts_ = {};
  out.items_.resize(rows_);
  out.ratings_.resize(rows_);
  out.timestamps_.resize(rows_);

  // Scatter by user in input order (a counting sort, stable), freeing each
  // block once done.
  std::vector<uint64_t> next(out.offsets_.begin(), out.offsets_.end() - 1);
  size_t left = rows_;
  for (auto& block : blocks_) {
    const size_t n = std::min(left, kBlockRows);
    for (size_t k = 0; k < n; ++k) {
      const uint64_t at = next[static_cast<size_t>(block->user[k])]++;
      out.items_[at] = block->item[k];
      out.ratings_[at] = block->rating[k];
      out.timestamps_[at] = block->timestamp[k];
    }
    left -= n;
    block.reset();
  }
  blocks_.clear();
  next = {};

  // Each user's rows by time, ties in input order (a stable sort); most
  // sources give a user's rows in time order already.
  struct Entry {
    int64_t timestamp;
    ItemIndex item;
    float rating;
  };
  std::vector<Entry> entries;
  for (size_t u = 0; u < users; ++u) {
    const auto first = out.timestamps_.begin() + static_cast<std::ptrdiff_t>(out.offsets_[u]);
    const auto last = out.timestamps_.begin() + static_cast<std::ptrdiff_t>(out.offsets_[u + 1]);
    if (std::is_sorted(first, last)) continue;
    entries.clear();
    for (uint64_t k = out.offsets_[u]; k < out.offsets_[u + 1]; ++k)
      entries.push_back({out.timestamps_[k], out.items_[k], out.ratings_[k]});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.timestamp < b.timestamp; });
    uint64_t k = out.offsets_[u];
    for (const Entry& e : entries) {
      out.timestamps_[k] = e.timestamp;
      out.items_[k] = e.item;
      out.ratings_[k] = e.rating;
      ++k;
    }
  }

  out.user_ids_.reserve(users);
  for (const std::string* id : ids_) out.user_ids_.push_back(*id);
  out.by_user_ = std::move(by_user_);
  by_user_ = {};
  ids_ = {};
  rows_ = 0;
  return out;
}

}  // namespace interec

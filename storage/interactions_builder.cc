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
  std::vector<uint64_t> offsets;
  std::vector<ItemIndex> items;
  std::vector<float> ratings;
  std::vector<int64_t> timestamps;
  const size_t users = ids_.size();
  offsets.assign(users + 1, 0);
  for (size_t u = 0; u < users; ++u) offsets[u + 1] = offsets[u] + counts_[u];
  counts_ = {};
  items.resize(rows_);
  ratings.resize(rows_);
  timestamps.resize(rows_);

  // Scatter by user in input order (a counting sort, stable), freeing each
  // block once done.
  std::vector<uint64_t> next(offsets.begin(), offsets.end() - 1);
  size_t left = rows_;
  for (auto& block : blocks_) {
    const size_t n = std::min(left, kBlockRows);
    for (size_t k = 0; k < n; ++k) {
      const uint64_t at = next[static_cast<size_t>(block->user[k])]++;
      items[at] = block->item[k];
      ratings[at] = block->rating[k];
      timestamps[at] = block->timestamp[k];
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
    const auto first = timestamps.begin() + static_cast<std::ptrdiff_t>(offsets[u]);
    const auto last = timestamps.begin() + static_cast<std::ptrdiff_t>(offsets[u + 1]);
    if (std::is_sorted(first, last)) continue;
    entries.clear();
    for (uint64_t k = offsets[u]; k < offsets[u + 1]; ++k)
      entries.push_back({timestamps[k], items[k], ratings[k]});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.timestamp < b.timestamp; });
    uint64_t k = offsets[u];
    for (const Entry& e : entries) {
      timestamps[k] = e.timestamp;
      items[k] = e.item;
      ratings[k] = e.rating;
      ++k;
    }
  }

  std::vector<uint64_t> id_offsets{0};
  std::string ids;
  for (const std::string* id : ids_) {
    ids += *id;
    id_offsets.push_back(ids.size());
  }
  by_user_ = {};
  ids_ = {};
  rows_ = 0;
  return Interactions::assemble(std::move(offsets), std::move(id_offsets), std::move(ids), std::move(items),
                                std::move(ratings), std::move(timestamps));
}

}  // namespace interec

// The implicit-feedback matrix of a set of interactions: which users consumed
// which items, each pair once, in CSR by user and by item.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/interactions.h"

namespace interec {

struct BinaryMatrix {
  std::vector<uint64_t> user_offsets;  // users + 1
  std::vector<ItemIndex> user_items;   // per user, first-seen order
  std::vector<uint64_t> item_offsets;  // items + 1
  std::vector<int32_t> item_users;     // per item, ascending users

  /// Drops repeats and items outside [0, n_items).
  static BinaryMatrix build(const Interactions& interactions, size_t n_items);
  size_t users() const { return user_offsets.size() - 1; }
  size_t items() const { return item_offsets.size() - 1; }
};

}  // namespace interec

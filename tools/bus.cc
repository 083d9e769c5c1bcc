#include "tools/bus.h"

#include <algorithm>
#include <numeric>

namespace interec {

size_t member_count(const std::vector<uint64_t>& members) {
  size_t n = 0;
  for (uint64_t w : members) n += static_cast<size_t>(__builtin_popcountll(w));
  return n;
}

size_t Bus::size(size_t catalog_size) const {
  if (all) return catalog_size;
  return members.empty() ? items.size() : member_count(members);
}

bool Bus::contains(ItemIndex i, size_t catalog_size) const {
  if (i < 0 || static_cast<size_t>(i) >= catalog_size) return false;
  if (all) return true;
  if (!members.empty()) {
    const auto u = static_cast<size_t>(i);
    return u / 64 < members.size() && (members[u / 64] >> (u % 64) & 1);
  }
  return std::find(items.begin(), items.end(), i) != items.end();
}

Bus Bus::whole(size_t catalog_size) {
  Bus b;
  b.materialize(catalog_size);
  return b;
}

Bus Bus::of_members(std::vector<uint64_t> members) {
  Bus b;
  b.all = false;
  b.members = std::move(members);
  return b;
}

void Bus::materialize(size_t catalog_size) {
  if (all) {
    all = false;
    items.resize(catalog_size);
    std::iota(items.begin(), items.end(), ItemIndex{0});
    scores.clear();
    return;
  }
  if (members.empty()) return;
  items.clear();
  scores.clear();
  for (size_t w = 0; w < members.size(); ++w)
    for (uint64_t bits = members[w]; bits; bits &= bits - 1) {
      const size_t i = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (i < catalog_size) items.push_back(static_cast<ItemIndex>(i));
    }
  members.clear();
}

const Bus& Bus::listed(size_t catalog_size, Bus& scratch) const {
  if (!masked()) return *this;
  scratch = Bus::of_members(members);
  scratch.materialize(catalog_size);
  return scratch;
}

}  // namespace interec

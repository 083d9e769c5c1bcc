#include "tools/tool_util.h"

#include <algorithm>
#include <unordered_set>

namespace interec::tool_util {

void fail(const char* tool, const std::string& message) {
  throw ToolError(std::string(tool) + ": " + message);
}

Resolved resolve(const Toolbox& box, const std::vector<std::string>& names) {
  Resolved r;
  std::unordered_set<ItemIndex> seen;
  for (const auto& name : names) {
    auto m = box.titles->match(name, 1, kMinNameScore);
    if (m.empty()) {
      r.missing.push_back(name);
      continue;
    }
    if (seen.insert(m.front().item).second) r.items.push_back(m.front().item);
  }
  return r;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) s += sep;
    s += parts[k];
  }
  return s;
}

void order_by_popularity(const Toolbox& box, std::vector<ItemIndex>& items) {
  std::stable_sort(items.begin(), items.end(), [&box](ItemIndex a, ItemIndex b) {
    return popularity(box, a) > popularity(box, b);
  });
}

size_t order_by_popularity(const Toolbox& box, std::vector<ItemIndex>& items, size_t from, size_t count) {
  const size_t end = std::min(items.size(), from + count);
  if (end == items.size()) {
    std::stable_sort(items.begin() + static_cast<std::ptrdiff_t>(from), items.end(), [&box](ItemIndex a, ItemIndex b) {
      return popularity(box, a) > popularity(box, b);
    });
    return end;
  }
  // Positions break ties, so the partial sort orders as the stable sort.
  std::vector<std::pair<ItemIndex, size_t>> rest;
  rest.reserve(items.size() - from);
  for (size_t k = from; k < items.size(); ++k) rest.emplace_back(items[k], k);
  auto before = [&box](const auto& a, const auto& b) {
    const float pa = popularity(box, a.first), pb = popularity(box, b.first);
    return pa != pb ? pa > pb : a.second < b.second;
  };
  const auto mid = rest.begin() + static_cast<std::ptrdiff_t>(end - from);
  std::partial_sort(rest.begin(), mid, rest.end(), before);
  std::sort(mid, rest.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  for (size_t k = from; k < items.size(); ++k) items[k] = rest[k - from].first;
  return end;
}

void add_neighbours(const Toolbox& box, ItemIndex seed, double weight, std::vector<double>& acc,
                    std::vector<ItemIndex>& touched) {
  if (seed < 0 || static_cast<size_t>(seed) >= box.item_knn.items()) return;
  const auto nb = box.item_knn.neighbours(seed);
  const auto sims = box.item_knn.similarities(seed);
  for (size_t k = 0; k < nb.size(); ++k) {
    const ItemIndex j = nb[k];
    if (static_cast<size_t>(j) >= acc.size()) continue;
    if (acc[j] == 0.0) touched.push_back(j);
    acc[j] += weight * sims[k];
  }
}

}  // namespace interec::tool_util

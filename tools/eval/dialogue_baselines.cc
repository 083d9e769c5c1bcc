#include "tools/eval/dialogue_baselines.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "tools/tool_util.h"
#include "tools/toolbox.h"

namespace interec {

DialogueBaselines::DialogueBaselines(const Toolbox& box) : box_(box) {
  by_popularity_.resize(box.dataset->catalog->size());
  std::iota(by_popularity_.begin(), by_popularity_.end(), ItemIndex{0});
  tool_util::order_by_popularity(box, by_popularity_);
}

std::vector<ItemIndex> DialogueBaselines::popularity(const std::vector<ItemIndex>& skip, size_t k) const {
  std::vector<ItemIndex> out;
  for (ItemIndex i : by_popularity_) {
    if (out.size() >= k) break;
    if (std::find(skip.begin(), skip.end(), i) == skip.end()) out.push_back(i);
  }
  return out;
}

std::vector<ItemIndex> DialogueBaselines::item_knn(const std::vector<ItemIndex>& seeds,
                                                   const std::vector<ItemIndex>& skip, size_t k) const {
  std::unordered_map<ItemIndex, double> score;
  for (ItemIndex s : seeds) {
    if (s < 0 || static_cast<size_t>(s) >= box_.item_knn.items()) continue;
    const auto nb = box_.item_knn.neighbours(s);
    const auto sim = box_.item_knn.similarities(s);
    for (size_t j = 0; j < nb.size(); ++j) score[nb[j]] += sim[j];
  }
  auto skipped = [&](ItemIndex i) { return std::find(skip.begin(), skip.end(), i) != skip.end(); };
  std::vector<std::pair<double, ItemIndex>> ranked;
  for (const auto& [i, s] : score)
    if (!skipped(i)) ranked.emplace_back(s, i);
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    const float pa = tool_util::popularity(box_, a.second), pb = tool_util::popularity(box_, b.second);
    return pa != pb ? pa > pb : a.second < b.second;
  });
  std::vector<ItemIndex> out;
  for (const auto& [s, i] : ranked) {
    if (out.size() >= k) return out;
    out.push_back(i);
  }
  for (ItemIndex i : by_popularity_) {
    if (out.size() >= k) break;
    if (!skipped(i) && !score.count(i)) out.push_back(i);
  }
  return out;
}

}  // namespace interec

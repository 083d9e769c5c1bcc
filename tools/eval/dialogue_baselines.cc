#include "tools/eval/dialogue_baselines.h"

#include <algorithm>
#include <numeric>

#include "tools/models/dialog_blend.h"
#include "tools/tool_util.h"
#include "tools/toolbox.h"

namespace interec {

DialogueBaselines::DialogueBaselines(const Toolbox& box) : box_(box) {
  by_popularity_.resize(box.dataset->catalog->size());
  std::iota(by_popularity_.begin(), by_popularity_.end(), ItemIndex{0});
  all_ = by_popularity_;
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
                                                   const std::vector<ItemIndex>& skip, size_t k,
                                                   const DialogModel* dialog) const {
  const size_t n = by_popularity_.size();
  std::vector<double> score(n, 0.0);
  for (ItemIndex s : seeds) {
    if (s < 0 || static_cast<size_t>(s) >= box_.item_knn.items()) continue;
    const auto nb = box_.item_knn.neighbours(s);
    const auto sim = box_.item_knn.similarities(s);
    for (size_t j = 0; j < nb.size(); ++j) score[nb[j]] += sim[j];
  }
  if (dialog) {
    std::vector<std::pair<ItemIndex, double>> weighted;
    for (ItemIndex s : seeds) weighted.emplace_back(s, 1.0);
    const auto extra = dialog->scores(weighted);
    const double top = *std::max_element(score.begin(), score.end());
    if (!extra.empty() && top > 0)
      for (double& x : score) x /= top;
    add_dialog_scores(all_, extra, dialog->weight().weight, score);
  }
  std::vector<char> skipped(n, 0);
  for (ItemIndex i : skip)
    if (i >= 0 && static_cast<size_t>(i) < n) skipped[i] = 1;
  // by_popularity_ is the tie order: a stable sort by score keeps it.
  std::vector<ItemIndex> out;
  for (ItemIndex i : by_popularity_)
    if (!skipped[i]) out.push_back(i);
  std::stable_sort(out.begin(), out.end(), [&](ItemIndex a, ItemIndex b) { return score[a] > score[b]; });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace interec

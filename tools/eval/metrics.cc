#include "tools/eval/metrics.h"

#include <cmath>
#include <unordered_set>

namespace interec {

size_t rank_of(ItemIndex target, const std::vector<ItemIndex>& candidates, const std::vector<float>& scores) {
  const float t = scores[target];
  size_t rank = 0;
  for (ItemIndex i : candidates)
    if (i != target && scores[i] >= t) ++rank;
  return rank;
}

size_t rank_in_catalog(ItemIndex target, const std::vector<float>& scores, const std::vector<bool>& skip) {
  const float t = scores[target];
  size_t rank = 0;
  for (size_t i = 0; i < scores.size(); ++i)
    if (scores[i] >= t && static_cast<ItemIndex>(i) != target && (skip.empty() || !skip[i])) ++rank;
  return rank;
}

double ndcg_at(size_t rank, size_t k) { return rank < k ? 1.0 / std::log2(static_cast<double>(rank) + 2.0) : 0.0; }

std::vector<ItemIndex> sample_negatives(size_t n_items, const std::vector<ItemIndex>& exclude, size_t count,
                                        std::mt19937_64& rng) {
  std::unordered_set<ItemIndex> taken;
  for (ItemIndex i : exclude)
    if (i >= 0 && static_cast<size_t>(i) < n_items) taken.insert(i);
  std::vector<ItemIndex> out;
  const size_t free = n_items - taken.size();
  if (free <= count) {
    for (size_t i = 0; i < n_items; ++i)
      if (!taken.count(static_cast<ItemIndex>(i))) out.push_back(static_cast<ItemIndex>(i));
    return out;
  }
  std::uniform_int_distribution<size_t> pick(0, n_items - 1);
  while (out.size() < count) {
    const auto i = static_cast<ItemIndex>(pick(rng));
    if (taken.insert(i).second) out.push_back(i);
  }
  return out;
}

}  // namespace interec

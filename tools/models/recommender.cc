#include "tools/models/recommender.h"

#include <algorithm>

namespace interec {

void Recommender::score_items(const std::vector<ItemIndex>& history, const std::vector<ItemIndex>& items,
                              std::vector<float>& out) const {
  std::vector<float> all;
  score(history, all);
  out.resize(items.size());
  for (size_t k = 0; k < items.size(); ++k)
    out[k] = items[k] >= 0 && static_cast<size_t>(items[k]) < all.size() ? all[items[k]] : 0.0f;
}

std::vector<Scored> Recommender::top_items(const std::vector<ItemIndex>& history, size_t k) const {
  std::vector<float> all;
  score(history, all);
  return top_k(all.data(), all.size(), k);
}

std::vector<Scored> Recommender::top_items_among(const std::vector<ItemIndex>& history,
                                                 const std::vector<ItemIndex>& items, size_t k) const {
  std::vector<float> scores;
  score_items(history, items, scores);
  std::vector<Scored> all(items.size());
  for (size_t j = 0; j < items.size(); ++j) all[j] = {scores[j], items[j]};
  k = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                    [](const Scored& a, const Scored& b) { return a.score != b.score ? a.score > b.score : a.index < b.index; });
  all.resize(k);
  return all;
}

}  // namespace interec

namespace interec {

std::vector<Scored> Recommender::top_items_in(const std::vector<ItemIndex>& history,
                                              const std::vector<uint64_t>& members, size_t k) const {
  std::vector<ItemIndex> items;
  for (size_t w = 0; w < members.size(); ++w)
    for (uint64_t bits = members[w]; bits; bits &= bits - 1)
      items.push_back(static_cast<ItemIndex>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
  return top_items_among(history, items, k);
}

}  // namespace interec

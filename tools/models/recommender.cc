#include "tools/models/recommender.h"

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

}  // namespace interec

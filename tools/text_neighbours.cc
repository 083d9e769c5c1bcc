#include "tools/text_neighbours.h"

#include <algorithm>
#include <cmath>

namespace interec {

namespace {

// Keeps the found items the scope holds, the seed and non-positive scores left out.
std::vector<Scored> keep_in_scope(const std::vector<Scored>& found, ItemIndex seed, size_t k,
                                  const NeighbourScope& scope) {
  std::vector<Scored> out;
  for (const Scored& s : found) {
    if (out.size() == k) break;
    if (s.index == seed || !(s.score > 0)) continue;
    if (scope.on && (static_cast<size_t>(s.index) >= scope.on->size() || !(*scope.on)[s.index])) continue;
    out.push_back(s);
  }
  return out;
}

// Exact: every vector of the scope (or of the catalog).
std::vector<Scored> exact_neighbours(const TextModel& text, const float* query, ItemIndex seed, size_t k,
                                     const NeighbourScope& scope) {
  if (!scope.items) {
    std::vector<int32_t> ids(k + 1);
    std::vector<float> scores(k + 1);
    top_k_inner_product(text.item_vectors(), text.items(), text.dim(), query, 1, k + 1, ids.data(), scores.data(), 1);
    std::vector<Scored> found;
    for (size_t r = 0; r <= k; ++r)
      if (ids[r] >= 0) found.push_back({scores[r], ids[r]});
    return keep_in_scope(found, seed, k, {});
  }
  const auto q = Eigen::Map<const Eigen::VectorXf>(query, static_cast<Eigen::Index>(text.dim()));
  std::vector<float> scores(scope.items->size(), 0.0f);
  for (size_t p = 0; p < scope.items->size(); ++p) {
    const ItemIndex i = (*scope.items)[p];
    if (i >= 0 && static_cast<size_t>(i) < text.items() && i != seed) scores[p] = text.item_vector(i).dot(q);
  }
  std::vector<Scored> found = top_k(scores.data(), scores.size(), k);
  for (Scored& s : found) s.index = (*scope.items)[static_cast<size_t>(s.index)];
  return keep_in_scope(found, seed, k, {});
}

}  // namespace

std::vector<Scored> text_neighbours(const Toolbox& box, ItemIndex seed, size_t k, const NeighbourScope& scope) {
  if (!box.text || seed < 0 || static_cast<size_t>(seed) >= box.text->items() || k == 0) return {};
  const auto v = box.text->item_vector(seed);
  if (!(v.squaredNorm() > 0)) return {};  // an item without text has no place in the space
  if (!box.text_index) return exact_neighbours(*box.text, v.data(), seed, k, scope);
  if (!scope.items) return keep_in_scope(box.text_index->search(v.data(), k + 1), seed, k, scope);
  const double share = static_cast<double>(scope.items->size()) / static_cast<double>(box.text->items());
  const double fetch = std::ceil(static_cast<double>(kOverFetch * k) / std::max(share, 1e-9));
  if (fetch > static_cast<double>(kMaxFetch)) return exact_neighbours(*box.text, v.data(), seed, k, scope);
  std::vector<Scored> out =
      keep_in_scope(box.text_index->search(v.data(), static_cast<size_t>(fetch)), seed, k, scope);
  if (out.size() < k && out.size() + 1 < scope.items->size())
    return exact_neighbours(*box.text, v.data(), seed, k, scope);
  return out;
}

}  // namespace interec

#include "tools/text_neighbours.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "tools/models/quantized_table.h"
#include "tools/models/vector_index.h"

namespace interec {

namespace {

// The first k found, the seed and non-positive scores left out.
std::vector<Scored> keep_best(const std::vector<Scored>& found, ItemIndex seed, size_t k) {
  std::vector<Scored> out;
  for (const Scored& s : found) {
    if (out.size() == k) break;
    if (s.index == seed || !(s.score > 0)) continue;
    out.push_back(s);
  }
  return out;
}

// Exact: every vector of the bus (or of the catalog).
std::vector<Scored> exact_neighbours(const TextModel& text, const float* query, ItemIndex seed, size_t k,
                                     const std::vector<ItemIndex>* bus) {
  if (!bus) {
    std::vector<int32_t> ids(k + 1);
    std::vector<float> scores(k + 1);
    top_k_inner_product(text.item_vectors(), text.items(), text.dim(), query, 1, k + 1, ids.data(), scores.data(), 1);
    std::vector<Scored> found;
    for (size_t r = 0; r <= k; ++r)
      if (ids[r] >= 0) found.push_back({scores[r], ids[r]});
    return keep_best(found, seed, k);
  }
  const auto q = Eigen::Map<const Eigen::VectorXf>(query, static_cast<Eigen::Index>(text.dim()));
  std::vector<float> scores(bus->size(), 0.0f);
  for (size_t p = 0; p < bus->size(); ++p) {
    const ItemIndex i = (*bus)[p];
    if (i >= 0 && static_cast<size_t>(i) < text.items() && i != seed) scores[p] = text.item_vector(i).dot(q);
  }
  std::vector<Scored> found = top_k(scores.data(), scores.size(), k);
  for (Scored& s : found) s.index = (*bus)[static_cast<size_t>(s.index)];
  return keep_best(found, seed, k);
}

// A bus up to this many items is scanned on the turn's own thread: a scan
// of a genre's 48,000 items at 10^6 took 3.0 ms on one thread and 14 ms
// split over two under load 10 (bench/ann_bench --bus), since the split
// waits for a second thread to be scheduled; a larger bus is split.
constexpr size_t kOneThreadRows = 131072;

}  // namespace

std::vector<Scored> text_neighbours(const Toolbox& box, ItemIndex seed, size_t k, const std::vector<ItemIndex>* bus) {
  if (!box.text || seed < 0 || static_cast<size_t>(seed) >= box.text->items() || k == 0) return {};
  const TextModel& text = *box.text;
  const auto v = text.item_vector(seed);
  if (!(v.squaredNorm() > 0)) return {};  // an item without text has no place in the space
  if (!box.text_index) return exact_neighbours(text, v.data(), seed, k, bus);
  if (!bus) return keep_best(box.text_index->search(v.data(), k + 1), seed, k);
  std::vector<int32_t> rows;
  rows.reserve(bus->size());
  for (ItemIndex i : *bus)
    if (i >= 0 && static_cast<size_t>(i) < text.items()) rows.push_back(i);
  const size_t threads = rows.size() <= kOneThreadRows ? 1 : 0;
  return keep_best(text.codes().top_k_among(text.item_vectors(), v.data(), rows, k + 1, threads), seed, k);
}

}  // namespace interec

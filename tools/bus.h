// The candidate bus: the set of items a turn is working on. It starts as the
// whole catalog; each tool step narrows or orders it. Item lists never pass
// through the brain's prompt.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/catalog.h"

namespace interec {

struct Bus {
  /// True while no step has narrowed the bus: it stands for every item of
  /// the catalog and `items` is empty.
  bool all = true;
  /// The candidates, in the current order (best first once ranked).
  std::vector<ItemIndex> items;
  /// Empty, or one score per item (higher is better), from the step that
  /// scored them last (soft_filter, rank).
  std::vector<float> scores;

  size_t size(size_t catalog_size) const { return all ? catalog_size : items.size(); }

  /// The bus made explicit: every item of the catalog, in index order.
  static Bus whole(size_t catalog_size);
  /// Replaces an `all` bus by the explicit list of every item.
  void materialize(size_t catalog_size);
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Bus& x) {
  return f(x.all, x.items, x.scores);
}

/// Upper bound on the candidates a bus carries after a scoring step, as in
/// the paper's reference (it keeps about 1000).
inline constexpr size_t kMaxScoredCandidates = 1000;

}  // namespace interec

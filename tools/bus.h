// The candidate bus: the set of items a turn is working on. It starts as the
// whole catalog; each tool step narrows or orders it. Item lists never pass
// through the brain's prompt.
//
// Three forms: the whole catalog (`all`), an explicit list (`items`, with
// `scores` once scored), or — what hard_filter hands on when a condition
// keeps most of a large catalog, e.g. a negation — a dense bit set of the
// members (`members`, unscored, in index order), so that 900,000 indices are
// not written out, copied between actors and looked up one by one. A tool
// that has no use for the bit set reads the list form (listed()).
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
  /// Empty, or (with `all` false and `items` empty) the members: bit i % 64
  /// of members[i / 64] set for item i. Unscored; its order is index order.
  std::vector<uint64_t> members;

  bool masked() const { return !all && !members.empty(); }
  size_t size(size_t catalog_size) const;
  /// Whether item i is on the bus (a list is searched: for tests and small buses).
  bool contains(ItemIndex i, size_t catalog_size) const;

  /// The bus made explicit: every item of the catalog, in index order.
  static Bus whole(size_t catalog_size);
  /// The bus of the items whose bit is set in `members` (see above).
  static Bus of_members(std::vector<uint64_t> members);
  /// Replaces an `all` or bit-set bus by the explicit list of its items, in
  /// index order.
  void materialize(size_t catalog_size);
  /// This bus when it is a list (or `all`); else `scratch`, made the list
  /// of its members. For tools that read `items`.
  const Bus& listed(size_t catalog_size, Bus& scratch) const;
};

/// How many bits of a Bus::members bit set are set.
size_t member_count(const std::vector<uint64_t>& members);

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Bus& x) {
  return f(x.all, x.items, x.scores, x.members);
}

/// Upper bound on the candidates a bus carries after a scoring step, as in
/// the paper's reference (it keeps about 1000).
inline constexpr size_t kMaxScoredCandidates = 1000;

}  // namespace interec

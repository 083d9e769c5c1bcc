// Where a turn over a large catalog stops touching every item: the sizes at
// which rank changes method and hard_filter hands on a bit set instead of a
// list (docs/architecture.md, "On a catalog of more than 65,536 items").
// The defaults are what the tools use; tests pass smaller ones to reach the
// large-catalog paths on a small catalog and compare them with the exact ones.
#pragma once

#include <cstddef>

#include "tools/bus.h"

namespace interec {

struct LargeCatalogLimits {
  /// Catalogs up to this size are ranked item by item, the whole bus kept
  /// (every dataset in ../shared/data, every golden test).
  size_t exact_catalog = size_t{1} << 16;
  /// On a larger catalog a scored bus of more than this many items is
  /// ranked as the whole catalog.
  size_t max_exact_items = size_t{1} << 18;
  /// ... and an unscored bus of more than this many items from the model's
  /// best items among the bus.
  size_t min_best_of_bus = 16 * kMaxScoredCandidates;
  /// On a larger catalog hard_filter hands on the whole catalog's selection
  /// as a bit set (Bus::members) when it keeps at least this share of it
  /// (and more than min_best_of_bus items): rank then scans all the model's
  /// codes in order with the bit set as a mask, which costs the same for
  /// any share; a narrower bus is cheaper as the list of its rows. 0.25
  /// measured faster than 0.5 on the negation turns of bench/scale_bench at
  /// 10^5 and 10^6 items (docs/performance.md).
  double min_members_share = 0.25;
};

}  // namespace interec

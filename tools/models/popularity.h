// Popularity: how many interactions each item has.
#pragma once

#include <vector>

#include "storage/interactions.h"

namespace interec {

struct Popularity {
  /// One count per item of the catalog.
  std::vector<float> counts;

  static Popularity train(const Interactions& interactions, size_t n_items);
  float score(ItemIndex i) const { return counts[i]; }
};

}  // namespace interec

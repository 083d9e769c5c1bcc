// Popularity: how many interactions each item has.
#pragma once

#include <vector>

#include "storage/interactions.h"
#include "tools/models/recommender.h"

namespace interec {

struct Popularity final : Recommender {
  /// One count per item of the catalog.
  std::vector<float> counts;

  static Popularity train(const Interactions& interactions, size_t n_items);
  float score(ItemIndex i) const { return counts[i]; }
  /// The counts, whatever the history.
  void score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const override {
    scores = counts;
  }
};

}  // namespace interec

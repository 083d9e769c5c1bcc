// What every recommender model offers the tools and the offline evaluation:
// scores for the whole catalog given what a user consumed.
#pragma once

#include <vector>

#include "storage/catalog.h"

namespace interec {

class Recommender {
 public:
  virtual ~Recommender() = default;
  /// Resizes `scores` to the catalog size and fills it, higher = more likely
  /// next, for a user whose items are `history`, oldest first (may be empty).
  /// Items of the history are scored like any other: callers mask them.
  /// Const and safe to call from several threads at once.
  virtual void score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const = 0;
};

}  // namespace interec

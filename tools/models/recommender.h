// What every recommender model offers the tools and the offline evaluation:
// scores for the whole catalog given what a user consumed, and — what a turn
// over a large catalog needs — scores for some items only, and the best items
// of the whole catalog without scoring each one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "storage/catalog.h"
#include "tools/models/topk.h"

namespace interec {

class Recommender {
 public:
  virtual ~Recommender() = default;
  /// Resizes `scores` to the catalog size and fills it, higher = more likely
  /// next, for a user whose items are `history`, oldest first (may be empty).
  /// Items of the history are scored like any other: callers mask them.
  /// Const and safe to call from several threads at once.
  virtual void score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const = 0;

  /// out[k] := the score of items[k], exactly as score() gives it. The
  /// default scores the catalog and picks; a model that can score one item
  /// alone (a factor model: one dot product) does only that.
  virtual void score_items(const std::vector<ItemIndex>& history, const std::vector<ItemIndex>& items,
                           std::vector<float>& out) const;

  /// The k best items of the catalog for `history`, best first (ties: lower
  /// index), with their scores. The default scores the catalog; a model with
  /// an index over its item vectors may answer approximately (the model
  /// says so in its documentation).
  virtual std::vector<Scored> top_items(const std::vector<ItemIndex>& history, size_t k) const;

  /// The k best of `items` (distinct catalog indices) for `history`, best
  /// first (ties: lower index), with their scores: top_items restricted to a
  /// candidate set. The default scores them with score_items; a model with
  /// a compact copy of its item vectors scans only that (mf).
  virtual std::vector<Scored> top_items_among(const std::vector<ItemIndex>& history,
                                              const std::vector<ItemIndex>& items, size_t k) const;

  /// top_items_among the items whose bit is set in `members` (bit i % 64 of
  /// members[i / 64]; no bit at or past the catalog size): the same answer. The default lists them; a model with a compact copy of its
  /// item vectors scans it in order, the bit set as a mask (mf), which reads
  /// the copy front to back where a list of most of the catalog would be
  /// read row by row.
  virtual std::vector<Scored> top_items_in(const std::vector<ItemIndex>& history,
                                           const std::vector<uint64_t>& members, size_t k) const;
};

}  // namespace interec

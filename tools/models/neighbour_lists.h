// Each item's top neighbours with a similarity, in CSR form: what item-kNN
// learns from ratings and the dialog model from conversations. Also their
// part of a model file (after the header), with the checks that make a
// truncated or corrupt file a clear ModelError.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "storage/interactions.h"

namespace interec {

class NeighbourLists {
 public:
  NeighbourLists() = default;

  /// Item by item: `candidates` are item i's (similarity, neighbour) pairs
  /// (any order, no repeats); keeps the `keep` most similar, ties by lower
  /// index. Call for items 0, 1, ... in order.
  void add_item(std::vector<std::pair<float, ItemIndex>>& candidates, size_t keep);

  /// The items of `next` (built the same way, for the items that follow)
  /// after these: how lists built in slices on several threads are joined.
  void append(const NeighbourLists& next);

  size_t items() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  size_t size() const { return neighbours_.size(); }
  /// Neighbours of i, most similar first.
  Span<ItemIndex> neighbours(ItemIndex i) const;
  Span<float> similarities(ItemIndex i) const;

  /// Writes n, nnz, offsets, neighbours, similarities, checksum.
  void write(std::ostream& out) const;
  /// Reads what write() wrote (the stream positioned after the header);
  /// throws ModelError naming `path` and `kind` when it is truncated,
  /// trailed by other bytes, or inconsistent.
  static NeighbourLists read(std::istream& in, const std::string& path, const std::string& kind);

 private:
  std::vector<uint64_t> offsets_;
  std::vector<ItemIndex> neighbours_;
  std::vector<float> sims_;
};

}  // namespace interec

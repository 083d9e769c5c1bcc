// Builds Interactions from rows given one at a time (an import streaming its
// source): the same result as Interactions::build over all the rows at once
// (users in order of first appearance, each user's rows by time, ties in
// input order), without holding the rows as parsed.
//
// Memory: a user id is interned when first seen (one string per distinct
// user, not per row); a row is kept as a fixed 20-byte record (user index,
// item, rating, timestamp) in blocks of 2^16 rows, so growing never copies
// what was added. finish() scatters the blocks into the CSR arrays (16 bytes
// a row), freeing each block once scattered: the peak is ~36 bytes a row
// plus the user ids, against ~48 bytes a row (+ growth) for rows with a
// std::string id and 16 more for the sort's permutation before. Bounding
// memory independently of the row count (sorted runs in a temporary file)
// would not lower prepare's peak: training holds the CSR arrays anyway
// (docs/scale-prepare.md, "Interactions streamed").
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/interactions.h"

namespace interec {

class InteractionsBuilder {
 public:
  InteractionsBuilder() = default;
  InteractionsBuilder(InteractionsBuilder&&) = default;
  InteractionsBuilder& operator=(InteractionsBuilder&&) = default;

  /// Adds one row (rating NaN when none, timestamp 0 when none).
  void add(std::string user, ItemIndex item, float rating, int64_t timestamp);
  /// Rows added so far.
  size_t size() const { return rows_; }
  size_t users() const { return ids_.size(); }
  /// The CSR form of every row added; leaves the builder empty.
  Interactions finish();

 private:
  static constexpr size_t kBlockRows = size_t{1} << 16;
  struct Block {
    std::array<UserIndex, kBlockRows> user;
    std::array<ItemIndex, kBlockRows> item;
    std::array<float, kBlockRows> rating;
    std::array<int64_t, kBlockRows> timestamp;
  };

  std::unordered_map<std::string, UserIndex> by_user_;
  std::vector<const std::string*> ids_;  // keys of by_user_, by index
  std::vector<uint64_t> counts_;         // rows per user
  std::vector<std::unique_ptr<Block>> blocks_;
  size_t rows_ = 0;
};

}  // namespace interec

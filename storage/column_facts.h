// What the rules brain's vocabulary learns from every cell of the catalog,
// counted once: per text column, each value with the number of items
// having it (in the order the catalog first has them), unless the column
// has more than kMaxValues distinct values (free text, not categories); per
// numeric or date column, its present values sorted (a date's are years)
// and whether all are whole numbers.
//
// `interec prepare` writes the facts as columns.idx (storage/
// column_facts_file.cc has the layout) and a start maps them: counting them
// took seconds at 10^6 items. A folder without the file (or with one of
// another version or catalog) gets them counted at start, the same facts.
// Immutable; shared by threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "storage/catalog.h"
#include "storage/flat_file.h"

namespace interec {

struct Dataset;

/// The file name of the column facts inside a prepared dataset folder.
inline constexpr const char* kColumnFactsFile = "columns.idx";

class ColumnFacts {
 public:
  /// More distinct values than this and a text column is not categorical.
  /// 50,000: a shop's or a store's makers are categories a user names
  /// ("games by Valve": Steam has 10,993 developers and 8,240 publishers,
  /// which 5,000 left unreadable); a column of unique texts still stops
  /// being counted early.
  static constexpr size_t kMaxValues = 50000;

  /// Counts the facts of every column of `catalog`.
  static std::shared_ptr<const ColumnFacts> build(const Catalog& catalog);
  /// The facts of a prepared folder: its columns.idx mapped when that file
  /// is there, of this format version and of this catalog; otherwise
  /// counted. Throws CatalogError naming the file and `interec prepare`
  /// when the file is of this version and catalog but truncated or damaged.
  static std::shared_ptr<const ColumnFacts> open_prepared(const Dataset& dataset);
  /// Writes the facts as `path` (atomically) for the catalog whose
  /// fingerprint is `fingerprint`. Throws AtomicWriteError.
  void save(const std::string& path, const std::string& fingerprint) const;
  /// Whether the facts read a mapped columns.idx (false: counted at start).
  bool mapped() const { return mapped_; }

  /// The catalog's columns (Catalog::columns()).
  size_t columns() const { return t_.kind.size; }
  /// Whether text column `c` has more than kMaxValues distinct values (then
  /// values() is empty).
  bool too_many_values(size_t c) const { return c < columns() && t_.kind[c] == kTooMany; }
  /// The distinct values of text column `c` (0 for any other column).
  size_t values(size_t c) const;
  /// Value `k` of column `c` and the number of items having it.
  std::string_view value(size_t c, size_t k) const;
  uint64_t value_count(size_t c, size_t k) const;
  /// The present values of numeric or date column `c`, ascending (empty
  /// for a text column).
  FlatArray<double> sorted_numbers(size_t c) const;
  /// Whether every present value of numeric column `c` is whole.
  bool integer(size_t c) const { return c < columns() && t_.kind[c] == kInteger; }

  /// The flat arrays, owned (counted) or mapped.
  struct Tables {
    FlatArray<uint32_t> kind;            // per column: one of the kinds below
    FlatArray<uint64_t> value_offsets;   // columns + 1 offsets into value_counts
    FlatArray<uint64_t> text_offsets;    // values + 1 offsets into text
    FlatArray<char> text;                // every value, back to back
    FlatArray<uint64_t> value_counts;    // per value: its items
    FlatArray<uint64_t> number_offsets;  // columns + 1 offsets into numbers
    FlatArray<double> numbers;           // per numeric column: its sorted values
  };
  static constexpr uint32_t kValues = 0, kTooMany = 1, kInteger = 2, kReal = 3;

  ColumnFacts(std::shared_ptr<const void> storage, const Tables& tables, size_t items, bool mapped)
      : storage_(std::move(storage)), t_(tables), items_(items), mapped_(mapped) {}

 private:
  // Entries [first, last) of column `c` in a run of columns + 1 offsets,
  // empty when the offsets are damaged.
  std::pair<uint64_t, uint64_t> run(const FlatArray<uint64_t>& offsets, size_t c, uint64_t limit) const;

  std::shared_ptr<const void> storage_;  // what the arrays point into
  Tables t_;
  size_t items_ = 0;  // the catalog's
  bool mapped_ = false;
};

}  // namespace interec

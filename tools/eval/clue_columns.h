// The catalog columns a simulated user can describe an item by, and the
// structured fact ("clue") a user states about the item they want. Both user
// simulators (the rules user of simulator.h, the paraphrasing user of
// paraphrase_simulator.h) draw their facts from here, and the naive
// filter-and-popularity agent filters by the same Clue values, so every
// simulator's clues mean one thing. Nothing here knows a domain: columns are
// chosen by type and by how their values spread over the catalog.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/catalog.h"

namespace interec {

/// One fact about the target the simulated user states. Every clue is true of
/// the target (ranges contain its value, a negated value is one it lacks).
struct Clue {
  enum Kind { value, range, similar };
  Kind kind = value;
  size_t column = 0;      // index in Catalog::columns() (value, range)
  std::string text;       // the value (value); unused otherwise
  bool negated = false;   // value: the item does NOT have it ("no horror")
  /// Inclusive bounds (range); an open side is -inf / +inf ("after 2000").
  double lo = 0, hi = 0;
  ItemIndex item = -1;    // an item like the target (similar)
  /// How the rules user says it, e.g. "genres Comedy", "year from 1990 to
  /// 1999", "Heat (1995)" (similar: the title).
  std::string phrase;
};

/// A value clue ("genres Comedy"; negated: "no Comedy").
Clue value_clue(size_t column, std::string value, bool negated = false);
/// A range clue on a numeric column; an open side is -inf / +inf.
Clue range_clue(size_t column, double lo, double hi);
/// "Like `item`": the target is among the item's item-kNN neighbours.
Clue similar_clue(ItemIndex item);

/// The usable columns of one catalog, found once (a pass over every cell).
class ClueColumns {
 public:
  explicit ClueColumns(std::shared_ptr<const Catalog> catalog);

  /// Text columns whose values describe items: not description / title / id
  /// / url columns, not columns whose values nearly all differ (names).
  const std::vector<size_t>& categorical() const { return categorical_; }
  /// Integer and real columns with at least two values, except `popularity`
  /// (an interaction count is not an attribute users know).
  const std::vector<size_t>& numeric() const { return numeric_; }
  /// Integer column named year / *_year, or with every value in 1800..2100.
  bool year_like(size_t column) const { return year_like_[column]; }
  /// Present values of a numeric column, ascending.
  const std::vector<double>& sorted(size_t column) const { return sorted_[column]; }
  /// Items holding `value` in a categorical column (0 when unknown).
  size_t count(size_t column, const std::string& value) const;
  /// Every value of a categorical column with its number of items.
  const std::unordered_map<std::string, size_t>& counts(size_t column) const { return value_counts_[column]; }

  /// The values of `item` in categorical `column` a user can name: on at
  /// least 2 items (one item's value is an identifier) and at most 60% of
  /// the catalog (a value on nearly everything says nothing), at most 60
  /// bytes (a longer value is prose).
  std::vector<std::string> nameable_values(size_t column, ItemIndex item) const;

  /// The part (of `parts` equal shares of the column's values) that holds
  /// `x`, widened to round bounds that still contain it (integers; one
  /// decimal for real columns): "rather cheap", "well rated".
  std::pair<double, double> bucket(size_t column, double x, size_t parts) const;

 private:
  std::shared_ptr<const Catalog> catalog_;
  std::vector<size_t> categorical_;
  std::vector<size_t> numeric_;
  std::vector<bool> year_like_;
  std::vector<std::vector<double>> sorted_;
  std::vector<std::unordered_map<std::string, size_t>> value_counts_;
};

}  // namespace interec

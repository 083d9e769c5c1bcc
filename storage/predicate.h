// A hard-filter condition in a form the catalog can evaluate without SQL.
// The rules brain knows this structure when it writes a condition, so it
// hands it over beside the condition's SQL; both must select exactly the same
// items (NULL cells included), which is what lets the catalog index answer a
// condition instead of SQLite. Conditions an LLM wrote as free SQL have none.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace interec {

struct Predicate {
  enum class Kind : uint8_t {
    /// The cell equals one of `values`. In a multi-valued column: one of the
    /// cell's values equals one of `values`, ignoring ASCII case (as the SQL
    /// form `('|' || col || '|') LIKE '%|v|%'` does); in a single-valued one
    /// the comparison is exact (`col IN (...)`). An empty cell never matches.
    any_of,
    /// The numeric cell lies in [lo, hi] (a strict side excludes its bound; a
    /// NaN bound is open). An empty cell never matches.
    range,
  };

  Kind kind = Kind::any_of;
  /// The catalog column, by name; for the year of an ISO date column `D`,
  /// its companion integer column `D_year`.
  std::string column;
  /// any_of: the values, in the catalog's spellings.
  std::vector<std::string> values;
  /// range: the bounds.
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  bool lo_strict = false;
  bool hi_strict = false;
  /// Selects exactly the items the predicate without `negate` does not
  /// select, empty cells included ("no horror" keeps films without genres).
  bool negate = false;
};

}  // namespace interec

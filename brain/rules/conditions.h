// The conditions of a request, written as SQL: what the parsing passes
// found (parse.h) becomes labelled, prioritised conditions of the plan's
// hard_filter step.
//
// Decisions (docs/architecture.md, "hard_filter conditions"): priority 3 =
// an exclusion the user stated, 2 = a wanted category value, 1 = a numeric
// or date range. Within one priority the conditions are listed from the one
// that removes the fewest catalog items to the one that removes the most, so
// that "the last listed among the lowest priority" (the reflector's choice)
// is also "the one that removed the most". Every spelling of a value is
// matched ("time travel", "time-travel"); an exclusion keeps items with no
// value at all.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "brain/rules/knowledge.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// The en dash of ranges in labels ("year 1995–1999").
inline constexpr const char* kDash = "\xE2\x80\x93";

/// A number as a label or SQL writes it: whole numbers without a point,
/// others in %g.
std::string format_number(double v);

struct Cond {
  std::string label;
  std::string sql;
  int priority = 0;
  size_t removes = 0;  // catalog items it removes on its own
  size_t mention = 0;  // token position of its first mention
};

/// SQL testing that column `col` holds `value` (with `negate`, that it does
/// not, an empty cell included): `=` in a single-valued column, a
/// case-insensitive LIKE on '|'-delimited values in a multi-valued one.
std::string like_sql(const CategoricalColumn& col, const std::string& value, bool negate);

/// like_sql for every spelling of one value (Vocabulary::spellings): any of
/// them matches; with `negate`, none of them.
std::string value_sql(const CategoricalColumn& col, std::vector<std::string> spellings, bool negate);

/// The request's conditions in plan order, without those whose id
/// (condition_id, tools/plan.h) is in `relax` (the reflector dropped them).
std::vector<Cond> conditions_of(const Knowledge& k, const Parse& p,
                                const std::vector<std::string>& relax);

/// Condition labels as a person reads them: the exclusions of one column
/// said once ("not genres: Horror", "not genres: War" -> "not genres:
/// Horror, War"), where the first of them stood; every other label as it
/// is. For display only: each condition keeps its own label in the plan,
/// since relaxing drops them one by one.
std::vector<std::string> readable_labels(const std::vector<std::string>& labels);

}  // namespace interec::rules

// SQL conditions as Predicates: the translation that lets `hard_filter`
// answer an SQL condition from the catalog index instead of SQLite.
//
// Contract: when a translation is returned, the AND of its Predicates selects
// exactly the rows SQLite's WHERE clause selects on catalog.db (NULL cells and
// three-valued logic included); otherwise nothing is returned and the SQL
// must run. Only these forms are understood (C a catalog column, any case,
// quoted or not; v a string literal; x, y number literals):
//
//   ('|' || C || '|') LIKE '%|v|%' [ESCAPE 'e']     C multi-valued, v without
//   ('|' || COALESCE(C, '') || '|') LIKE ...        wildcards or '|'
//   C = v, C IN (v, ...), COALESCE(C, '') = v       C single-valued text/date
//   C <> v, COALESCE(C, '') <> v
//   C = x, C <> x, C < x, C <= x, C > x, C >= x,    C numeric
//   C [NOT] BETWEEN x AND y, C IN (x, ...)
//   C IS NULL (only ORed with a negation of C, as in `C IS NULL OR C <> x`)
//   NOT (...), (... OR ...) of one column's values, (... AND ...)
//
// which are the forms the rules brain writes (brain/rules/conditions.cc) and
// the simple comparisons an LLM writes. A form outside the list (substring
// LIKE, functions, arithmetic, other tables) is not translated: the SQL runs.
//
// This is the bridge until the typed plan (issue 12) carries each rules
// condition's Predicate itself; it stays for conditions written as SQL.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "storage/catalog.h"
#include "storage/predicate.h"

namespace interec {

/// The Predicates whose conjunction `where` (an SQL boolean expression over
/// the items table) stands for; nothing when it is not built only of the
/// forms above over columns of `catalog`.
std::optional<std::vector<Predicate>> predicates_of_where(std::string_view where, const Catalog& catalog);

/// The same for a whole query `SELECT item_id FROM items WHERE ...`.
std::optional<std::vector<Predicate>> predicates_of_query(std::string_view query, const Catalog& catalog);

}  // namespace interec

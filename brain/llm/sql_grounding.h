// Grounding a language model's SQL in the real catalog before it runs:
// another table name ("movies", "games") becomes `items`; an unknown column
// becomes the nearest real one ("genre" -> genres, "release_year" -> year,
// "rating" -> avg_rating); a LIKE or = value of a categorical column becomes
// the nearest value that exists ("%comedies%" -> "%Comedy%", "Sci Fi" ->
// "Sci-Fi"), and `multi = 'X'` becomes `multi LIKE '%X%'`. What cannot be
// mapped is left alone: the read-only SQL guard and SQLite then say what is
// wrong. Grounding never makes a query do more than it did (no new tables,
// no new statements): it only replaces names and literals.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "tools/plan.h"

namespace interec {

class Vocabulary;

struct GroundedSql {
  std::string sql;
  /// What was changed, e.g. "column genre -> genres", for the trace.
  std::vector<std::string> changes;
};

class SqlGrounder {
 public:
  /// Both must outlive the grounder.
  SqlGrounder(const Catalog& catalog, const Vocabulary& vocabulary);
  ~SqlGrounder();

  /// Never throws; unreadable SQL comes back unchanged.
  GroundedSql ground(const std::string& sql) const;

  /// Grounds the SQL of every lookup and hard_filter step in place (string
  /// input or {"sql": ...}). Returns the changes, each prefixed by the step.
  std::vector<std::string> ground_plan(Plan& plan) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace interec

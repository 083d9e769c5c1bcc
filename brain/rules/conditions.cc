#include "brain/rules/conditions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "brain/rules/sql_quote.h"
#include "tools/plan.h"

namespace interec::rules {

namespace {

// The spellings that need their own test: SQLite's LIKE ignores ASCII case,
// so in a multi-valued column "Dark" adds nothing to "dark" ('=' and IN in a
// single-valued column do not ignore it).
std::vector<std::string> distinct_spellings(const CategoricalColumn& col,
                                            std::vector<std::string> spellings) {
  if (!col.multi) return spellings;
  std::vector<std::string> out, seen;
  for (auto& v : spellings) {
    std::string lower = v;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (std::find(seen.begin(), seen.end(), lower) != seen.end()) continue;
    seen.push_back(std::move(lower));
    out.push_back(std::move(v));
  }
  return out;
}

// Items of categorical column `c` holding `value` in any of its spellings.
size_t items_with(const Knowledge& k, size_t c, const std::string& value) {
  const auto& col = k.vocab.categorical()[c];
  size_t n = 0;
  for (const auto& s : k.vocab.spellings(c, value))
    if (auto it = col.counts.find(s); it != col.counts.end()) n += it->second;
  return n;
}

// Exclusions (priority 3).
void add_exclusions(const Knowledge& k, const Parse& p, std::vector<Cond>& conds) {
  const size_t total = k.catalog->size();
  for (size_t i = 0; i < p.excluded.size(); ++i) {
    const auto& [c, v] = p.excluded[i];
    const auto& col = k.vocab.categorical()[c];
    conds.push_back(Cond{"not " + col.name + ": " + v, value_sql(col, k.vocab.spellings(c, v), true),
                         3, std::min(items_with(k, c, v), total), p.excluded_mention[i]});
  }
}

// "comedy or drama", or several values of a single-valued column: one
// condition that any of them meets.
Cond alternatives(const Knowledge& k, const ValueRun& run) {
  const size_t total = k.catalog->size();
  const auto& col = k.vocab.categorical()[run.column];
  std::vector<std::string> any;  // every spelling of every value
  for (const auto& v : run.values)
    for (auto& s : k.vocab.spellings(run.column, v)) any.push_back(std::move(s));
  any = distinct_spellings(col, std::move(any));
  std::string sql;
  if (!col.multi) {
    sql = sql_identifier(col.name) + " IN (";
    for (size_t i = 0; i < any.size(); ++i) sql += (i ? ", " : "") + sql_string(any[i]);
    sql += ")";
  } else {
    sql = "(";
    for (size_t i = 0; i < any.size(); ++i) sql += (i ? " OR " : "") + like_sql(col, any[i], false);
    sql += ")";
  }
  std::string label = col.name + ": ";
  size_t matches = 0;
  for (size_t i = 0; i < run.values.size(); ++i) {
    label += (i ? " or " : "") + run.values[i];
    matches += items_with(k, run.column, run.values[i]);
  }
  matches = std::min(matches, total);
  return Cond{label, sql, 2, total - matches, run.mention};
}

// Wanted values (priority 2).
void add_wanted(const Knowledge& k, const Parse& p, std::vector<Cond>& conds) {
  const size_t total = k.catalog->size();
  for (const auto& run : p.wanted) {
    const auto& col = k.vocab.categorical()[run.column];
    if (run.values.size() > 1 && (run.any_or || !col.multi)) {
      conds.push_back(alternatives(k, run));
      continue;
    }
    for (const auto& v : run.values)
      conds.push_back(Cond{col.name + ": " + v,
                           value_sql(col, k.vocab.spellings(run.column, v), false), 2,
                           total - std::min(total, items_with(k, run.column, v)), run.mention});
  }
}

// A numeric range (priority 1): "year 1995–1999", "avg_rating at least 4",
// "year 2000 or later".
Cond range_condition(const NumericColumn& col, const NumRange& r, size_t total) {
  const bool year = col.role == NumericRole::year;
  const std::string& e = col.sql;
  const std::string fa = format_number(r.lo), fb = format_number(r.hi);
  const bool has_lo = !std::isnan(r.lo), has_hi = !std::isnan(r.hi);
  std::string label, sql;
  if (has_lo && has_hi && !r.lo_strict && !r.hi_strict) {
    if (r.lo == r.hi) {
      label = col.name + " " + fa;
      sql = e + " = " + fa;
    } else {
      label = col.name + " " + fa + kDash + fb;
      sql = e + " BETWEEN " + fa + " AND " + fb;
    }
  } else {
    std::vector<std::string> lparts, sparts;
    if (has_lo) {
      if (year) lparts.push_back(fa + " or later");
      else lparts.push_back((r.lo_strict ? "above " : "at least ") + fa);
      sparts.push_back(e + (r.lo_strict ? " > " : " >= ") + fa);
    }
    if (has_hi) {
      if (year) lparts.push_back(fb + " or earlier");
      else lparts.push_back((r.hi_strict ? "below " : "at most ") + fb);
      sparts.push_back(e + (r.hi_strict ? " < " : " <= ") + fb);
    }
    label = col.name + " " + lparts[0] + (lparts.size() > 1 ? " and " + lparts[1] : "");
    sql = sparts.size() > 1 ? "(" + sparts[0] + " AND " + sparts[1] + ")" : sparts[0];
  }
  const size_t matches = col.count_in(r.lo, r.lo_strict, r.hi, r.hi_strict);
  return Cond{label, sql, 1, total - std::min(total, matches), r.first_mention};
}

// Numeric ranges (priority 1) and numeric exclusions (priority 3).
void add_numeric(const Knowledge& k, const Parse& p, std::vector<Cond>& conds) {
  const size_t total = k.catalog->size();
  for (const auto& [num, r] : p.numeric) {
    const NumericColumn& col = k.vocab.numeric()[num];
    if (r.has_range && (!std::isnan(r.lo) || !std::isnan(r.hi)))
      conds.push_back(range_condition(col, r, total));
    const std::string& e = col.sql;
    for (const auto& [a, b] : r.excluded) {
      const std::string sa = format_number(a), sb = format_number(b);
      const std::string span = a == b ? sa : sa + kDash + sb;
      const std::string sql = a == b ? "(" + e + " IS NULL OR " + e + " <> " + sa + ")"
                                     : "(" + e + " IS NULL OR " + e + " NOT BETWEEN " + sa + " AND " + sb + ")";
      conds.push_back(Cond{col.name + " not " + span, sql, 3, col.count_in(a, false, b, false),
                           r.first_mention});
    }
  }
}

}  // namespace

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string like_sql(const CategoricalColumn& col, const std::string& value, bool negate) {
  const std::string id = sql_identifier(col.name);
  if (!col.multi) {
    return negate ? "COALESCE(" + id + ", '') <> " + sql_string(value) : id + " = " + sql_string(value);
  }
  std::string pattern;
  bool escaped = false;
  for (char ch : value) {
    if (ch == '%' || ch == '_' || ch == '\\') {
      pattern.push_back('\\');
      escaped = true;
    }
    pattern.push_back(ch);
  }
  const std::string lhs = negate ? "('|' || COALESCE(" + id + ", '') || '|')" : "('|' || " + id + " || '|')";
  std::string s = lhs + " LIKE " + sql_string("%|" + pattern + "|%");
  if (escaped) s += " ESCAPE '\\'";
  return negate ? "NOT (" + s + ")" : s;
}

std::string value_sql(const CategoricalColumn& col, std::vector<std::string> spellings, bool negate) {
  spellings = distinct_spellings(col, std::move(spellings));
  if (spellings.size() == 1) return like_sql(col, spellings.front(), negate);
  std::string sql = "(";
  for (size_t k = 0; k < spellings.size(); ++k)
    sql += (k ? (negate ? " AND " : " OR ") : "") + like_sql(col, spellings[k], negate);
  return sql + ")";
}

std::vector<Cond> conditions_of(const Knowledge& k, const Parse& p,
                                const std::vector<std::string>& relax) {
  std::vector<Cond> conds;
  add_exclusions(k, p, conds);
  add_wanted(k, p, conds);
  add_numeric(k, p, conds);
  conds.erase(std::remove_if(conds.begin(), conds.end(),
                             [&](const Cond& cond) {
                               const std::string id = condition_id(cond.sql, cond.label);
                               return std::find(relax.begin(), relax.end(), id) != relax.end();
                             }),
              conds.end());
  // Priority high to low; within one priority, from the condition removing
  // the fewest items to the one removing the most (then by mention).
  std::stable_sort(conds.begin(), conds.end(), [](const Cond& a, const Cond& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.removes != b.removes) return a.removes < b.removes;
    return a.mention < b.mention;
  });
  return conds;
}

std::vector<std::string> readable_labels(const std::vector<std::string>& labels) {
  std::vector<std::string> out;
  std::vector<std::pair<std::string, size_t>> exclusions;  // "not COLUMN: " -> its slot in out
  for (const auto& label : labels) {
    const size_t colon = label.find(": ");
    if (label.rfind("not ", 0) != 0 || colon == std::string::npos) {
      out.push_back(label);
      continue;
    }
    const std::string head = label.substr(0, colon + 2);
    auto same = std::find_if(exclusions.begin(), exclusions.end(), [&](const auto& e) { return e.first == head; });
    if (same == exclusions.end()) {
      exclusions.emplace_back(head, out.size());
      out.push_back(label);
    } else {
      out[same->second] += ", " + label.substr(colon + 2);
    }
  }
  return out;
}

}  // namespace interec::rules

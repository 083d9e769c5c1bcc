#include "brain/llm/sql_grounding.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "brain/fuzzy.h"
#include "brain/rules/sql_quote.h"
#include "brain/rules/vocabulary.h"
#include "storage/title_index.h"

namespace interec {
namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Tok {
  enum Kind { space, word, quoted, string, number, punct } kind;
  std::string text;   // as written (rendered back as is unless changed)
  std::string value;  // word: lower case; quoted/string: the unquoted content
};

std::vector<Tok> tokenize_sql(const std::string& s) {
  std::vector<Tok> out;
  size_t i = 0;
  auto is_ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); };
  while (i < s.size()) {
    char c = s[i];
    size_t start = i;
    if (std::isspace(static_cast<unsigned char>(c))) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      out.push_back({Tok::space, s.substr(start, i - start), {}});
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      std::string value;
      ++i;
      while (i < s.size()) {
        if (s[i] == close) {
          if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
            value += close;
            i += 2;
            continue;
          }
          break;
        }
        value += s[i++];
      }
      if (i < s.size()) ++i;  // the closing quote
      out.push_back({c == '\'' ? Tok::string : Tok::quoted, s.substr(start, i - start), value});
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      out.push_back({Tok::number, s.substr(start, i - start), {}});
    } else if (is_ident(c)) {
      while (i < s.size() && is_ident(s[i])) ++i;
      out.push_back({Tok::word, s.substr(start, i - start), lowered(s.substr(start, i - start))});
    } else {
      static const char* two[] = {"<>", "!=", "<=", ">=", "==", "||"};
      size_t len = 1;
      for (const char* t : two)
        if (s.compare(i, 2, t) == 0) len = 2;
      i += len;
      out.push_back({Tok::punct, s.substr(start, len), s.substr(start, len)});
    }
  }
  return out;
}

const std::set<std::string>& keywords() {
  static const std::set<std::string> k = {
    "select", "from", "where", "and", "or", "not", "in", "is", "null", "like", "glob", "regexp",
    "match", "between", "order", "by", "group", "having", "limit", "offset", "as", "asc", "desc",
    "distinct", "all", "case", "when", "then", "else", "end", "join", "left", "right", "full",
    "inner", "outer", "cross", "natural", "on", "using", "union", "intersect", "except", "exists",
    "collate", "nocase", "rtrim", "binary", "with", "recursive", "true", "false", "cast", "integer",
    "int", "real", "text", "numeric", "blob", "escape", "nulls", "first", "last", "current_date",
    "current_time", "current_timestamp", "values", "isnull", "notnull", "filter", "over",
    "partition", "window", "rows", "range", "preceding", "following", "unbounded", "current", "row"};
  return k;
}

std::vector<std::string> parts_of(const std::string& name) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : fuzzy::snake(name) + "_") {
    if (c == '_') {
      if (!cur.empty()) parts.push_back(text::stem(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return parts;
}

// An SQL text as tokens, with the names it defines and what grounding
// changed in it.
struct SqlText {
  std::vector<Tok> toks;
  std::set<std::string> ctes, aliases, renamed;
  std::vector<std::string> changes;

  int prev(size_t i) const {  // the previous non-space token, -1 if none
    for (int k = static_cast<int>(i) - 1; k >= 0; --k)
      if (toks[k].kind != Tok::space) return k;
    return -1;
  }
  int next(size_t i) const {  // the next non-space token, -1 if none
    for (size_t k = i + 1; k < toks.size(); ++k)
      if (toks[k].kind != Tok::space) return static_cast<int>(k);
    return -1;
  }
  bool is_word(int k, const char* w) const {
    return k >= 0 && toks[k].kind == Tok::word && toks[k].value == w;
  }
  bool opens_call(int k) const { return k >= 0 && toks[k].text == "("; }
  static std::string name_of(const Tok& t) { return t.kind == Tok::word ? t.value : lowered(t.value); }
  bool is_comparison(int k) const {
    if (k < 0) return false;
    const Tok& t = toks[k];
    if (t.kind == Tok::word) return t.value == "like" || t.value == "glob";
    return t.kind == Tok::punct && (t.text == "=" || t.text == "==" || t.text == "!=" ||
                                    t.text == "<>" || t.text == "<" || t.text == ">" ||
                                    t.text == "<=" || t.text == ">=");
  }
  bool is_name(size_t i) const { return toks[i].kind == Tok::word || toks[i].kind == Tok::quoted; }
};

// CTE names ("name AS (") and aliases ("AS name").
void find_names(SqlText& s) {
  for (size_t i = 0; i < s.toks.size(); ++i) {
    if (!s.is_name(i)) continue;
    const int n = s.next(i);
    if (s.is_word(n, "as") && s.opens_call(s.next(n))) s.ctes.insert(SqlText::name_of(s.toks[i]));
    if (s.is_word(s.prev(i), "as") && !s.opens_call(n)) s.aliases.insert(SqlText::name_of(s.toks[i]));
  }
}

// Table references: every table but items, the columns metadata table, the
// query's CTEs and SQLite's own tables (left for the guard to refuse) is the
// item table misnamed. True when the query reads the metadata table.
bool ground_tables(SqlText& s) {
  bool metadata = false;
  for (size_t i = 0; i < s.toks.size(); ++i) {
    if (!s.is_name(i)) continue;
    const int p = s.prev(i);
    if (!(s.is_word(p, "from") || s.is_word(p, "join"))) continue;
    const int n = s.next(i);
    if (s.opens_call(n)) continue;  // a function
    const std::string name = SqlText::name_of(s.toks[i]);
    if (name == "columns") metadata = true;
    const bool internal = name.rfind("sqlite_", 0) == 0 || name.rfind("pragma_", 0) == 0;
    if (name != "items" && name != "columns" && !s.ctes.count(name) && !internal) {
      s.changes.push_back("table " + s.toks[i].text + " -> items");
      s.renamed.insert(name);
      s.toks[i] = {Tok::word, "items", "items"};
    }
    // A table alias right after the name.
    if (n >= 0 && s.toks[n].kind == Tok::word && !keywords().count(s.toks[n].value))
      s.aliases.insert(s.toks[n].value);
  }
  return metadata;
}

}  // namespace

struct SqlGrounder::Impl {
  const Catalog& catalog;
  const Vocabulary& vocab;
  std::vector<std::string> columns;  // item_id, title, then the catalog's
  std::unordered_map<std::string, std::string> known;  // lower -> spelling
  // Catalog column index -> (vocabulary categorical index, values by count).
  std::map<size_t, std::pair<size_t, std::vector<std::string>>> categorical;
  std::unordered_map<std::string, std::string> role_words;  // "rating" -> avg_rating

  Impl(const Catalog& c, const Vocabulary& v) : catalog(c), vocab(v) {
    columns = {"item_id", "title"};
    for (const auto& col : c.columns()) columns.push_back(col.name);
    for (const auto& col : columns) known[lowered(col)] = col;
    known["rowid"] = "rowid";
    for (size_t k = 0; k < v.categorical().size(); ++k) {
      const auto& cc = v.categorical()[k];
      std::vector<std::pair<size_t, std::string>> by_count;
      for (const auto& [value, n] : cc.counts) by_count.emplace_back(n, value);
      std::sort(by_count.begin(), by_count.end(), [](auto& a, auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      std::vector<std::string> values;
      for (auto& [n, value] : by_count) values.push_back(value);
      categorical[cc.column] = {k, std::move(values)};
    }
    // Generic words for a column's role, whatever the catalog calls it.
    auto role = [&](NumericRole r, std::initializer_list<const char*> words) {
      if (const NumericColumn* n = v.role(r))
        for (const char* w : words) role_words[w] = c.columns()[n->column].name;
    };
    role(NumericRole::year, {"year", "release_year", "released", "release_date", "date", "yr",
                             "publication_year", "published"});
    role(NumericRole::rating, {"rating", "ratings", "score", "stars", "avg_score", "average_rating",
                               "mean_rating", "user_rating"});
    role(NumericRole::price, {"price", "cost"});
    if (auto p = c.column_index("popularity"))
      for (const char* w : {"votes", "num_ratings", "rating_count", "ratings_count", "num_votes",
                            "views", "plays", "count", "popular", "popularity_score"})
        role_words[w] = c.columns()[*p].name;
    // The busiest multi-valued categorical column answers to "category".
    const CategoricalColumn* main = nullptr;
    for (const auto& cc : v.categorical())
      if (!main || (cc.multi && !main->multi)) main = &cc;
    if (main)
      for (const char* w : {"category", "categories", "type", "types", "kind", "tag", "class"})
        if (!known.count(w)) role_words[w] = main->name;
  }

  std::optional<std::string> nearest_column(const std::string& name) const {
    const std::string l = lowered(name);
    if (auto it = known.find(l); it != known.end()) return it->second;
    const std::string s = fuzzy::snake(name);
    if (auto it = role_words.find(s); it != role_words.end()) return it->second;
    if (s == "id" || (s.size() > 3 && s.compare(s.size() - 3, 3, "_id") == 0)) return std::string("item_id");
    if (s == "name" || (s.size() > 5 && (s.compare(s.size() - 5, 5, "_name") == 0 ||
                                         s.compare(s.size() - 5, 5, "title") == 0)))
      return std::string("title");
    const std::string stem = text::stem(s);
    for (const auto& col : columns)
      if (text::stem(lowered(col)) == stem) return col;
    // Shared name parts: release_year -> year, rating_avg -> avg_rating.
    const auto mine = parts_of(s);
    int best = -1;
    size_t best_overlap = 0, best_d = SIZE_MAX;
    for (size_t k = 0; k < columns.size(); ++k) {
      size_t overlap = 0;
      for (const auto& p : parts_of(columns[k]))
        if (std::find(mine.begin(), mine.end(), p) != mine.end()) ++overlap;
      if (!overlap) continue;
      size_t d = fuzzy::edit_distance(s, lowered(columns[k]));
      if (overlap > best_overlap || (overlap == best_overlap && d < best_d)) {
        best = static_cast<int>(k);
        best_overlap = overlap;
        best_d = d;
      }
    }
    if (best >= 0) return columns[best];
    int k = fuzzy::nearest(s, columns);
    if (k >= 0) return columns[k];
    return std::nullopt;
  }

  // The existing value of catalog column `col` nearest to `v`, if any.
  std::optional<std::string> nearest_value(size_t col, const std::string& v) const {
    auto it = categorical.find(col);
    if (it == categorical.end()) return std::nullopt;
    const auto& values = it->second.second;
    const std::string l = lowered(v);
    for (const auto& x : values)
      if (lowered(x) == l) return x;
    auto tokens = tokenize_text(v);
    if (!tokens.empty()) {
      auto m = vocab.match_value(tokens, 0, tokens.size());
      if (m && m->end == tokens.size() && m->column == it->second.first) return m->value;
    }
    const std::string norm = normalize_text(v);
    for (const auto& x : values)
      if (normalize_text(x) == norm) return x;
    int k = fuzzy::nearest(l, values);
    if (k >= 0) return values[k];
    return std::nullopt;
  }

  bool value_exists_within(size_t col, const std::string& core) const {
    auto it = categorical.find(col);
    if (it == categorical.end()) return true;  // not categorical: nothing to ground against
    const std::string l = lowered(core);
    for (const auto& x : it->second.second)
      if (lowered(x).find(l) != std::string::npos) return true;
    return false;
  }

  // Columns: unknown names mapped to the nearest column; an unknown
  // "..." compared with something is a string (SQLite reads it so anyway).
  void ground_columns(SqlText& s) const {
    for (size_t i = 0; i < s.toks.size(); ++i) {
      Tok& t = s.toks[i];
      if (!s.is_name(i)) continue;
      const int p = s.prev(i), n = s.next(i);
      const std::string name = SqlText::name_of(t);
      if (t.kind == Tok::quoted && t.text[0] == '"' && s.is_comparison(p) && !known.count(name)) {
        s.changes.push_back(t.text + " read as a string");
        t = {Tok::string, sql_string(t.value), t.value};
        continue;
      }
      if (t.kind == Tok::word && keywords().count(name)) continue;
      if (s.opens_call(n)) continue;  // function call
      if (n >= 0 && s.toks[n].text == ".") {  // qualifier
        if (s.renamed.count(name)) t = {Tok::word, "items", "items"};
        continue;
      }
      if (s.is_word(p, "from") || s.is_word(p, "join") || s.is_word(p, "as")) continue;
      if (name == "items" || s.ctes.count(name) || s.aliases.count(name)) continue;
      if (known.count(name)) continue;
      if (auto col = nearest_column(t.kind == Tok::quoted ? t.value : t.text)) {
        s.changes.push_back("column " + t.text + " -> " + *col);
        t = {Tok::word, *col, lowered(*col)};
      }
    }
  }

  // The known column compared by operator `op` ("genres LIKE", "NOT
  // genres =", "LOWER(genres) LIKE"), or -1.
  int compared_column(const SqlText& s, int op) const {
    int c = s.prev(op);
    if (s.is_word(c, "not")) c = s.prev(c);
    if (c >= 0 && s.toks[c].text == ")") {
      // LOWER(genres) LIKE '%comedy%': the column inside the call.
      int depth = 0;
      for (int k = c; k >= 0; --k) {
        if (s.toks[k].text == ")") ++depth;
        else if (s.toks[k].text == "(" && --depth == 0) break;
        else if (depth == 1 && s.toks[k].kind == Tok::word && known.count(s.toks[k].value)) {
          c = k;
          break;
        }
      }
    }
    if (c < 0 || s.toks[c].kind != Tok::word || !known.count(s.toks[c].value)) return -1;
    return c;
  }

  // col LIKE '%value%' with no catalog value containing it: the nearest value.
  void ground_like(SqlText& s, size_t i, size_t col, const std::string& col_name) const {
    const std::string pattern = s.toks[i].value;
    size_t b = 0, e = pattern.size();
    while (b < e && (pattern[b] == '%' || pattern[b] == '_')) ++b;
    while (e > b && (pattern[e - 1] == '%' || pattern[e - 1] == '_')) --e;
    std::string core = pattern.substr(b, e - b);
    if (core.empty() || core.find_first_of("%_") != std::string::npos) return;
    if (value_exists_within(col, core)) return;
    if (auto v = nearest_value(col, core)) {
      s.changes.push_back(col_name + " LIKE value '" + core + "' -> '" + *v + "'");
      s.toks[i] = {Tok::string, sql_string(pattern.substr(0, b) + *v + pattern.substr(e)), {}};
    }
  }

  // col = 'value': the nearest existing value; in a multi-valued column a
  // membership test, since a cell of several values never equals one.
  void ground_equals(SqlText& s, size_t i, int op, size_t col, const std::string& col_name) const {
    const std::string pattern = s.toks[i].value;
    std::optional<std::string> v = nearest_value(col, pattern);
    if (!v) return;
    if (*v != pattern) s.changes.push_back(col_name + " value '" + pattern + "' -> '" + *v + "'");
    if (catalog.columns()[col].multi) {
      const bool negated = s.toks[op].text == "!=" || s.toks[op].text == "<>";
      s.changes.push_back(col_name + (negated ? " <> " : " = ") + "'" + *v + "' -> " +
                          (negated ? "NOT LIKE" : "LIKE"));
      s.toks[op] = {Tok::word, negated ? "NOT LIKE" : "LIKE", "like"};
      s.toks[i] = {Tok::string, sql_string("%" + *v + "%"), {}};
    } else if (*v != pattern) {
      s.toks[i] = {Tok::string, sql_string(*v), {}};
    }
  }

  // Values compared with a categorical column.
  void ground_values(SqlText& s) const {
    for (size_t i = 0; i < s.toks.size(); ++i) {
      if (s.toks[i].kind != Tok::string) continue;
      const int op = s.prev(i);
      if (op < 0) continue;
      const Tok& o = s.toks[op];
      const bool like = s.is_word(op, "like");
      const bool eq = o.kind == Tok::punct && (o.text == "=" || o.text == "==" || o.text == "!=" || o.text == "<>");
      if (!like && !eq) continue;
      const int c = compared_column(s, op);
      if (c < 0) continue;
      const std::string& col_name = known.at(s.toks[c].value);
      auto idx = catalog.column_index(col_name);
      if (!idx || !categorical.count(*idx)) continue;
      if (like) ground_like(s, i, *idx, col_name);
      else ground_equals(s, i, op, *idx, col_name);
    }
  }

  GroundedSql ground(const std::string& sql) const {
    SqlText s;
    s.toks = tokenize_sql(sql);
    find_names(s);
    if (ground_tables(s)) return {sql, {}};  // metadata queries name the columns table's own columns
    ground_columns(s);
    ground_values(s);
    GroundedSql out;
    for (const auto& t : s.toks) out.sql += t.text;
    out.changes = std::move(s.changes);
    return out;
  }
};

SqlGrounder::SqlGrounder(const Catalog& catalog, const Vocabulary& vocabulary)
    : impl_(std::make_unique<Impl>(catalog, vocabulary)) {}
SqlGrounder::~SqlGrounder() = default;

GroundedSql SqlGrounder::ground(const std::string& sql) const {
  try {
    return impl_->ground(sql);
  } catch (...) {
    return {sql, {}};
  }
}

std::vector<std::string> SqlGrounder::ground_plan(Plan& plan) const {
  std::vector<std::string> changes;
  for (size_t k = 0; k < plan.steps.size(); ++k) {
    std::string* sql = nullptr;
    if (auto* lookup = std::get_if<LookupStep>(&plan.steps[k])) sql = &lookup->sql;
    if (auto* filter = std::get_if<HardFilterStep>(&plan.steps[k])) sql = &filter->sql;
    if (!sql) continue;
    GroundedSql g = ground(*sql);
    if (g.changes.empty()) continue;
    *sql = std::move(g.sql);
    for (auto& c : g.changes) changes.push_back("step " + std::to_string(k + 1) + ": " + c);
  }
  return changes;
}

}  // namespace interec

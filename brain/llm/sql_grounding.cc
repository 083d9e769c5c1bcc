#include "brain/llm/sql_grounding.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "brain/fuzzy.h"
#include "brain/rules/vocabulary.h"
#include "storage/title_index.h"

namespace interec {
namespace {

std::string lower(std::string_view s) {
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
      out.push_back({Tok::word, s.substr(start, i - start), lower(s.substr(start, i - start))});
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

std::string sql_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::vector<std::string> parts_of(const std::string& name) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : fuzzy::snake(name) + "_") {
    if (c == '_') {
      if (!cur.empty()) parts.push_back(light_stem(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return parts;
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
    for (const auto& col : columns) known[lower(col)] = col;
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
    const std::string l = lower(name);
    if (auto it = known.find(l); it != known.end()) return it->second;
    const std::string s = fuzzy::snake(name);
    if (auto it = role_words.find(s); it != role_words.end()) return it->second;
    if (s == "id" || (s.size() > 3 && s.compare(s.size() - 3, 3, "_id") == 0)) return std::string("item_id");
    if (s == "name" || (s.size() > 5 && (s.compare(s.size() - 5, 5, "_name") == 0 ||
                                         s.compare(s.size() - 5, 5, "title") == 0)))
      return std::string("title");
    const std::string stem = light_stem(s);
    for (const auto& col : columns)
      if (light_stem(lower(col)) == stem) return col;
    // Shared name parts: release_year -> year, rating_avg -> avg_rating.
    const auto mine = parts_of(s);
    int best = -1;
    size_t best_overlap = 0, best_d = SIZE_MAX;
    for (size_t k = 0; k < columns.size(); ++k) {
      size_t overlap = 0;
      for (const auto& p : parts_of(columns[k]))
        if (std::find(mine.begin(), mine.end(), p) != mine.end()) ++overlap;
      if (!overlap) continue;
      size_t d = fuzzy::edit_distance(s, lower(columns[k]));
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
    const std::string l = lower(v);
    for (const auto& x : values)
      if (lower(x) == l) return x;
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
    const std::string l = lower(core);
    for (const auto& x : it->second.second)
      if (lower(x).find(l) != std::string::npos) return true;
    return false;
  }

  GroundedSql ground(const std::string& sql) const {
    GroundedSql out;
    auto toks = tokenize_sql(sql);
    auto prev = [&](size_t i) -> int {  // previous non-space token
      for (int k = static_cast<int>(i) - 1; k >= 0; --k)
        if (toks[k].kind != Tok::space) return k;
      return -1;
    };
    auto next = [&](size_t i) -> int {
      for (size_t k = i + 1; k < toks.size(); ++k)
        if (toks[k].kind != Tok::space) return static_cast<int>(k);
      return -1;
    };
    auto is_word = [&](int k, const char* w) { return k >= 0 && toks[k].kind == Tok::word && toks[k].value == w; };
    auto name_of = [&](const Tok& t) { return t.kind == Tok::word ? t.value : lower(t.value); };

    std::set<std::string> ctes, aliases, renamed;
    bool metadata = false;
    // CTE names ("name AS (") and aliases ("AS name", "FROM items x").
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind != Tok::word && toks[i].kind != Tok::quoted) continue;
      int n = next(i);
      if (is_word(n, "as")) {
        int n2 = next(n);
        if (n2 >= 0 && toks[n2].text == "(") ctes.insert(name_of(toks[i]));
      }
      int p = prev(i);
      if (is_word(p, "as") && !(next(i) >= 0 && toks[next(i)].text == "(")) aliases.insert(name_of(toks[i]));
    }
    // Table references.
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind != Tok::word && toks[i].kind != Tok::quoted) continue;
      int p = prev(i);
      if (!(is_word(p, "from") || is_word(p, "join"))) continue;
      int n = next(i);
      if (n >= 0 && toks[n].text == "(") continue;  // a function
      const std::string name = name_of(toks[i]);
      if (name == "columns") metadata = true;
      // SQLite's own tables are not a misnamed item table: leave them for
      // the guard to refuse.
      const bool internal = name.rfind("sqlite_", 0) == 0 || name.rfind("pragma_", 0) == 0;
      if (name != "items" && name != "columns" && !ctes.count(name) && !internal) {
        out.changes.push_back("table " + toks[i].text + " -> items");
        renamed.insert(name);
        toks[i] = {Tok::word, "items", "items"};
      }
      // A table alias right after the name.
      if (n >= 0 && toks[n].kind == Tok::word && !keywords().count(toks[n].value))
        aliases.insert(toks[n].value);
    }
    if (metadata) return {sql, {}};  // metadata queries name the columns table's own columns

    auto is_operator = [&](int k) {
      if (k < 0) return false;
      const Tok& t = toks[k];
      if (t.kind == Tok::word) return t.value == "like" || t.value == "glob";
      return t.kind == Tok::punct && (t.text == "=" || t.text == "==" || t.text == "!=" ||
                                      t.text == "<>" || t.text == "<" || t.text == ">" ||
                                      t.text == "<=" || t.text == ">=");
    };
    // Columns.
    for (size_t i = 0; i < toks.size(); ++i) {
      Tok& t = toks[i];
      if (t.kind != Tok::word && t.kind != Tok::quoted) continue;
      int p = prev(i), n = next(i);
      const std::string name = name_of(t);
      if (t.kind == Tok::quoted && t.text[0] == '"' && is_operator(p) && !known.count(name)) {
        // SQLite reads an unknown "..." as a string; say so explicitly.
        out.changes.push_back(t.text + " read as a string");
        t = {Tok::string, sql_quote(t.value), t.value};
        continue;
      }
      if (t.kind == Tok::word && keywords().count(name)) continue;
      if (n >= 0 && toks[n].text == "(") continue;  // function call
      if (n >= 0 && toks[n].text == ".") {           // qualifier
        if (renamed.count(name)) t = {Tok::word, "items", "items"};
        continue;
      }
      if (is_word(p, "from") || is_word(p, "join") || is_word(p, "as")) continue;
      if (name == "items" || ctes.count(name) || aliases.count(name)) continue;
      if (known.count(name)) continue;
      if (auto col = nearest_column(t.kind == Tok::quoted ? t.value : t.text)) {
        out.changes.push_back("column " + t.text + " -> " + *col);
        t = {Tok::word, *col, lower(*col)};
      }
    }
    // Values compared with a categorical column.
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind != Tok::string) continue;
      int op = prev(i);
      if (op < 0) continue;
      const bool like = is_word(op, "like");
      const bool eq = toks[op].kind == Tok::punct &&
                      (toks[op].text == "=" || toks[op].text == "==" || toks[op].text == "!=" ||
                       toks[op].text == "<>");
      if (!like && !eq) continue;
      int c = prev(op);
      if (is_word(c, "not")) c = prev(c);
      if (c >= 0 && toks[c].text == ")") {
        // LOWER(genres) LIKE '%comedy%': the column inside the call.
        int depth = 0;
        for (int k = c; k >= 0; --k) {
          if (toks[k].text == ")") ++depth;
          else if (toks[k].text == "(" && --depth == 0) break;
          else if (depth == 1 && toks[k].kind == Tok::word && known.count(toks[k].value)) {
            c = k;
            break;
          }
        }
      }
      if (c < 0 || toks[c].kind != Tok::word || !known.count(toks[c].value)) continue;
      auto idx = catalog.column_index(known.at(toks[c].value));
      if (!idx || !categorical.count(*idx)) continue;
      const std::string& col_name = known.at(toks[c].value);
      const std::string pattern = toks[i].value;
      if (like) {
        size_t b = 0, e = pattern.size();
        while (b < e && (pattern[b] == '%' || pattern[b] == '_')) ++b;
        while (e > b && (pattern[e - 1] == '%' || pattern[e - 1] == '_')) --e;
        std::string core = pattern.substr(b, e - b);
        if (core.empty() || core.find_first_of("%_") != std::string::npos) continue;
        if (value_exists_within(*idx, core)) continue;
        if (auto v = nearest_value(*idx, core)) {
          out.changes.push_back(col_name + " LIKE value '" + core + "' -> '" + *v + "'");
          toks[i] = {Tok::string, sql_quote(pattern.substr(0, b) + *v + pattern.substr(e)), {}};
        }
      } else {
        std::optional<std::string> v = nearest_value(*idx, pattern);
        if (!v) continue;
        const bool multi = catalog.columns()[*idx].multi;
        if (*v != pattern) out.changes.push_back(col_name + " value '" + pattern + "' -> '" + *v + "'");
        if (multi) {
          // A multi-valued cell never equals one value; test membership.
          const bool negated = toks[op].text == "!=" || toks[op].text == "<>";
          out.changes.push_back(col_name + (negated ? " <> " : " = ") + "'" + *v + "' -> " +
                                (negated ? "NOT LIKE" : "LIKE"));
          toks[op] = {Tok::word, negated ? "NOT LIKE" : "LIKE", "like"};
          toks[i] = {Tok::string, sql_quote("%" + *v + "%"), {}};
        } else if (*v != pattern) {
          toks[i] = {Tok::string, sql_quote(*v), {}};
        }
      }
    }
    for (const auto& t : toks) out.sql += t.text;
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
    Step& step = plan.steps[k];
    if (step.tool != "lookup" && step.tool != "hard_filter") continue;
    nlohmann::json input = nlohmann::json::parse(step.input, nullptr, false);
    nlohmann::json* sql = nullptr;
    if (input.is_string()) sql = &input;
    else if (input.is_object() && input.contains("sql") && input["sql"].is_string()) sql = &input["sql"];
    if (!sql) continue;
    GroundedSql g = ground(sql->get<std::string>());
    if (g.changes.empty()) continue;
    *sql = g.sql;
    step.input = input.dump();
    for (auto& c : g.changes) changes.push_back("step " + std::to_string(k + 1) + ": " + c);
  }
  return changes;
}

}  // namespace interec

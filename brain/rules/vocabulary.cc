#include "brain/rules/vocabulary.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "brain/rules/sql_quote.h"
#include "config/resources.h"
#include "storage/text.h"

namespace interec {

namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A column name as words: "avg_rating" -> "avg rating".
std::string spaced_name(const std::string& name) {
  std::string spaced;
  for (char ch : name) spaced.push_back(is_ascii_alnum(static_cast<unsigned char>(ch)) ? lower_ascii(ch) : ' ');
  return spaced;
}

// Values that stand for "no value" in many catalogs.
bool is_placeholder(const std::string& norm_words) {
  static const std::unordered_set<std::string> kPlaceholders = {
      "unknown", "none", "other", "others", "n a", "na", "null", "nan", "true", "false",
      "yes", "no", "misc", "various", "undefined", "not available", "n", "a"};
  if (kPlaceholders.count(norm_words)) return true;
  if (norm_words.rfind("no ", 0) == 0) return true;  // "(no genres listed)"
  return false;
}

// Values after a column's name may be long ("Sealed Unit Parts Co., Inc.",
// "3D Printer Parts & Accessories"); longer ones are prose, not names.
constexpr size_t kMaxCuedValueBytes = 80;
constexpr size_t kMaxCuedValueWords = 10;

// Words and numbers of a catalog value or synonym (punctuation dropped).
struct ValueWords {
  std::vector<std::string> norms;
  std::vector<std::string> stems;
};

ValueWords value_words(std::string_view text) {
  ValueWords w;
  for (auto& t : tokenize_text(text)) {
    if (t.kind == Token::punct) continue;
    w.norms.push_back(t.norm);
    w.stems.push_back(t.stem);
  }
  return w;
}

std::string join(const std::vector<std::string>& parts, size_t n, const char* sep) {
  std::string out;
  for (size_t i = 0; i < n && i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i <= s.size();) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// Whether two spellings with the same stem are one word to a user. Snowball
// also strips derivational endings, so a shared stem is not enough:
// "animals" and "animation" share "anim". They are one word when the stem
// covers 70% of the longer spelling ("comedies" and "comedy", "stories" and
// "story", "kids" and "kid") or their common start 80% ("endings" and
// "ending", stem "end"); not "animal" and "animation", "animated" or "anime".
bool alike(std::string_view a, std::string_view b, std::string_view stem) {
  if (a == b) return true;
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  const size_t longer = std::max(a.size(), b.size());
  return stem.size() * 10 >= longer * 7 || common * 10 >= longer * 8;
}

// alike() word by word for phrases of as many words, else on the joined
// words ("scifi" for "sci fi").
bool alike_by_stem(std::string_view user, std::string_view spelled, std::string_view key) {
  if (user == spelled) return true;
  const auto u = split_words(user), p = split_words(spelled), k = split_words(key);
  if (u.size() == p.size() && u.size() == k.size()) {
    for (size_t i = 0; i < u.size(); ++i)
      if (!alike(u[i], p[i], k[i])) return false;
    return true;
  }
  auto glued = [](const std::vector<std::string_view>& words) {
    std::string out;
    for (auto w : words) out += w;
    return out;
  };
  return alike(glued(u), glued(p), glued(k));
}

// The role a numeric column's name and values suggest.
NumericRole role_of(const NumericColumn& num, const std::string& lname, ColumnType type) {
  const bool ratingish = lname.find("rating") != std::string::npos ||
                         lname.find("score") != std::string::npos ||
                         lname.find("stars") != std::string::npos;
  const bool priceish = lname.find("price") != std::string::npos || lname.find("cost") != std::string::npos;
  const bool yearish = lname == "year" || ends_with(lname, "_year") ||
                       (num.integer && !num.sorted.empty() && num.min >= 1800 && num.max <= 2100);
  if (ratingish) return NumericRole::rating;
  if (priceish) return NumericRole::price;
  if (yearish && type == ColumnType::integer) return NumericRole::year;
  if (yearish && num.integer) return NumericRole::year;
  return NumericRole::other;
}

}  // namespace

const char* to_string(NumericRole role) {
  switch (role) {
    case NumericRole::year: return "year";
    case NumericRole::rating: return "rating";
    case NumericRole::price: return "price";
    case NumericRole::other: return "other";
  }
  return "other";
}

size_t NumericColumn::count_in(double lo, bool lo_strict, double hi, bool hi_strict) const {
  auto first = sorted.begin();
  auto last = sorted.end();
  if (!std::isnan(lo))
    first = lo_strict ? std::upper_bound(sorted.begin(), sorted.end(), lo)
                      : std::lower_bound(sorted.begin(), sorted.end(), lo);
  if (!std::isnan(hi))
    last = hi_strict ? std::lower_bound(sorted.begin(), sorted.end(), hi)
                     : std::upper_bound(sorted.begin(), sorted.end(), hi);
  return last > first ? static_cast<size_t>(last - first) : 0;
}

// ---------------------------------------------------------------------------
// Vocabulary

Vocabulary::Vocabulary(const Catalog& catalog, const std::string& synonyms_path,
                       std::shared_ptr<const ColumnFacts> facts)
    : facts_(facts ? std::move(facts) : ColumnFacts::build(catalog)) {
  learn_column_names(catalog);
  for (size_t c = 0; c < catalog.columns().size(); ++c) {
    if (catalog.columns()[c].type == ColumnType::text) learn_categorical(catalog, c);
    else learn_numeric(catalog, c);
  }
  // Columns with fewer distinct values come first: they are the better
  // categories when a word names values of several columns.
  std::stable_sort(categorical_.begin(), categorical_.end(),
                   [](const auto& a, const auto& b) { return a.distinct < b.distinct; });
  pick_roles();
  index_values();
  index_phrases();
  load_synonyms(synonyms_path.empty() ? Resources().synonyms() : synonyms_path);
}

// Column names, by the stems of their parts.
void Vocabulary::learn_column_names(const Catalog& catalog) {
  const auto& cols = catalog.columns();
  for (size_t c = 0; c < cols.size(); ++c) {
    ValueWords w = value_words(spaced_name(cols[c].name));
    std::vector<std::string> stems = w.stems;
    if (w.norms.size() > 1) stems.push_back(text::stem(join(w.norms, w.norms.size(), "")));
    for (auto& s : stems) {
      auto& v = column_stems_[s];
      if (std::find(v.begin(), v.end(), c) == v.end()) v.push_back(c);
    }
  }
}

// A text column: a description, or a category when its values are few
// enough (at most max(50, items / 2) distinct ones).
void Vocabulary::learn_categorical(const Catalog& catalog, size_t c) {
  const ColumnInfo& info = catalog.columns()[c];
  const size_t items = catalog.size();
  const std::string lname = text::ascii_lower(info.name);
  if (lname == "description" || lname == "overview" || lname == "plot" || lname == "summary" ||
      lname == "synopsis") {
    if (!description_) description_ = c;
    return;
  }
  if (lname == "title" || lname == "item_id" || lname == "id" || lname.find("url") != std::string::npos)
    return;
  CategoricalColumn cat;
  cat.column = c;
  cat.name = info.name;
  cat.multi = info.multi;
  if (facts_->too_many_values(c)) return;  // too many to be categories
  // In the order the catalog first has them: the map then iterates as when
  // it was counted here.
  for (size_t k = 0; k < facts_->values(c); ++k)
    cat.counts.emplace(std::string(facts_->value(c, k)), facts_->value_count(c, k));
  cat.distinct = cat.counts.size();
  if (cat.distinct == 0 || cat.distinct > std::max<size_t>(50, items / 2)) return;
  std::vector<std::pair<size_t, std::string>> by_count;
  for (auto& [v, k] : cat.counts) by_count.emplace_back(k, v);
  std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; k < by_count.size() && cat.top_values.size() < 5; ++k) {
    ValueWords w = value_words(by_count[k].second);
    if (!w.norms.empty() && !is_placeholder(join(w.norms, w.norms.size(), " ")))
      cat.top_values.push_back(by_count[k].second);
  }
  categorical_.push_back(std::move(cat));
}

// An integer, real or date column (a date column's numbers are its years).
void Vocabulary::learn_numeric(const Catalog& catalog, size_t c) {
  const auto& cols = catalog.columns();
  const ColumnInfo& info = cols[c];
  const std::string lname = text::ascii_lower(info.name);
  NumericColumn num;
  num.column = c;
  num.name = info.name;
  num.sql = sql_identifier(info.name);
  if (info.type == ColumnType::date) {
    // Prefer the importer's integer companion D_year when there is one.
    if (catalog.column_index(info.name + "_year")) return;
    num.name = info.name + " year";
    num.sql = "CAST(substr(" + sql_identifier(info.name) + ", 1, 4) AS INTEGER)";
    num.role = NumericRole::year;
    num.date_column = c;
  }
  num.sorted = facts_->sorted_numbers(c);
  num.integer = facts_->integer(c);
  if (!num.sorted.empty()) {
    num.min = num.sorted.front();
    num.max = num.sorted.back();
  }
  num.name_stems = value_words(spaced_name(info.name)).stems;
  if (ends_with(lname, "_year")) {
    if (auto d = catalog.column_index(info.name.substr(0, info.name.size() - 5));
        d && cols[*d].type == ColumnType::date)
      num.date_column = *d;
  }
  if (num.role != NumericRole::year) num.role = role_of(num, lname, info.type);
  numeric_.push_back(std::move(num));
}

// Role columns: the most specific name wins.
void Vocabulary::pick_roles() {
  auto pick = [&](NumericRole role, auto rank) {
    int best = -1;
    int best_rank = 1 << 30;
    for (size_t k = 0; k < numeric_.size(); ++k) {
      if (numeric_[k].role != role) continue;
      const int r = rank(text::ascii_lower(numeric_[k].name));
      if (r < best_rank) {
        best_rank = r;
        best = static_cast<int>(k);
      }
    }
    return best;
  };
  year_ = pick(NumericRole::year, [](const std::string& n) {
    return (n == "year" ? 0 : ends_with(n, "_year") ? 1000 : 2000) + static_cast<int>(n.size());
  });
  rating_ = pick(NumericRole::rating, [](const std::string& n) {
    return (n.find("rating") != std::string::npos ? 0
            : n.find("score") != std::string::npos ? 1000 : 2000) +
           static_cast<int>(n.size());
  });
  price_ = pick(NumericRole::price, [](const std::string& n) {
    return (n == "price" ? 0 : 1000) + static_cast<int>(n.size());
  });
}

// Every value, for matching after the column's name.
void Vocabulary::index_values() {
  column_values_.resize(categorical_.size());
  for (size_t k = 0; k < categorical_.size(); ++k)
    for (const auto& [value, count] : categorical_[k].counts) {
      if (value.size() > kMaxCuedValueBytes) continue;
      ValueWords w = value_words(value);
      if (w.stems.empty() || w.stems.size() > kMaxCuedValueWords) continue;
      column_values_[k][join(w.stems, w.stems.size(), " ")].push_back(value);
      max_value_words_ = std::max(max_value_words_, w.stems.size());
    }
}

// Value phrases: the values common enough to recognise unprompted.
void Vocabulary::index_phrases() {
  for (size_t k = 0; k < categorical_.size(); ++k) {
    // In a column with many distinct values (free tags), values on a handful
    // of items are noise ("movies", "good"): only values on >= 5 items count.
    const size_t min_count = categorical_[k].distinct > 100 ? 5 : 1;
    for (const auto& [value, count] : categorical_[k].counts) {
      if (count < min_count) continue;
      if (value.size() > 60) continue;
      ValueWords w = value_words(value);
      if (w.norms.empty() || w.norms.size() > 6) continue;
      const std::string norm = join(w.norms, w.norms.size(), " ");
      if (is_placeholder(norm)) continue;
      bool has_letter = false;
      for (char ch : norm)
        if (ch >= 'a' && ch <= 'z') has_letter = true;
      if (!has_letter) continue;
      if (w.norms.size() == 1 && (text::is_stopword(w.norms[0]) || w.norms[0].size() < 2)) continue;
      add_phrase(join(w.stems, w.stems.size(), " "), Entry{static_cast<uint32_t>(k), value, norm, 2, norm});
      if (w.norms.size() == 2)  // "scifi"
        add_phrase(text::stem(w.norms[0] + w.norms[1]),
                   Entry{static_cast<uint32_t>(k), value, norm, 2, w.norms[0] + w.norms[1]});
      max_phrase_words_ = std::max(max_phrase_words_, w.norms.size());
    }
  }
}

void Vocabulary::add_phrase(const std::string& key, const Entry& entry) {
  auto& v = phrases_[key];
  for (const auto& e : v)
    if (e.column == entry.column && e.value == entry.value && e.spelled == entry.spelled) return;
  v.push_back(entry);
}

void Vocabulary::load_synonyms(const std::string& path) {
  std::ifstream in(path);
  // Without its synonyms the brain would plan differently: never silently.
  if (!in) throw ResourceError("cannot read the synonyms file " + path);
  std::string line;
  struct Pair {
    std::string from, to, spelled;  // stem keys, and the words people say
  };
  std::vector<Pair> pairs;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    ValueWords from = value_words(line.substr(0, tab));
    ValueWords to = value_words(line.substr(tab + 1));
    if (from.stems.empty() || to.stems.empty() || from.stems.size() > 6) continue;
    pairs.push_back(Pair{join(from.stems, from.stems.size(), " "), join(to.stems, to.stems.size(), " "),
                         join(from.norms, from.norms.size(), " ")});
    max_phrase_words_ = std::max(max_phrase_words_, from.stems.size());
  }
  for (const auto& [from, to, spelled] : pairs) {
    auto it = phrases_.find(to);
    if (it == phrases_.end()) continue;  // the target is not a value of this catalog
    std::vector<Entry> targets;
    for (const auto& e : it->second)
      if (e.quality == 2) targets.push_back(Entry{e.column, e.value, e.norm, 1, spelled});
    for (const auto& e : targets) add_phrase(from, e);
    if (!targets.empty()) ++synonyms_;
  }
}

const NumericColumn* Vocabulary::role(NumericRole r) const {
  int k = r == NumericRole::year ? year_ : r == NumericRole::rating ? rating_
          : r == NumericRole::price ? price_ : -1;
  return k >= 0 ? &numeric_[static_cast<size_t>(k)] : nullptr;
}

const NumericColumn* Vocabulary::numeric_at(size_t column) const {
  for (const auto& n : numeric_)
    if (n.column == column) return &n;
  return nullptr;
}

std::vector<size_t> Vocabulary::columns_named(const std::string& stem) const {
  auto it = column_stems_.find(stem);
  return it == column_stems_.end() ? std::vector<size_t>{} : it->second;
}

std::vector<std::string> Vocabulary::spellings(size_t k, const std::string& value) const {
  std::vector<std::string> out{value};
  if (k >= column_values_.size()) return out;
  const ValueWords w = value_words(value);
  auto it = column_values_[k].find(join(w.stems, w.stems.size(), " "));
  if (it == column_values_[k].end()) return out;
  for (const auto& v : it->second)
    if (v != value) out.push_back(v);
  // The same order whatever the hash map's: plans must be reproducible.
  std::sort(out.begin() + 1, out.end());
  return out;
}

std::optional<ValueMatch> Vocabulary::match_value_in(size_t k, const std::vector<Token>& tokens,
                                                     size_t pos, size_t end) const {
  if (k >= column_values_.size() || pos >= end || pos >= tokens.size() ||
      tokens[pos].kind == Token::punct)
    return std::nullopt;
  // The words ahead, skipping punctuation ("Sealed Unit Parts Co., Inc.").
  std::vector<size_t> idx;
  for (size_t i = pos; i < end && i < tokens.size() && idx.size() < max_value_words_; ++i)
    if (tokens[i].kind != Token::punct) idx.push_back(i);
  const auto& values = column_values_[k];
  std::string key;
  std::vector<std::string> keys;
  for (size_t m = 0; m < idx.size(); ++m) {
    if (m) key += ' ';
    key += tokens[idx[m]].stem;
    keys.push_back(key);
  }
  for (size_t n = idx.size(); n >= 1; --n) {
    auto it = values.find(keys[n - 1]);
    if (it == values.end()) continue;
    std::string norm;
    for (size_t m = 0; m < n; ++m) norm += (m ? " " : "") + tokens[idx[m]].norm;
    // Same stems, several spellings: the one written the same way, else the
    // one on most items.
    const std::string* best = nullptr;
    int best_quality = 0;
    size_t best_count = 0;
    for (const auto& v : it->second) {
      const int q = join(value_words(v).norms, n, " ") == norm ? 3 : 2;
      const size_t count = categorical_[k].counts.at(v);
      if (!best || q > best_quality || (q == best_quality && count > best_count)) {
        best = &v;
        best_quality = q;
        best_count = count;
      }
    }
    return ValueMatch{k, *best, idx[n - 1] + 1, best_quality};
  }
  return std::nullopt;
}

std::optional<ValueMatch> Vocabulary::match_value(const std::vector<Token>& tokens, size_t pos,
                                                  size_t end) const {
  if (pos >= end || pos >= tokens.size() || tokens[pos].kind == Token::punct) return std::nullopt;
  // The words of the candidate phrase: skip joining punctuation between words.
  std::vector<size_t> idx;
  size_t i = pos;
  while (i < end && i < tokens.size() && idx.size() < max_phrase_words_) {
    const Token& t = tokens[i];
    if (t.kind != Token::punct) {
      idx.push_back(i);
      ++i;
      continue;
    }
    const bool joiner = t.norm == "-" || t.norm == "/" || t.norm == "&" || t.norm == "+";
    if (!joiner || i + 1 >= end || tokens[i + 1].kind == Token::punct) break;
    ++i;
  }
  for (size_t k = idx.size(); k >= 1; --k) {
    std::string key, norm;
    for (size_t m = 0; m < k; ++m) {
      if (m) {
        key += ' ';
        norm += ' ';
      }
      key += tokens[idx[m]].stem;
      norm += tokens[idx[m]].norm;
    }
    if (k == 1 && text::is_stopword(norm)) continue;
    auto it = phrases_.find(key);
    if (it == phrases_.end()) continue;
    auto quality = [&](const Entry& e) { return e.quality == 2 ? (e.norm == norm ? 3 : 2) : 1; };
    // A value spelled as the user wrote it rules out values that only share
    // its stem ("music" is the tag music, not the genre Musical); a synonym
    // keeps its place (the word list says what "funny" means).
    bool spelled_so = false;
    for (const auto& e : it->second) spelled_so = spelled_so || quality(e) == 3;
    const Entry* best = nullptr;
    int best_quality = 0;
    size_t best_count = 0;
    for (const auto& e : it->second) {
      if (!alike_by_stem(norm, e.spelled, key)) continue;
      const int q = quality(e);
      if (spelled_so && q == 2) continue;
      const size_t count = categorical_[e.column].counts.at(e.value);
      if (!best || e.column < best->column ||
          (e.column == best->column &&
           (q > best_quality || (q == best_quality && count > best_count)))) {
        best = &e;
        best_quality = q;
        best_count = count;
      }
    }
    if (best) return ValueMatch{best->column, best->value, idx[k - 1] + 1, best_quality};
  }
  return std::nullopt;
}

}  // namespace interec

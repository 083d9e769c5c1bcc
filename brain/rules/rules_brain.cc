// The rules brain: message -> tokens -> (seed titles, numeric ranges, counts,
// wanted / excluded catalog values) -> plan.
//
// Decisions (see also docs/architecture.md):
// * One hard_filter step holds every condition, ANDed, listed with a label
//   and a priority: 3 = an exclusion the user stated, 2 = a wanted category
//   value, 1 = a numeric or date range. Within one priority the conditions
//   are listed from the one that removes the fewest catalog items to the one
//   that removes the most, so that "the last listed among the lowest
//   priority" (docs) is also "the one that removed the most" (brain.h).
// * Several wanted values of one multi-valued column: values joined into a
//   list by "or" or "/" ("comedy or drama", "comedy, drama or war") make ONE
//   condition with OR inside; otherwise each value is its own condition and
//   all are required ("a romantic comedy", "comedy and drama"). Wanted
//   values of a single-valued column are always alternatives (col IN (...)).
//   Each excluded value is its own condition.
// * Several constraints on one numeric column are intersected into one range
//   ("from the 90s but nothing before 1995" -> year BETWEEN 1995 AND 1999).
//   For whole-number columns "after X" means >= X+1 and "before X" <= X-1.
// * "more" / "something else" / "others" with nothing else usable re-plans
//   the previous user request found in the dialogue (the map tool skips the
//   items already shown).
// * A refinement ("not those, it also has ...", "... as well", "none of
//   these") adds to the conditions of the request it refines: its text is
//   parsed together with the earlier user messages back to the last one that
//   was not itself a refinement. What the message teaches about lasting
//   tastes comes from the message alone (earlier turns taught theirs).
// * Questions about named items ("when was Fargo released?") give a lookup
//   step only, selecting title plus the columns the question asks about
//   (all columns when it names none).
#include "brain/rules/rules_brain.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "tools/toolbox.h"

namespace interec {

namespace {

using json = nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kDash = "\xE2\x80\x93";  // en dash

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

enum class Cmp { none, eq, gt, ge, lt, le, between };

Cmp flip(Cmp c) {
  switch (c) {
    case Cmp::gt: return Cmp::le;
    case Cmp::ge: return Cmp::lt;
    case Cmp::lt: return Cmp::ge;
    case Cmp::le: return Cmp::gt;
    default: return c;
  }
}

struct Phrase {
  std::vector<const char*> words;
  Cmp cmp;
  NumericRole hint;  // other = no hint
};

// Comparators written before a quantity ("rated above 4", "before 1980").
const std::vector<Phrase>& before_phrases() {
  static const std::vector<Phrase> k = {
      {{"more", "expensive", "than"}, Cmp::gt, NumericRole::price},
      {{"no", "more", "than"}, Cmp::le, NumericRole::other},
      {{"not", "more", "than"}, Cmp::le, NumericRole::other},
      {{"no", "less", "than"}, Cmp::ge, NumericRole::other},
      {{"not", "less", "than"}, Cmp::ge, NumericRole::other},
      {{"no", "earlier", "than"}, Cmp::ge, NumericRole::year},
      {{"no", "later", "than"}, Cmp::le, NumericRole::year},
      {{"no", "older", "than"}, Cmp::ge, NumericRole::year},
      {{"no", "newer", "than"}, Cmp::le, NumericRole::year},
      {{"more", "than"}, Cmp::gt, NumericRole::other},
      {{"greater", "than"}, Cmp::gt, NumericRole::other},
      {{"higher", "than"}, Cmp::gt, NumericRole::other},
      {{"better", "than"}, Cmp::gt, NumericRole::other},
      {{"bigger", "than"}, Cmp::gt, NumericRole::other},
      {{"larger", "than"}, Cmp::gt, NumericRole::other},
      {{"newer", "than"}, Cmp::gt, NumericRole::year},
      {{"later", "than"}, Cmp::gt, NumericRole::year},
      {{"pricier", "than"}, Cmp::gt, NumericRole::price},
      {{"at", "least"}, Cmp::ge, NumericRole::other},
      {{"less", "than"}, Cmp::lt, NumericRole::other},
      {{"fewer", "than"}, Cmp::lt, NumericRole::other},
      {{"lower", "than"}, Cmp::lt, NumericRole::other},
      {{"worse", "than"}, Cmp::lt, NumericRole::other},
      {{"older", "than"}, Cmp::lt, NumericRole::year},
      {{"earlier", "than"}, Cmp::lt, NumericRole::year},
      {{"prior", "to"}, Cmp::lt, NumericRole::year},
      {{"cheaper", "than"}, Cmp::lt, NumericRole::price},
      {{"at", "most"}, Cmp::le, NumericRole::other},
      {{"up", "to"}, Cmp::le, NumericRole::other},
      {{">", "="}, Cmp::ge, NumericRole::other},
      {{"<", "="}, Cmp::le, NumericRole::other},
      {{"above"}, Cmp::gt, NumericRole::other},
      {{"over"}, Cmp::gt, NumericRole::other},
      {{"exceeding"}, Cmp::gt, NumericRole::other},
      {{"after"}, Cmp::gt, NumericRole::year},
      {{"post"}, Cmp::gt, NumericRole::year},
      {{">"}, Cmp::gt, NumericRole::other},
      {{"minimum"}, Cmp::ge, NumericRole::other},
      {{"min"}, Cmp::ge, NumericRole::other},
      {{"since"}, Cmp::ge, NumericRole::year},
      {{"below"}, Cmp::lt, NumericRole::other},
      {{"under"}, Cmp::lt, NumericRole::other},
      {{"before"}, Cmp::lt, NumericRole::year},
      {{"pre"}, Cmp::lt, NumericRole::year},
      {{"<"}, Cmp::lt, NumericRole::other},
      {{"maximum"}, Cmp::le, NumericRole::other},
      {{"max"}, Cmp::le, NumericRole::other},
      {{"until"}, Cmp::le, NumericRole::year},
      {{"till"}, Cmp::le, NumericRole::year},
      {{"through"}, Cmp::le, NumericRole::year},
      {{"between"}, Cmp::between, NumericRole::other},
      {{"released", "in"}, Cmp::eq, NumericRole::year},
      {{"made", "in"}, Cmp::eq, NumericRole::year},
      {{"from"}, Cmp::eq, NumericRole::other},
      {{"in"}, Cmp::eq, NumericRole::other},
      {{"of"}, Cmp::eq, NumericRole::other},
      {{"during"}, Cmp::eq, NumericRole::year},
      {{"circa"}, Cmp::eq, NumericRole::year},
      {{"="}, Cmp::eq, NumericRole::other},
  };
  return k;
}

// Comparators written after a quantity ("4 stars or more", "1995 onwards").
const std::vector<Phrase>& after_phrases() {
  static const std::vector<Phrase> k = {
      {{"or", "more"}, Cmp::ge, NumericRole::other},
      {{"or", "higher"}, Cmp::ge, NumericRole::other},
      {{"or", "above"}, Cmp::ge, NumericRole::other},
      {{"or", "better"}, Cmp::ge, NumericRole::other},
      {{"or", "greater"}, Cmp::ge, NumericRole::other},
      {{"or", "over"}, Cmp::ge, NumericRole::other},
      {{"or", "later"}, Cmp::ge, NumericRole::year},
      {{"or", "newer"}, Cmp::ge, NumericRole::year},
      {{"or", "after"}, Cmp::ge, NumericRole::year},
      {{"and", "up"}, Cmp::ge, NumericRole::other},
      {{"and", "above"}, Cmp::ge, NumericRole::other},
      {{"and", "higher"}, Cmp::ge, NumericRole::other},
      {{"and", "later"}, Cmp::ge, NumericRole::year},
      {{"and", "newer"}, Cmp::ge, NumericRole::year},
      {{"and", "after"}, Cmp::ge, NumericRole::year},
      {{"onwards"}, Cmp::ge, NumericRole::year},
      {{"onward"}, Cmp::ge, NumericRole::year},
      {{"on"}, Cmp::ge, NumericRole::year},
      {{"+"}, Cmp::ge, NumericRole::other},
      {{"plus"}, Cmp::ge, NumericRole::other},
      {{"or", "less"}, Cmp::le, NumericRole::other},
      {{"or", "lower"}, Cmp::le, NumericRole::other},
      {{"or", "below"}, Cmp::le, NumericRole::other},
      {{"or", "under"}, Cmp::le, NumericRole::other},
      {{"or", "cheaper"}, Cmp::le, NumericRole::price},
      {{"or", "earlier"}, Cmp::le, NumericRole::year},
      {{"or", "before"}, Cmp::le, NumericRole::year},
      {{"or", "older"}, Cmp::le, NumericRole::year},
      {{"and", "below"}, Cmp::le, NumericRole::other},
      {{"and", "under"}, Cmp::le, NumericRole::other},
      {{"and", "earlier"}, Cmp::le, NumericRole::year},
      {{"and", "older"}, Cmp::le, NumericRole::year},
      {{"and", "before"}, Cmp::le, NumericRole::year},
  };
  return k;
}

const std::unordered_set<std::string>& negation_words() {
  static const std::unordered_set<std::string> k = {
      "no", "not", "nothing", "none", "never", "without", "except", "excluding", "exclude",
      "avoid", "hate", "dislike", "dont", "doesnt", "isnt", "arent", "non", "neither", "nor",
      "minus", "skip", "nope", "cant", "wont", "detest", "loathe"};
  return k;
}

// Units right after a quantity and the role they imply.
std::optional<NumericRole> unit_role(const std::string& norm) {
  static const std::unordered_map<std::string, NumericRole> k = {
      {"star", NumericRole::rating},   {"stars", NumericRole::rating},
      {"points", NumericRole::rating}, {"$", NumericRole::price},
      {"dollar", NumericRole::price},  {"dollars", NumericRole::price},
      {"bucks", NumericRole::price},   {"buck", NumericRole::price},
      {"usd", NumericRole::price},     {"eur", NumericRole::price},
      {"euro", NumericRole::price},    {"euros", NumericRole::price},
      {"\xE2\x82\xAC", NumericRole::price}, {"\xC2\xA3", NumericRole::price},
      {"pounds", NumericRole::price},
  };
  auto it = k.find(norm);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

// Words near a quantity that say which role it has (by stem).
std::optional<NumericRole> cue_role(const std::string& stem) {
  static const std::unordered_map<std::string, NumericRole> k = {
      {"rat", NumericRole::rating},     {"scor", NumericRole::rating},
      {"star", NumericRole::rating},    {"review", NumericRole::rating},
      {"pric", NumericRole::price},     {"cost", NumericRole::price},
      {"cheap", NumericRole::price},    {"cheaper", NumericRole::price},
      {"expensive", NumericRole::price}, {"dollar", NumericRole::price},
      {"$", NumericRole::price},        {"spend", NumericRole::price},
      {"year", NumericRole::year},      {"releas", NumericRole::year},
      {"mad", NumericRole::year},       {"came", NumericRole::year},
      {"publish", NumericRole::year},   {"dat", NumericRole::year},
  };
  auto it = k.find(stem);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

std::optional<int> number_word(const std::string& norm) {
  static const std::unordered_map<std::string, int> k = {
      {"one", 1},      {"two", 2},       {"three", 3},     {"four", 4},     {"five", 5},
      {"six", 6},      {"seven", 7},     {"eight", 8},     {"nine", 9},     {"ten", 10},
      {"eleven", 11},  {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
      {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
      {"thirty", 30},  {"forty", 40},    {"fifty", 50},    {"dozen", 12}};
  auto it = k.find(norm);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

// A numeric quantity in the text: a number, or a decade ("90s", "nineties").
struct Quantity {
  double lo = 0, hi = 0;   // the interval it stands for
  size_t start = 0, end = 0;  // token span (end exclusive)
  bool decade = false;
  bool year_like = false;  // a 4-digit whole number in 1800..2100
  bool integer = true;
};

struct NumRange {
  double lo = kNaN, hi = kNaN;
  bool lo_strict = false, hi_strict = false;
  size_t first_mention = 0;
  std::vector<std::pair<double, double>> excluded;  // inclusive intervals
  bool has_range = false;
};

struct Cond {
  std::string label;
  std::string sql;
  int priority = 0;
  size_t removes = 0;  // catalog items it removes on its own
  size_t mention = 0;  // token position of its first mention
};

struct ValueRun {
  size_t column;  // categorical index
  std::vector<std::string> values;
  bool any_or = false;
  size_t mention = 0;
  size_t end = 0;  // token index just past the last value
};

struct Parse {
  std::vector<ItemIndex> seeds;
  std::vector<ValueRun> wanted;
  std::vector<std::pair<size_t, std::string>> excluded;  // (categorical, value)
  std::vector<size_t> excluded_mention;
  std::map<size_t, NumRange> numeric;  // vocabulary numeric index -> range
  std::optional<size_t> n;
  // Lasting tastes the message states ("I loved X", "I hate horror", "I've seen Y").
  std::vector<ItemIndex> liked_items, consumed_items, disliked_items;
  std::vector<std::pair<size_t, std::string>> liked_values, disliked_values;
  bool popularity = false;
  bool rec_cue = false;
  bool more_cue = false;
  bool has_content() const {
    return !seeds.empty() || !wanted.empty() || !excluded.empty() || !numeric.empty() ||
           popularity;
  }
};

}  // namespace

// ---------------------------------------------------------------------------

struct RulesBrain::Impl {
  std::shared_ptr<const Catalog> catalog;
  std::shared_ptr<const TitleIndex> titles;
  RulesBrainOptions options;
  Vocabulary vocab;
  std::unordered_map<std::string, std::vector<ItemIndex>> exact_titles;  // normalize_title -> items
  size_t max_title_words = 1;
  std::vector<std::vector<std::string>> column_name_stems;  // per categorical column

  Impl(std::shared_ptr<const Catalog> c, std::shared_ptr<const TitleIndex> t, RulesBrainOptions o)
      : catalog(std::move(c)), titles(std::move(t)), options(std::move(o)),
        vocab(*catalog, options.synonyms_path) {
    for (size_t i = 0; i < catalog->size(); ++i) {
      const std::string key = normalize_title(catalog->title(static_cast<ItemIndex>(i)));
      if (key.empty()) continue;
      exact_titles[key].push_back(static_cast<ItemIndex>(i));
      const size_t words = static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
      max_title_words = std::max(max_title_words, words);
    }
    for (const auto& col : vocab.categorical()) {
      std::string spoken = col.name;
      std::replace(spoken.begin(), spoken.end(), '_', ' ');
      std::vector<std::string> stems;
      for (const auto& tok : tokenize_text(spoken)) stems.push_back(tok.stem);
      column_name_stems.push_back(std::move(stems));
    }
    // Product titles run long ("Neiko 50458A Snap Ring Shop Assortment, 300
    // Count 18 Sizes (1/8 - 1-1/4) Hardened Steel"): a user pasting one must
    // be understood. The bound only keeps a pathological catalog cheap.
    max_title_words = std::min<size_t>(max_title_words, 64);
  }

  BrainPlan plan(const BrainRequest& request) const;
  BrainPlan plan_text(const std::string& text, const BrainRequest& request, int depth) const;

  // --- parsing -----------------------------------------------------------
  struct Ctx {
    const std::string& text;
    std::vector<Token> t;
    std::vector<char> used;
    const std::string& norm(size_t i) const {
      static const std::string empty;
      return i < t.size() ? t[i].norm : empty;
    }
    bool is(size_t i, const char* w) const { return i < t.size() && t[i].norm == w; }
    bool free(size_t i) const { return i < t.size() && !used[i]; }
    bool boundary(size_t i) const {
      if (i >= t.size()) return true;
      const auto& n = t[i].norm;
      return t[i].kind == Token::punct &&
             (n == "," || n == "." || n == "?" || n == "!" || n == ";" || n == ":" || n == "(" ||
              n == ")" || n == "\"");
    }
  };

  Parse parse(Ctx& c) const;
  void find_seeds(Ctx& c, Parse& p) const;
  std::optional<std::pair<ItemIndex, size_t>> seed_at(Ctx& c, size_t pos, bool allow_fuzzy) const;
  void find_numbers(Ctx& c, Parse& p) const;
  std::optional<Quantity> quantity_at(const Ctx& c, size_t i) const;
  void add_range(Parse& p, size_t num, Cmp cmp, const Quantity& q, const Quantity* q2,
                 bool exclude, size_t mention) const;
  void find_cues(Ctx& c, Parse& p) const;
  void find_values(Ctx& c, Parse& p) const;
  std::optional<ValueMatch> value_at(const Ctx& c, size_t i) const;
  size_t column_name_at(const Ctx& c, size_t i) const;
  void find_count(Ctx& c, Parse& p) const;

  // --- lookup --------------------------------------------------------------
  std::optional<BrainPlan> lookup(Ctx& c) const;

  // --- plan building ---------------------------------------------------------
  BrainPlan build(const Parse& p, const BrainRequest& request) const;
  void fill_learned(const Parse& p, BrainPlan& out) const {
    auto value = [&](const std::pair<size_t, std::string>& v) {
      return vocab.categorical()[v.first].name + "=" + v.second;
    };
    for (ItemIndex i : p.liked_items) out.learned.like.push_back(catalog->id(i));
    for (ItemIndex i : p.consumed_items) out.learned.consumed.push_back(catalog->id(i));
    for (ItemIndex i : p.disliked_items) out.learned.dislike.push_back(catalog->id(i));
    for (const auto& v : p.liked_values) out.learned.like_values.push_back(value(v));
    for (const auto& v : p.disliked_values) out.learned.dislike_values.push_back(value(v));
  }
  BrainPlan answer(const std::string& text) const;
  std::string help_text() const;
};

namespace {

bool is_title_year_token(const Token& t) {
  return t.kind == Token::number && t.norm.size() == 4 && t.value >= 1800 && t.value <= 2100;
}

}  // namespace

// ---------------------------------------------------------------------------
// Seeds: "like Heat", "similar to toy story", "fans of X", "I loved X and Y".

std::optional<std::pair<ItemIndex, size_t>> RulesBrain::Impl::seed_at(Ctx& c, size_t pos,
                                                                     bool allow_fuzzy) const {
  const auto& t = c.t;
  if (pos >= t.size() || c.boundary(pos) || c.used[pos]) return std::nullopt;
  // The span: up to a sentence boundary, at most the longest title's words
  // (punctuation inside titles is allowed).
  size_t end = pos;
  size_t words = 0;
  while (end < t.size() && !c.boundary(end) && !c.used[end] && words < max_title_words + 2) {
    if (t[end].kind != Token::punct) ++words;
    ++end;
  }
  // Exact titles, longest first. Only they may run past punctuation that
  // usually ends a phrase: "Hot Shots! Part Deux", "Alien: Resurrection".
  size_t xend = pos;
  for (size_t xw = 0; xend < t.size() && !c.used[xend] && xw < max_title_words; ++xend)
    if (t[xend].kind != Token::punct) ++xw;
  for (size_t e = std::max(end, xend); e > pos; --e) {
    if (t[e - 1].kind == Token::punct) continue;
    const std::string raw = c.text.substr(t[pos].begin, t[e - 1].end - t[pos].begin);
    const std::string key = normalize_title(raw);
    auto it = exact_titles.find(key);
    if (it == exact_titles.end()) continue;
    // "Heat (1995)" / "heat 1995": the year picks among remakes.
    size_t y = e;
    if (y < t.size() && t[y].norm == "(") ++y;
    const bool year_follows = y < t.size() && is_title_year_token(t[y]);
    // A single word that is also a catalog value or a common word is not a
    // title here, unless its year follows: "Australia (2008)" is the film.
    if (e - pos == 1 && (is_stopword(t[pos].norm) || vocab.match_value(t, pos, pos + 1))) {
      bool dated = false;
      if (year_follows && y > e)
        for (ItemIndex i : it->second)
          dated = dated || catalog->title(i).find("(" + t[y].norm + ")") != std::string::npos;
      if (!dated) continue;
    }
    ItemIndex item = it->second.front();
    size_t stop = e;
    if (year_follows) {
      const std::string with_year = raw + " (" + t[y].norm + ")";
      for (const auto& m : titles->match(with_year, 3, 0.9)) {
        if (catalog->title(m.item).find("(" + t[y].norm + ")") != std::string::npos &&
            normalize_title(catalog->title(m.item)) == key) {
          item = m.item;
          stop = y + 1;
          if (stop < t.size() && t[stop].norm == ")") ++stop;
          break;
        }
      }
    }
    if (stop == e && it->second.size() > 1) {
      for (const auto& m : titles->match(raw, 5, 0.99)) {
        if (std::find(it->second.begin(), it->second.end(), m.item) != it->second.end()) {
          item = m.item;
          break;
        }
      }
    }
    // The rest of the catalog's spelling when the user wrote it out:
    // alternate titles and the year ("Way of the Dragon, The (a.k.a. Return
    // of the Dragon) (1972)") are part of the name, not conditions.
    const std::vector<Token> spelled = tokenize_text(catalog->title(item));
    size_t a = pos, b = 0;
    while (a < t.size() && b < spelled.size() && t[a].norm == spelled[b].norm) ++a, ++b;
    if (b == spelled.size() && a > stop) stop = a;
    return std::make_pair(item, stop);
  }
  if (!allow_fuzzy) return std::nullopt;
  // Fuzzy (typos): the span up to a word that cannot be part of a request's title.
  static const std::unordered_set<std::string> kStop = {
      "but", "or", "from", "with", "without", "that", "which", "who", "except", "not", "no",
      "please", "released", "made", "after", "before", "since", "rated", "under", "over",
      "above", "below", "between", "during", "only", "nothing", "anything", "though",
      "instead", "maybe", "thanks", "thank"};
  size_t fe = pos;
  bool meaningful = false;
  while (fe < end && !kStop.count(t[fe].norm)) {
    if (t[fe].kind == Token::word && !is_stopword(t[fe].norm) && !vocab.match_value(t, fe, fe + 1))
      meaningful = true;
    ++fe;
  }
  while (fe > pos && t[fe - 1].kind == Token::punct) --fe;
  if (fe == pos || !meaningful) return std::nullopt;
  const std::string raw = c.text.substr(t[pos].begin, t[fe - 1].end - t[pos].begin);
  if (raw.size() < 4) return std::nullopt;
  auto m = titles->match(raw, 1, 0.8);
  if (m.empty()) return std::nullopt;
  return std::make_pair(m.front().item, fe);
}

void RulesBrain::Impl::find_seeds(Ctx& c, Parse& p) const {
  const auto& t = c.t;
  {
    // A message that is just a title ("Star Wars", "toy story?"): items like it.
    size_t a = 0, b = t.size();
    while (a < b && t[a].kind == Token::punct) ++a;
    while (b > a && t[b - 1].kind == Token::punct) --b;
    if (b > a) {
      auto s = seed_at(c, a, false);
      if (s && s->second >= b) {
        for (size_t k = a; k < b; ++k) c.used[k] = 1;
        p.seeds.push_back(s->first);
        p.rec_cue = true;
        return;
      }
    }
  }
  for (size_t i = 0; i < t.size(); ++i) {
    if (c.used[i] || t[i].kind != Token::word) continue;
    const std::string& w = t[i].norm;
    size_t cue_len = 0;
    bool exact_only = false;
    if (w == "like" || w == "likes") {
      const std::string& prev = i > 0 ? t[i - 1].norm : std::string();
      const std::string& next = c.norm(i + 1);
      if (prev == "would" || prev == "id" || prev == "wed" || prev == "youd" || prev == "d" ||
          prev == "wouldnt" || prev == "feel")
        continue;
      if (next == "to" || next == "it" || next == "that" || next == "this" || next == "them" ||
          next == "those" || next == "these")
        continue;
      cue_len = 1;
      if (prev == "i" || prev == "we" || prev == "really" || prev == "also" || prev == "do" ||
          prev == "dont" || prev == "didnt" || prev == "doesnt" || prev == "never" ||
          prev == "you" || prev == "they" || prev == "kinda" || prev == "usually")
        exact_only = true;
    } else if (w == "similar") {
      cue_len = (c.is(i + 1, "to") || c.is(i + 1, "with")) ? 2 : 1;
    } else if (w == "such" && c.is(i + 1, "as")) {
      cue_len = 2;
    } else if ((w == "vein" || w == "lines" || w == "style" || w == "spirit") && c.is(i + 1, "of")) {
      cue_len = 2;
    } else if ((w == "reminds" || w == "remind") && c.is(i + 1, "me") && c.is(i + 2, "of")) {
      cue_len = 3;
    } else if ((w == "reminiscent" || w == "fans" || w == "fan") && c.is(i + 1, "of")) {
      cue_len = 2;
    } else if ((w == "comparable" || w == "close" || w == "related") && c.is(i + 1, "to")) {
      cue_len = 2;
    } else if (w == "same" && c.is(i + 1, "as")) {
      cue_len = 2;
    } else if (w == "as" && c.is(i + 1, "good") && c.is(i + 2, "as")) {
      cue_len = 3;
    } else if (w == "liked" || w == "loved" || w == "enjoyed" || w == "adored" ||
               w == "love" || w == "enjoy" || w == "adore") {
      cue_len = 1;
      exact_only = true;
      if (c.is(i + 1, "watching") || c.is(i + 1, "playing") || c.is(i + 1, "reading")) cue_len = 2;
    } else if (w == "hated" || w == "hate" || w == "disliked" || w == "dislike" ||
               w == "detested" || w == "detest") {
      // "I hated Titanic": a disliked item (values, "I hate horror", are
      // handled with the other conditions).
      cue_len = 1;
      exact_only = true;
    } else if ((w == "favorite" || w == "favourite") && i + 1 < t.size()) {
      // "my favorite movie is Casablanca": the title follows "is"/"was".
      for (size_t k = i + 1; k < t.size() && k <= i + 3; ++k)
        if (t[k].norm == "is" || t[k].norm == "was" || t[k].norm == ":") {
          cue_len = k - i + 1;
          exact_only = true;
          break;
        }
    }
    // "I've already seen Heat": consumed, not a seed.
    bool consumed = false;
    if (cue_len == 0 && (w == "seen" || w == "watched" || w == "played" || w == "bought" ||
                         w == "read" || w == "finished") &&
        i > 0 && (t[i - 1].norm == "already" || t[i - 1].norm == "ive" ||
                  t[i - 1].norm == "have" || t[i - 1].norm == "weve" || t[i - 1].norm == "just")) {
      cue_len = 1;
      exact_only = true;
      consumed = true;
    }
    if (cue_len == 0) continue;
    // "I loved X", "we like X": a taste worth remembering, besides a seed.
    // "I didn't like X", "I hated X": a disliked item, never a seed.
    const bool negated = i > 0 && (t[i - 1].norm == "dont" || t[i - 1].norm == "not" ||
                                   t[i - 1].norm == "never" || t[i - 1].norm == "didnt" ||
                                   t[i - 1].norm == "doesnt" || t[i - 1].norm == "cant");
    const bool disliked = exact_only && !consumed &&
                          (negated != (w == "hated" || w == "hate" || w == "disliked" ||
                                       w == "dislike" || w == "detested" || w == "detest"));
    const bool taste = exact_only && !consumed && !disliked && !negated;
    if (!consumed && !disliked) p.rec_cue = true;
    size_t pos = i + cue_len;
    auto s = seed_at(c, pos, !exact_only);
    if (!s && !exact_only) {
      // "like the one called Heat": any title mentioned in the rest of the sentence.
      size_t e = pos;
      while (e < t.size() && !c.boundary(e) && !c.used[e]) ++e;
      if (e > pos) {
        const std::string rest = c.text.substr(t[pos].begin, t[e - 1].end - t[pos].begin);
        auto found = titles->find_in_text(rest, true);
        for (const auto& m : found) {
          const std::string key = normalize_title(catalog->title(m.item));
          // Locate the title's words in the span.
          std::vector<std::string> tw;
          for (auto& x : tokenize_text(key))
            if (x.kind != Token::punct) tw.push_back(normalize_title(x.raw));
          if (tw.empty()) continue;
          for (size_t a = pos; a + tw.size() <= e; ++a) {
            bool ok = true;
            for (size_t k = 0; k < tw.size() && ok; ++k)
              ok = normalize_title(t[a + k].raw) == tw[k];
            if (!ok) continue;
            if (tw.size() == 1 && (is_stopword(t[a].norm) || vocab.match_value(t, a, a + 1)))
              break;
            s = std::make_pair(m.item, a + tw.size());
            for (size_t k = pos; k < a; ++k) c.used[k] = 1;  // "the movie"
            pos = a;
            break;
          }
          if (s) break;
        }
      }
    }
    if (!s) continue;
    for (size_t k = i; k < s->second; ++k) c.used[k] = 1;
    auto add = [&](ItemIndex item) {
      auto& list = consumed ? p.consumed_items : disliked ? p.disliked_items : p.seeds;
      if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
      if (taste && std::find(p.liked_items.begin(), p.liked_items.end(), item) == p.liked_items.end())
        p.liked_items.push_back(item);
    };
    add(s->first);
    // Lists: "like Heat and Fargo", "like Heat, Fargo or Casablanca".
    size_t j = s->second;
    while (j < t.size()) {
      size_t k = j;
      if (c.is(k, ",")) ++k;
      if (c.is(k, "and") || c.is(k, "or") || c.is(k, "&") || c.is(k, "/")) ++k;
      if (k == j) break;
      auto more = seed_at(c, k, false);
      if (!more) break;
      for (size_t m = j; m < more->second; ++m) c.used[m] = 1;
      add(more->first);
      j = more->second;
    }
    i = j > 0 ? j - 1 : 0;
  }
}

// ---------------------------------------------------------------------------
// Numbers: years, decades, ratings, prices.

std::optional<Quantity> RulesBrain::Impl::quantity_at(const Ctx& c, size_t i) const {
  const auto& t = c.t;
  if (i >= t.size() || c.used[i]) return std::nullopt;
  const Token& tok = t[i];
  Quantity q;
  q.start = i;
  q.end = i + 1;
  auto decade = [&](int d) {  // d = first year of the decade
    q.decade = true;
    q.lo = d;
    q.hi = d + 9;
  };
  static const std::unordered_map<std::string, int> kDecadeWords = {
      {"twenties", 20}, {"thirties", 30}, {"forties", 40}, {"fifties", 50},
      {"sixties", 60},  {"seventies", 70}, {"eighties", 80}, {"nineties", 90},
      {"noughties", 100}, {"aughts", 100}};
  const NumericColumn* year = vocab.role(NumericRole::year);
  auto century_for = [&](int two) -> int {
    // "20s": the 1920s or the 2020s, whichever the catalog's years cover.
    const int a = 1900 + two, b = 2000 + two;
    if (two == 0 || two == 10) return b;
    if (year) {
      const bool in_a = year->max >= a && year->min <= a + 9;
      const bool in_b = year->max >= b && year->min <= b + 9;
      if (in_b && !in_a) return b;
    }
    return a;
  };
  const std::string& n = tok.norm;
  if (tok.kind == Token::number) {
    q.lo = q.hi = tok.value;
    q.integer = tok.value == std::floor(tok.value) && n.find('.') == std::string::npos;
    q.year_like = q.integer && n.size() == 4 && tok.value >= 1800 && tok.value <= 2100;
  } else if (tok.kind == Token::word) {
    auto it = kDecadeWords.find(n);
    if (it != kDecadeWords.end()) {
      decade(it->second == 100 ? 2000 : century_for(it->second));
    } else if (n.size() == 3 && n[2] == 's' && std::isdigit(static_cast<unsigned char>(n[0])) &&
               n[1] == '0') {
      decade(century_for((n[0] - '0') * 10));
    } else if (n.size() == 5 && n[4] == 's' && n[3] == '0' &&
               std::all_of(n.begin(), n.begin() + 4, [](char ch) { return ch >= '0' && ch <= '9'; })) {
      const int d = std::stoi(n.substr(0, 4));
      if (d < 1800 || d > 2100) return std::nullopt;
      decade(d);
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (q.decade) {
    // "early 90s", "the mid-80s", "late 1970s"
    size_t k = i;
    if (k > 0 && t[k - 1].norm == "-" && !c.used[k - 1]) --k;
    if (k > 0 && !c.used[k - 1]) {
      const std::string& m = t[k - 1].norm;
      const double d = q.lo;
      if (m == "early") { q.lo = d; q.hi = d + 3; q.start = k - 1; }
      else if (m == "mid" || m == "middle") { q.lo = d + 3; q.hi = d + 6; q.start = k - 1; }
      else if (m == "late") { q.lo = d + 6; q.hi = d + 9; q.start = k - 1; }
    }
  }
  return q;
}

void RulesBrain::Impl::add_range(Parse& p, size_t num, Cmp cmp, const Quantity& q,
                                 const Quantity* q2, bool exclude, size_t mention) const {
  const NumericColumn& col = vocab.numeric()[num];
  const bool whole = col.integer;
  NumRange r;
  double lo = kNaN, hi = kNaN;
  bool lo_strict = false, hi_strict = false;
  if (q2) {
    lo = std::min(q.lo, q2->lo);
    hi = std::max(q.hi, q2->hi);
  } else {
    switch (cmp) {
      case Cmp::gt: lo = q.hi; lo_strict = true; break;
      case Cmp::ge: lo = q.lo; break;
      case Cmp::lt: hi = q.lo; hi_strict = true; break;
      case Cmp::le: hi = q.hi; break;
      case Cmp::none:
      case Cmp::eq:
      case Cmp::between:
        if (col.role == NumericRole::rating && !q.decade) lo = q.lo;        // "4 stars": at least
        else if (col.role == NumericRole::price && !q.decade) hi = q.hi;    // "10 dollars": at most
        else { lo = q.lo; hi = q.hi; }
        break;
    }
  }
  if (whole) {  // whole-number column: strict bounds become inclusive
    if (!std::isnan(lo) && lo_strict) { lo = std::floor(lo) + 1; lo_strict = false; }
    else if (!std::isnan(lo) && lo != std::floor(lo)) lo = std::ceil(lo);
    if (!std::isnan(hi) && hi_strict) { hi = std::ceil(hi) - 1; hi_strict = false; }
    else if (!std::isnan(hi) && hi != std::floor(hi)) hi = std::floor(hi);
  }
  NumRange& cur = p.numeric[num];
  if (!cur.has_range && cur.excluded.empty()) cur.first_mention = mention;
  if (exclude) {
    if (!std::isnan(lo) && !std::isnan(hi)) cur.excluded.emplace_back(lo, hi);
    else if (!std::isnan(lo)) {  // "not after 2000" came as a flipped bound already; rare
      if (std::isnan(cur.hi) || lo < cur.hi) { cur.hi = lo; cur.hi_strict = true; }
      cur.has_range = true;
    }
    return;
  }
  NumRange next = cur;
  if (!std::isnan(lo) && (std::isnan(next.lo) || lo > next.lo || (lo == next.lo && lo_strict))) {
    next.lo = lo;
    next.lo_strict = lo_strict;
  }
  if (!std::isnan(hi) && (std::isnan(next.hi) || hi < next.hi || (hi == next.hi && hi_strict))) {
    next.hi = hi;
    next.hi_strict = hi_strict;
  }
  const bool empty = !std::isnan(next.lo) && !std::isnan(next.hi) &&
                     (next.lo > next.hi || (next.lo == next.hi && (next.lo_strict || next.hi_strict)));
  if (empty) {
    // Contradiction ("from the 90s but after 2000"): the later statement wins.
    next.lo = lo;
    next.hi = hi;
    next.lo_strict = lo_strict;
    next.hi_strict = hi_strict;
  }
  next.has_range = true;
  cur = next;
}

void RulesBrain::Impl::find_numbers(Ctx& c, Parse& p) const {
  const auto& t = c.t;
  const auto& nums = vocab.numeric();
  auto index_of = [&](const NumericColumn* col) -> std::optional<size_t> {
    if (!col) return std::nullopt;
    return static_cast<size_t>(col - nums.data());
  };
  for (size_t i = 0; i < t.size(); ++i) {
    auto q = quantity_at(c, i);
    if (!q) continue;
    size_t start = q->start;
    std::optional<NumericRole> hint;
    // Before: skip "the" and a currency sign.
    size_t b = start;
    while (b > 0 && !c.used[b - 1] &&
           (t[b - 1].norm == "the" || t[b - 1].norm == "a" || unit_role(t[b - 1].norm))) {
      if (auto r = unit_role(t[b - 1].norm)) {
        hint = *r;
      }
      --b;
    }
    Cmp cmp = Cmp::none;
    size_t phrase_start = b;
    for (const auto& ph : before_phrases()) {
      const size_t len = ph.words.size();
      if (b < len) continue;
      bool ok = true;
      for (size_t k = 0; k < len && ok; ++k)
        ok = !c.used[b - len + k] && t[b - len + k].norm == ph.words[k];
      if (!ok) continue;
      cmp = ph.cmp;
      phrase_start = b - len;
      if (ph.hint != NumericRole::other && !hint) hint = ph.hint;
      break;
    }
    // A negation shortly before the comparator flips it ("nothing before
    // 1995", "no movies older than 1970"), or excludes a plain range
    // ("nothing from the 80s").
    bool negated = false;
    size_t neg_at = phrase_start;
    if (cmp != Cmp::none && cmp != Cmp::between) {
      for (size_t k = phrase_start, steps = 0; k > 0 && steps < 4; --k, ++steps) {
        const Token& w = t[k - 1];
        if (c.used[k - 1] || c.boundary(k - 1)) break;
        if (negation_words().count(w.norm) && w.norm != "nor") {
          negated = true;
          neg_at = k - 1;
          break;
        }
        if (vocab.match_value(t, k - 1, k) || w.kind == Token::number) break;
      }
    }
    // After: units, then a trailing comparator or a second quantity.
    size_t a = q->end;
    while (a < t.size() && !c.used[a] && unit_role(t[a].norm)) {
      if (!hint) hint = unit_role(t[a].norm);
      ++a;
    }
    std::optional<Quantity> q2;
    size_t end = a;
    Cmp after = Cmp::none;
    for (const auto& ph : after_phrases()) {
      const size_t len = ph.words.size();
      bool ok = a + len <= t.size();
      for (size_t k = 0; k < len && ok; ++k) ok = !c.used[a + k] && t[a + k].norm == ph.words[k];
      if (!ok) continue;
      // "on" only after a year ("from 1995 on").
      if (len == 1 && std::string(ph.words[0]) == "on" && !(q->year_like || q->decade)) continue;
      after = ph.cmp;
      end = a + len;
      if (ph.hint != NumericRole::other && !hint) hint = ph.hint;
      break;
    }
    if (after == Cmp::none && a < t.size() && !c.used[a]) {
      const std::string& w = t[a].norm;
      const bool joins = w == "-" || w == "to" || w == "through" || w == "thru" || w == "until" ||
                         w == "till" ||
                         ((w == "and" || w == "or") &&
                          (cmp == Cmp::between || q->decade || q->year_like));
      if (joins) {
        size_t k = a + 1;
        if (c.is(k, "the")) ++k;
        if (k < t.size() && unit_role(t[k].norm)) ++k;
        auto second = quantity_at(c, k);
        if (second && (second->decade == q->decade || !q->decade) &&
            (second->year_like || second->decade) == (q->year_like || q->decade)) {
          q2 = second;
          end = second->end;
          while (end < t.size() && !c.used[end] && unit_role(t[end].norm)) {
            if (!hint) hint = unit_role(t[end].norm);
            ++end;
          }
        }
      }
    }
    if (after != Cmp::none) cmp = after;
    // Which column: a unit, a cue word nearby, the role of the comparator,
    // a column named nearby; else a year-like number goes to the year column.
    std::optional<size_t> num;
    std::optional<size_t> cue_at;
    auto scan_cue = [&](size_t k) -> bool {
      if (k >= t.size() || c.used[k] || t[k].kind != Token::word) return false;
      for (size_t col : vocab.columns_named(t[k].stem)) {
        for (size_t x = 0; x < nums.size(); ++x) {
          if (nums[x].column == col) {
            // Several columns share the stem ("price", "discount_price"): the role column wins.
            if (!num || nums[x].role != NumericRole::other) num = x;
          }
        }
      }
      if (num) return true;
      if (auto r = cue_role(t[k].stem)) {
        if (!hint) hint = r;
        return true;
      }
      return false;
    };
    // A decade is always a year; other quantities look for a cue word
    // nearby, not across a catalog value or another number.
    if (!q->decade) {
      for (size_t k = phrase_start, steps = 0; k > 0 && steps < 3 && !num; --k, ++steps) {
        if (c.boundary(k - 1) || c.used[k - 1] || t[k - 1].kind == Token::number ||
            vocab.match_value(t, k - 1, k))
          break;
        if (scan_cue(k - 1)) {
          cue_at = k - 1;
          break;
        }
      }
      if (!num && !hint) {
        for (size_t k = end, steps = 0; k < t.size() && steps < 2; ++k, ++steps) {
          if (c.boundary(k) || c.used[k] || t[k].kind == Token::number ||
              vocab.match_value(t, k, k + 1))
            break;
          if (scan_cue(k)) {
            cue_at = k;
            break;
          }
        }
      }
    }
    // A year-like number the cued column cannot hold is a year after all.
    if (q->year_like && num && nums[*num].role != NumericRole::year &&
        !(q->lo >= nums[*num].min && q->lo <= nums[*num].max)) {
      num.reset();
      hint = NumericRole::year;
    }
    if (q->year_like && !num && hint && *hint != NumericRole::year) {
      const NumericColumn* r = vocab.role(*hint);
      if (!r || !(q->lo >= r->min && q->lo <= r->max)) hint = NumericRole::year;
    }
    if (!num && hint) num = index_of(vocab.role(*hint));
    bool column_known = num.has_value() || hint.has_value();
    if (!column_known && (q->decade || q->year_like)) {
      num = index_of(vocab.role(NumericRole::year));
      column_known = true;  // (a catalog without a year column ignores it)
    }
    if (!column_known) {
      // A bare comparator and number ("above 4"): the rating column when the
      // number fits its range and no noun follows (else it is a count:
      // "at least 3 comedies").
      if (cmp == Cmp::none || cmp == Cmp::eq) continue;
      const Token* next = end < t.size() ? &t[end] : nullptr;
      const bool noun_follows = next && next->kind == Token::word && !is_stopword(next->norm) &&
                                !negation_words().count(next->norm);
      if (noun_follows) continue;
      const NumericColumn* rating = vocab.role(NumericRole::rating);
      if (rating && q->lo >= rating->min && q->lo <= rating->max) num = index_of(rating);
      // consumed below even when no column takes it ("under 10")
    }
    // A plain number with no comparator, unit or cue is not a range (it may be a count).
    if (!q->decade && !q->year_like && cmp == Cmp::none && !q2 && !hint && !num) continue;
    const size_t from = std::min(negated ? neg_at : phrase_start, start);
    for (size_t k = from; k < end; ++k) c.used[k] = 1;
    if (cue_at) c.used[*cue_at] = 1;
    p.rec_cue = true;  // a range was asked for, even one this catalog cannot hold
    if (num) {
      const NumericColumn& col = nums[*num];
      // A price or rating phrase never lands on a year column and back.
      if (col.role == NumericRole::year && !(q->year_like || q->decade)) {
        i = end - 1;
        continue;
      }
      Cmp eff = cmp;
      bool exclude = false;
      if (negated) {
        if (eff == Cmp::eq || eff == Cmp::none) exclude = true;
        else eff = flip(eff);
      }
      add_range(p, *num, eff, *q, q2 ? &*q2 : nullptr, exclude, from);
    }
    i = end - 1;
  }
}

// ---------------------------------------------------------------------------
// Cue words: "highly rated", "recent", "popular", recommendation verbs.

void RulesBrain::Impl::find_cues(Ctx& c, Parse& p) const {
  const auto& t = c.t;
  const auto& nums = vocab.numeric();
  static const std::unordered_set<std::string> kRec = {
      "recommend", "recommendation", "recommendations", "suggest", "suggestion", "suggestions",
      "watch", "play", "read", "listen", "buy", "show", "give", "find", "want", "looking",
      "look", "need", "search", "something", "anything", "some", "ideas", "idea", "pick",
      "picks", "options", "should", "top", "best", "list", "get", "more", "other", "others",
      "else", "another", "similar", "any", "what", "which", "good", "great", "fun", "tonight",
      "please", "try", "discover", "interested", "mood"};
  static const std::unordered_set<std::string> kMore = {"more", "else", "another", "other",
                                                         "others", "next", "different", "again"};
  for (size_t i = 0; i < t.size(); ++i) {
    if (c.used[i] || t[i].kind != Token::word) continue;
    const std::string& w = t[i].norm;
    if (kRec.count(w)) p.rec_cue = true;
    if (kMore.count(w)) p.more_cue = true;
    // "highly rated", "top-rated", "well reviewed", "critically acclaimed"
    const std::string& next = c.norm(i + 1) == "-" ? c.norm(i + 2) : c.norm(i + 1);
    const size_t next_i = c.norm(i + 1) == "-" ? i + 2 : i + 1;
    const bool rated_next = c.free(next_i) && (light_stem(next) == "rat" || next == "reviewed" ||
                                               next == "ranked" || next == "scored");
    if (((w == "highly" || w == "top" || w == "well" || w == "best" || w == "high" ||
          w == "higher" || w == "better") && rated_next) ||
        w == "acclaimed") {
      if (const NumericColumn* r = vocab.role(NumericRole::rating); r && !r->sorted.empty()) {
        double th = r->min + 0.75 * (r->max - r->min);
        th = std::round(th * 2) / 2;  // a round threshold (4 on a 1..5 scale)
        Quantity q;
        q.lo = q.hi = th;
        add_range(p, static_cast<size_t>(r - nums.data()), Cmp::ge, q, nullptr, false, i);
      }
      c.used[i] = 1;
      if (w != "acclaimed") {
        for (size_t k = i + 1; k <= next_i; ++k) c.used[k] = 1;
      }
      p.rec_cue = true;
      continue;
    }
    if (w == "recent" || w == "latest" || w == "newest" || w == "recently") {
      if (const NumericColumn* y = vocab.role(NumericRole::year); y && !y->sorted.empty()) {
        Quantity q;
        q.lo = q.hi = y->max - 4;  // the last five years of the catalog
        add_range(p, static_cast<size_t>(y - nums.data()), Cmp::ge, q, nullptr, false, i);
      }
      c.used[i] = 1;
      if (c.is(i + 1, "released") || c.is(i + 1, "releases")) c.used[i + 1] = 1;
      p.rec_cue = true;
      continue;
    }
    if (w == "popular" || w == "famous" || w == "blockbuster" || w == "blockbusters" ||
        (w == "well" && c.is(i + 1, "known"))) {
      p.popularity = true;
      p.rec_cue = true;
      c.used[i] = 1;
      if (w == "well") c.used[i + 1] = 1;
      if (i > 0 && (t[i - 1].norm == "most" || t[i - 1].norm == "very")) c.used[i - 1] = 1;
    }
  }
}

// ---------------------------------------------------------------------------
// Values: wanted and excluded categories.

// The number of tokens at i that spell a categorical column's name
// ("early access" for early_access) when a value of that column follows;
// else 0.
size_t RulesBrain::Impl::column_name_at(const Ctx& c, size_t i) const {
  const auto& t = c.t;
  for (size_t k = 0; k < column_name_stems.size(); ++k) {
    const auto& name = column_name_stems[k];
    if (name.size() < 2 || i + name.size() >= t.size()) continue;  // one word cannot be mistaken
    bool same = true;
    for (size_t j = 0; j < name.size() && same; ++j) same = !c.used[i + j] && t[i + j].stem == name[j];
    if (same && vocab.match_value_in(k, t, i + name.size(), t.size())) return name.size();
  }
  return 0;
}

// Right after a column's name ("tags dark hero", "brand: LD Carlson") the
// user has said which column they mean: any value of it counts, however rare,
// and it beats a synonym or a same-named value of another column ("tags
// Simulation" when genres has Simulation too). The longer match wins.
std::optional<ValueMatch> RulesBrain::Impl::value_at(const Ctx& c, size_t i) const {
  const auto& t = c.t;
  std::optional<ValueMatch> m = vocab.match_value(t, i, t.size());
  size_t k = i;
  while (k > 0 && (t[k - 1].norm == ":" || t[k - 1].norm == "=")) --k;
  if (k == 0 || t[k - 1].kind != Token::word) return m;
  const auto& cats = vocab.categorical();
  for (size_t col : vocab.columns_named(t[k - 1].stem))
    for (size_t n = 0; n < cats.size(); ++n) {
      if (cats[n].column != col) continue;
      auto named = vocab.match_value_in(n, t, i, t.size());
      if (named && (!m || named->end >= m->end)) m = named;
    }
  return m;
}

void RulesBrain::Impl::find_values(Ctx& c, Parse& p) const {
  const auto& t = c.t;
  bool neg = false;
  int budget = 0;
  bool neg_taste = false;  // "I hate ...", "I don't like ..."
  int like_budget = 0;     // "I love ...", "we enjoy ..."
  static const std::unordered_set<std::string> kTasteVerbs = {"like", "love", "enjoy", "adore",
                                                              "liked", "loved", "enjoyed", "stand"};
  // The last wanted run and what lies between it and the next value.
  ValueRun* run = nullptr;
  bool only_separators = false;
  bool saw_or = false;
  for (size_t i = 0; i < t.size();) {
    if (c.used[i]) {
      neg = false;
      only_separators = false;
      ++i;
      continue;
    }
    const Token& tok = t[i];
    if (c.boundary(i) && tok.norm != ",") {
      neg = false;
      only_separators = false;
      ++i;
      continue;
    }
    // Negation cues: "no", "not", "without", "anything but", "other than" ...
    size_t cue = 0;
    if (negation_words().count(tok.norm)) cue = 1;
    if ((tok.norm == "anything" || tok.norm == "everything") && c.is(i + 1, "but")) cue = 2;
    if ((tok.norm == "other" || tok.norm == "rather") && c.is(i + 1, "than")) cue = 2;
    if (tok.norm == "not" && c.is(i + 1, "a") ) cue = 2;
    if ((tok.norm == "do" || tok.norm == "does") && c.is(i + 1, "not")) cue = 2;
    if (cue && !(tok.norm == "nor" && neg)) {
      if (!neg) {
        neg_taste = tok.norm == "hate" || tok.norm == "dislike" || tok.norm == "detest" ||
                    tok.norm == "loathe";
        if (tok.norm == "dont" || tok.norm == "do" || tok.norm == "never" || tok.norm == "cant" ||
            tok.norm == "not")
          for (size_t k = i + cue; k < i + cue + 2 && k < t.size(); ++k)
            if (kTasteVerbs.count(t[k].norm)) neg_taste = true;
      }
      neg = true;
      budget = 4;
      only_separators = false;
      c.used[i] = 1;
      i += cue;
      continue;
    }
    // "early access true": the column's name, then its value. The name is
    // not itself a value here (genres also has "Early Access").
    if (const size_t name = column_name_at(c, i)) {
      i += name;
      continue;
    }
    if (auto m = value_at(c, i)) {
      for (size_t k = i; k < m->end; ++k) c.used[k] = 1;
      if (neg) {
        bool dup = false;
        for (auto& e : p.excluded) dup = dup || (e.first == m->column && e.second == m->value);
        if (!dup) {
          p.excluded.emplace_back(m->column, m->value);
          p.excluded_mention.push_back(i);
          if (neg_taste) p.disliked_values.emplace_back(m->column, m->value);
        }
        // "no horror or thriller": the negation runs on through "or" / "nor".
        size_t k = m->end;
        if (c.is(k, ",")) ++k;
        if (c.is(k, "or") || c.is(k, "nor")) {
          budget = 3;
          i = m->end;
          continue;
        }
        neg = false;
        i = m->end;
        continue;
      }
      if (like_budget > 0) {
        p.liked_values.emplace_back(m->column, m->value);
        like_budget = 3;
      }
      const auto& col = vocab.categorical()[m->column];
      if (run && run->column == m->column && only_separators) {
        if (std::find(run->values.begin(), run->values.end(), m->value) == run->values.end())
          run->values.push_back(m->value);
        run->any_or = run->any_or || saw_or;
      } else {
        // Single-valued columns: every wanted value is an alternative.
        ValueRun* same = nullptr;
        if (!col.multi)
          for (auto& r : p.wanted)
            if (r.column == m->column) same = &r;
        if (same) {
          if (std::find(same->values.begin(), same->values.end(), m->value) == same->values.end())
            same->values.push_back(m->value);
          run = same;
        } else {
          bool dup = false;
          for (auto& r : p.wanted)
            if (r.column == m->column && r.values.size() == 1 && r.values[0] == m->value)
              dup = true;
          if (!dup) {
            p.wanted.push_back(ValueRun{m->column, {m->value}, false, i, m->end});
            run = &p.wanted.back();
          }
        }
      }
      run = p.wanted.empty() ? nullptr : run;
      only_separators = true;
      saw_or = false;
      i = m->end;
      continue;
    }
    // Not a value: separators keep a list going, other words end it.
    if (tok.norm == "or" || tok.norm == "/" || tok.norm == "either") {
      saw_or = tok.norm != "either" || saw_or;
    } else if (tok.norm == "," || tok.norm == "and" || tok.norm == "&") {
      // keep the list going
    } else {
      only_separators = false;
    }
    if (neg && --budget <= 0) neg = false;
    if (!neg && kTasteVerbs.count(tok.norm) && tok.norm != "stand" && i > 0 &&
        (t[i - 1].norm == "i" || t[i - 1].norm == "we" || t[i - 1].norm == "really" ||
         t[i - 1].norm == "also" || t[i - 1].norm == "always"))
      like_budget = 3;
    else if (like_budget > 0 && tok.norm != "," && tok.norm != "and" && tok.norm != "or")
      --like_budget;
    ++i;
  }
  // An excluded value is never also wanted.
  for (auto& r : p.wanted) {
    r.values.erase(std::remove_if(r.values.begin(), r.values.end(),
                                  [&](const std::string& v) {
                                    for (auto& e : p.excluded)
                                      if (e.first == r.column && e.second == v) return true;
                                    return false;
                                  }),
                   r.values.end());
  }
  p.wanted.erase(std::remove_if(p.wanted.begin(), p.wanted.end(),
                                [](const ValueRun& r) { return r.values.empty(); }),
                 p.wanted.end());
}

// ---------------------------------------------------------------------------
// Counts: "top 3", "3 comedies", "three", "a few", "a couple".

void RulesBrain::Impl::find_count(Ctx& c, Parse& p) const {
  const auto& t = c.t;
  static const std::unordered_set<std::string> kBefore = {
      "top", "best", "first", "me", "just", "only", "recommend", "suggest", "give", "show",
      "list", "need", "want", "get", "find", "another", "pick", "us", "exactly", "about",
      "around", "some"};
  static const std::unordered_set<std::string> kNotAfter = {"of", "or", "and", "%", "times",
                                                            "more", "than", "to", "-", "/"};
  for (size_t i = 0; i < t.size(); ++i) {
    if (c.used[i]) continue;
    const std::string& w = t[i].norm;
    std::optional<int> v;
    size_t len = 1;
    if (w == "a" || w == "an") {
      const std::string& n1 = c.norm(i + 1);
      if (n1 == "few" && c.free(i + 1)) { v = 3; len = 2; }
      else if (n1 == "couple" && c.free(i + 1)) { v = 2; len = c.is(i + 2, "of") ? 3 : 2; }
      else if (n1 == "dozen" && c.free(i + 1)) { v = 12; len = 2; }
      else if (n1 == "handful" && c.free(i + 1)) { v = 5; len = c.is(i + 2, "of") ? 3 : 2; }
      if (v) {
        for (size_t k = i; k < i + len; ++k) c.used[k] = 1;
        p.n = static_cast<size_t>(*v);
        return;
      }
      continue;
    }
    if (t[i].kind == Token::number) {
      if (t[i].norm.find('.') != std::string::npos || t[i].value < 1) continue;
      v = t[i].value > 1000 ? 1000 : static_cast<int>(t[i].value);
    } else if (auto nw = number_word(w)) {
      v = *nw;
    } else {
      continue;
    }
    const std::string& prev = i > 0 ? t[i - 1].norm : std::string();
    const std::string& next = c.norm(i + 1);
    if (w == "one" && (prev == "the" || prev == "this" || prev == "that" || prev == "which" ||
                       prev == "no" || prev == "any" || next == "of" || next == "day")) {
      continue;
    }
    const bool before_ok = kBefore.count(prev) > 0;
    const bool after_ok = (i + 1 < t.size() && t[i + 1].kind == Token::word && !kNotAfter.count(next)) ||
                          next == "more";
    const bool alone = t.size() == 1 || (i + 1 >= t.size() && i > 0 && before_ok);
    if (!before_ok && !after_ok && !alone) continue;
    c.used[i] = 1;
    p.n = static_cast<size_t>(*v);
    return;
  }
}

Parse RulesBrain::Impl::parse(Ctx& c) const {
  Parse p;
  find_seeds(c, p);
  find_numbers(c, p);
  find_cues(c, p);
  find_values(c, p);
  find_count(c, p);
  return p;
}

// ---------------------------------------------------------------------------
// Lookups: questions about named items.

std::optional<BrainPlan> RulesBrain::Impl::lookup(Ctx& c) const {
  const auto& t = c.t;
  if (t.empty()) return std::nullopt;
  static const std::unordered_set<std::string> kQuestion = {
      "when", "what", "whats", "which", "who", "whos", "how", "hows", "is", "was", "does",
      "did", "tell", "describe", "info", "information", "where", "are", "were", "details"};
  static const std::unordered_set<std::string> kRecommend = {
      "recommend", "recommendation", "recommendations", "suggest", "suggestion", "similar",
      "should", "other", "others", "else", "more", "give", "show", "find", "list",
      "top", "best", "want", "looking", "like", "need", "alternatives", "alternative",
      "instead", "watch", "play", "read"};
  size_t first = 0;
  while (first < t.size() && t[first].kind == Token::punct) ++first;
  if (first >= t.size()) return std::nullopt;
  const bool question = kQuestion.count(t[first].norm) > 0 || t.back().norm == "?";
  if (!question) return std::nullopt;
  for (const auto& tok : t)
    if (kRecommend.count(tok.norm)) return std::nullopt;

  auto found = titles->find_in_text(c.text, true);
  std::vector<ItemIndex> items;
  std::set<std::string> title_words;
  for (const auto& m : found) {
    const std::string key = normalize_title(catalog->title(m.item));
    std::vector<std::string> words;
    for (auto& x : tokenize_text(key))
      if (x.kind != Token::punct) words.push_back(x.norm);
    // A single common word ("it", "big") is not a title in a question.
    if (words.size() == 1 && is_stopword(words[0])) continue;
    if (std::find(items.begin(), items.end(), m.item) == items.end()) items.push_back(m.item);
    for (auto& w : words) title_words.insert(w);
  }
  if (items.empty() || items.size() > 10) return std::nullopt;

  // Which columns the question asks about.
  const auto& cols = catalog->columns();
  std::vector<size_t> wanted;
  bool all = false;
  auto want = [&](std::optional<size_t> col) {
    if (col && std::find(wanted.begin(), wanted.end(), *col) == wanted.end()) wanted.push_back(*col);
  };
  auto year_col = [&]() -> std::optional<size_t> {
    const NumericColumn* y = vocab.role(NumericRole::year);
    if (!y) return std::nullopt;
    return y->date_column ? *y->date_column : y->column;
  };
  auto role_col = [&](NumericRole r) -> std::optional<size_t> {
    const NumericColumn* x = vocab.role(r);
    if (!x) return std::nullopt;
    return x->column;
  };
  auto first_category = [&]() -> std::optional<size_t> {
    std::optional<size_t> best;
    for (const auto& cat : vocab.categorical()) {
      if (cat.multi) return cat.column;
      if (!best) best = cat.column;
    }
    return best;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t[i];
    if (tok.kind != Token::word || title_words.count(tok.norm)) continue;
    const std::string& w = tok.norm;
    const std::string& s = tok.stem;
    if (w == "when" || s == "year" || s == "releas" || w == "came" || w == "made" || w == "old" ||
        s == "dat" || w == "premiered" || w == "published")
      want(year_col());
    else if (s == "rat" || s == "scor" || s == "star" || w == "good" || w == "review" ||
             w == "reviews")
      want(role_col(NumericRole::rating));
    else if (s == "pric" || s == "cost" || w == "expensive" || w == "cheap" || w == "much")
      want(role_col(NumericRole::price));
    else if (w == "kind" || w == "type" || w == "sort" || s == "categori")
      want(first_category());
    else if (w == "about" || w == "plot" || w == "story" || s == "describ" || w == "summary")
      want(vocab.description_column());
    else if (w == "tell" || w == "info" || w == "information" || w == "details" ||
             w == "everything")
      all = true;
    else if (w == "popular" || s == "popularity" || w == "popularity") {
      for (size_t k = 0; k < cols.size(); ++k)
        if (cols[k].name.find("popular") != std::string::npos) want(k);
    }
    for (size_t col : vocab.columns_named(s)) want(col);
    if (auto m = vocab.match_value(t, i, t.size()))  // "is Heat a comedy?"
      want(vocab.categorical()[m->column].column);
  }
  // A date column asked for already says its year: drop the D_year companion.
  wanted.erase(std::remove_if(wanted.begin(), wanted.end(),
                              [&](size_t col) {
                                const std::string& n = cols[col].name;
                                if (n.size() <= 5 || n.compare(n.size() - 5, 5, "_year") != 0)
                                  return false;
                                auto d = catalog->column_index(n.substr(0, n.size() - 5));
                                return d && std::find(wanted.begin(), wanted.end(), *d) !=
                                                wanted.end();
                              }),
               wanted.end());
  std::string select;
  if (all || wanted.empty()) {
    select = "*";
  } else {
    std::sort(wanted.begin(), wanted.end());
    select = "title";
    for (size_t col : wanted) select += ", " + sql_identifier(cols[col].name);
  }
  std::string where;
  if (items.size() == 1) {
    where = "item_id = " + sql_string(catalog->id(items[0]));
  } else {
    where = "item_id IN (";
    for (size_t k = 0; k < items.size(); ++k) {
      if (k) where += ", ";
      where += sql_string(catalog->id(items[k]));
    }
    where += ")";
  }
  BrainPlan out;
  out.plan.steps.push_back(
      Step{"lookup", json("SELECT " + select + " FROM items WHERE " + where).dump()});
  out.wanted = 0;
  std::string about;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k) about += ", ";
    about += catalog->title(items[k]);
  }
  std::string what = "everything";
  if (!(all || wanted.empty())) {
    what.clear();
    for (size_t k = 0; k < wanted.size(); ++k) {
      if (k) what += ", ";
      what += cols[wanted[k]].name;
    }
  }
  out.understood = "about " + about + ": " + what;
  return out;
}

// ---------------------------------------------------------------------------
// Plans.

std::string RulesBrain::Impl::help_text() const {
  std::string s = "I recommend items and answer questions about them. You can ask by ";
  std::vector<std::string> parts;
  for (size_t k = 0; k < vocab.categorical().size() && parts.size() < 2; ++k) {
    const auto& cat = vocab.categorical()[k];
    if (cat.top_values.empty()) continue;
    std::string p = cat.name + " (e.g. ";
    for (size_t v = 0; v < cat.top_values.size() && v < 3; ++v) {
      if (v) p += ", ";
      p += cat.top_values[v];
    }
    parts.push_back(p + ")");
  }
  if (const NumericColumn* y = vocab.role(NumericRole::year); y && !y->sorted.empty())
    parts.push_back(y->name + " (" + format_number(y->min) + kDash + format_number(y->max) + ")");
  if (const NumericColumn* r = vocab.role(NumericRole::rating)) parts.push_back(r->name);
  if (const NumericColumn* r = vocab.role(NumericRole::price)) parts.push_back(r->name);
  parts.push_back("similarity to a title you name");
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) s += k + 1 == parts.size() ? " or " : ", ";
    s += parts[k];
  }
  s += ".";
  if (catalog->size() > 0) {
    s += " For example: \"3 like " + catalog->title(0) + "\"";
    if (!vocab.categorical().empty() && !vocab.categorical()[0].top_values.empty())
      s += ", \"a " + vocab.categorical()[0].top_values[0] + " but nothing before " +
           (vocab.role(NumericRole::year) && !vocab.role(NumericRole::year)->sorted.empty()
                ? format_number(std::floor((vocab.role(NumericRole::year)->min +
                                            vocab.role(NumericRole::year)->max) / 2))
                : std::string("2000")) +
           "\"";
    s += " or \"tell me about " + catalog->title(0) + "\".";
  }
  return s;
}

BrainPlan RulesBrain::Impl::answer(const std::string& text) const {
  BrainPlan out;
  out.plan.answer = text;
  out.wanted = 0;
  return out;
}

namespace {

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

// The spellings that need their own test: SQLite's LIKE ignores ASCII case,
// so in a multi-valued column "Dark" adds nothing to "dark" ('=' and IN in a
// single-valued column do not ignore it).
std::vector<std::string> distinct_spellings(const CategoricalColumn& col, std::vector<std::string> spellings) {
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

// like_sql for every spelling of one value (Vocabulary::spellings): any of
// them matches; with `negate`, none of them.
std::string value_sql(const CategoricalColumn& col, std::vector<std::string> spellings, bool negate) {
  spellings = distinct_spellings(col, std::move(spellings));
  if (spellings.size() == 1) return like_sql(col, spellings.front(), negate);
  std::string sql = "(";
  for (size_t k = 0; k < spellings.size(); ++k)
    sql += (k ? (negate ? " AND " : " OR ") : "") + like_sql(col, spellings[k], negate);
  return sql + ")";
}

}  // namespace

BrainPlan RulesBrain::Impl::build(const Parse& p, const BrainRequest& request) const {
  const size_t total = catalog->size();
  std::vector<Cond> conds;
  // Exclusions (priority 3).
  for (size_t k = 0; k < p.excluded.size(); ++k) {
    const auto& col = vocab.categorical()[p.excluded[k].first];
    const std::string& v = p.excluded[k].second;
    const auto spelled = vocab.spellings(p.excluded[k].first, v);
    size_t removes = 0;
    for (const auto& s : spelled)
      if (auto it = col.counts.find(s); it != col.counts.end()) removes += it->second;
    conds.push_back(Cond{"not " + col.name + ": " + v, value_sql(col, spelled, true), 3,
                         std::min(removes, total), p.excluded_mention[k]});
  }
  // Wanted values (priority 2).
  for (const auto& run : p.wanted) {
    const auto& col = vocab.categorical()[run.column];
    auto count = [&](const std::string& v) {
      size_t n = 0;
      for (const auto& s : vocab.spellings(run.column, v))
        if (auto it = col.counts.find(s); it != col.counts.end()) n += it->second;
      return n;
    };
    if (run.values.size() > 1 && (run.any_or || !col.multi)) {
      std::string label = col.name + ": ";
      std::string sql;
      size_t matches = 0;
      std::vector<std::string> any;  // every spelling of every value
      for (const auto& v : run.values)
        for (auto& s : vocab.spellings(run.column, v)) any.push_back(std::move(s));
      any = distinct_spellings(col, std::move(any));
      if (!col.multi) {
        sql = sql_identifier(col.name) + " IN (";
        for (size_t k = 0; k < any.size(); ++k) sql += (k ? ", " : "") + sql_string(any[k]);
        sql += ")";
      } else {
        sql = "(";
        for (size_t k = 0; k < any.size(); ++k) sql += (k ? " OR " : "") + like_sql(col, any[k], false);
        sql += ")";
      }
      for (size_t k = 0; k < run.values.size(); ++k) {
        label += (k ? " or " : "") + run.values[k];
        matches += count(run.values[k]);
      }
      matches = std::min(matches, total);
      conds.push_back(Cond{label, sql, 2, total - matches, run.mention});
    } else {
      for (const auto& v : run.values)
        conds.push_back(Cond{col.name + ": " + v, value_sql(col, vocab.spellings(run.column, v), false), 2,
                             total - std::min(total, count(v)), run.mention});
    }
  }
  // Numeric ranges (priority 1) and numeric exclusions (priority 3).
  for (const auto& [num, r] : p.numeric) {
    const NumericColumn& col = vocab.numeric()[num];
    const bool year = col.role == NumericRole::year;
    const std::string& e = col.sql;
    const std::string fa = format_number(r.lo), fb = format_number(r.hi);
    if (r.has_range && (!std::isnan(r.lo) || !std::isnan(r.hi))) {
      std::string label, sql;
      const bool has_lo = !std::isnan(r.lo), has_hi = !std::isnan(r.hi);
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
      conds.push_back(Cond{label, sql, 1, total - std::min(total, matches), r.first_mention});
    }
    for (const auto& [a, b] : r.excluded) {
      const std::string sa = format_number(a), sb = format_number(b);
      const std::string span = a == b ? sa : sa + kDash + sb;
      const std::string sql = a == b ? "(" + e + " IS NULL OR " + e + " <> " + sa + ")"
                                     : "(" + e + " IS NULL OR " + e + " NOT BETWEEN " + sa + " AND " + sb + ")";
      conds.push_back(Cond{col.name + " not " + span, sql, 3, col.count_in(a, false, b, false),
                           r.first_mention});
    }
  }
  // Relaxed conditions are dropped.
  conds.erase(std::remove_if(conds.begin(), conds.end(),
                             [&](const Cond& cond) {
                               return std::find(request.relax.begin(), request.relax.end(),
                                                cond.label) != request.relax.end();
                             }),
              conds.end());
  // Priority high to low; within one priority, from the condition removing
  // the fewest items to the one removing the most (then by mention).
  std::stable_sort(conds.begin(), conds.end(), [](const Cond& a, const Cond& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.removes != b.removes) return a.removes < b.removes;
    return a.mention < b.mention;
  });

  BrainPlan out;
  out.wanted = std::clamp<size_t>(p.n.value_or(options.default_n), 1, 50);
  std::vector<std::string> understood;
  if (!conds.empty()) {
    json input;
    std::string sql = "SELECT item_id FROM items WHERE ";
    json list = json::array();
    for (size_t k = 0; k < conds.size(); ++k) {
      if (k) sql += " AND ";
      sql += conds[k].sql;
      list.push_back(json{{"label", conds[k].label}, {"priority", conds[k].priority}, {"sql", conds[k].sql}});
      understood.push_back(conds[k].label);
    }
    input["sql"] = sql;
    input["conditions"] = list;
    out.plan.steps.push_back(Step{"hard_filter", input.dump()});
  }
  if (!p.seeds.empty()) {
    json names = json::array();
    std::string seeds;
    for (size_t k = 0; k < p.seeds.size(); ++k) {
      names.push_back(catalog->title(p.seeds[k]));
      seeds += (k ? ", " : "") + catalog->title(p.seeds[k]);
    }
    out.plan.steps.push_back(Step{"soft_filter", json{{"similar_to", names}}.dump()});
    out.plan.steps.push_back(Step{"rank", json{{"schema", "similarity"}}.dump()});
    understood.push_back("similar to " + seeds);
  } else {
    const char* schema = p.popularity ? "popularity" : "preference";
    out.plan.steps.push_back(Step{"rank", json{{"schema", schema}}.dump()});
    if (p.popularity) understood.push_back("most popular");
  }
  out.plan.steps.push_back(Step{"map", json{{"n", out.wanted}}.dump()});
  if (understood.empty()) understood.push_back("recommendations for you");
  for (const auto& run : p.wanted)
    for (const auto& v : run.values)
      out.mentioned_values.push_back(vocab.categorical()[run.column].name + "=" + v);
  fill_learned(p, out);
  for (size_t k = 0; k < understood.size(); ++k) out.understood += (k ? "; " : "") + understood[k];
  return out;
}

namespace {

// The text of a "user: ..." dialogue line, or "" for other lines.
std::string user_line(const std::string& line) {
  if (line.size() < 5) return {};
  std::string head = line.substr(0, 5);
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (head != "user:") return {};
  size_t s = 5;
  while (s < line.size() && line[s] == ' ') ++s;
  return line.substr(s);
}

// True when a message refines the previous request rather than starting a
// new one: "also", "additionally", "as well", a sentence-final "too", or an
// opening rejection of what was shown ("not those", "none of these").
bool is_refinement(const std::string& text) {
  const std::vector<Token> t = tokenize_text(text);
  auto norm = [&](size_t i) -> const std::string& {
    static const std::string empty;
    return i < t.size() ? t[i].norm : empty;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i].norm;
    if (w == "also" || w == "additionally") return true;
    if (w == "as" && norm(i + 1) == "well") return true;
    if (w == "too" && (i + 1 == t.size() || t[i + 1].kind == Token::punct)) return true;
  }
  size_t i = 0;
  if (norm(0) == "no" && norm(1) == ",") i = 2;
  const std::string& a = norm(i);
  const std::string& b = norm(i + 1);
  const bool those = b == "those" || b == "these" || b == "them";
  return (a == "not" && those) || (a == "none" && b == "of");
}

// The text to parse for the user line at dialogue position `upto` (or the
// current message when upto == dialogue.size()): a refinement is preceded
// by the earlier user lines it refines, back to the last non-refinement.
std::string with_refined(const std::string& text, const std::vector<std::string>& dialogue, size_t upto) {
  if (!is_refinement(text)) return text;
  std::vector<std::string> parts{text};
  for (size_t k = upto; k > 0 && parts.size() < 16; --k) {
    const std::string prev = user_line(dialogue[k - 1]);
    if (prev.empty()) continue;
    parts.push_back(prev);
    if (!is_refinement(prev)) break;
  }
  std::string out;
  for (size_t k = parts.size(); k > 0; --k) {
    std::string part = parts[k - 1];
    while (!part.empty() && (part.back() == ' ' || part.back() == '\n')) part.pop_back();
    if (!part.empty() && part.back() != '.' && part.back() != '!' && part.back() != '?') part += '.';
    out += (out.empty() ? "" : " ") + part;
  }
  return out;
}

}  // namespace

BrainPlan RulesBrain::Impl::plan_text(const std::string& text, const BrainRequest& request,
                                      int depth) const {
  std::string clipped = text.size() > options.max_text_bytes ? text.substr(0, options.max_text_bytes)
                                                              : text;
  Ctx c{clipped, tokenize_text(clipped), {}};
  c.used.assign(c.t.size(), 0);
  if (c.t.size() > 400) {  // very long messages: keep the first 400 tokens
    c.t.resize(400);
    c.used.resize(400);
  }
  if (auto l = lookup(c)) return *l;
  Parse p = parse(c);
  if (!p.has_content()) {
    if (p.more_cue && depth > 0) return BrainPlan{};  // another "more": look further back
    if (p.more_cue && depth == 0) {
      // "more", "something else": the previous request again (the map tool
      // skips what was shown), looking back past earlier "more" turns.
      for (size_t k = request.dialogue.size(); k > 0; --k) {
        const std::string prev = user_line(request.dialogue[k - 1]);
        if (prev.empty()) continue;
        BrainPlan again = plan_text(with_refined(prev, request.dialogue, k - 1), request, depth + 1);
        again.learned = ProfileUpdate{};  // an earlier turn's tastes are known already
        if (again.plan.steps.empty() || again.plan.steps.back().tool != "map") continue;
        if (p.n) {
          again.wanted = std::clamp<size_t>(*p.n, 1, 50);
          again.plan.steps.back().input = json{{"n", again.wanted}}.dump();
        }
        return again;
      }
    }
    if (!p.rec_cue && !p.n) {
      if ((!p.consumed_items.empty() || !p.disliked_items.empty()) && depth == 0) {
        auto list = [&](const std::vector<ItemIndex>& items) {
          std::string out;
          for (size_t k = 0; k < items.size(); ++k) out += (k ? ", " : "") + catalog->title(items[k]);
          return out;
        };
        std::string note = "Noted:";
        if (!p.consumed_items.empty()) note += " you have seen " + list(p.consumed_items) + ".";
        if (!p.disliked_items.empty()) note += " you did not like " + list(p.disliked_items) + ".";
        BrainPlan noted = answer(note + " I will not recommend it again.");
        fill_learned(p, noted);
        return noted;
      }
      return answer(help_text());
    }
  }
  return build(p, request);
}

BrainPlan RulesBrain::Impl::plan(const BrainRequest& request) const {
  try {
    const std::string merged = with_refined(request.text, request.dialogue, request.dialogue.size());
    if (merged == request.text) return plan_text(request.text, request, 0);
    BrainPlan out = plan_text(merged, request, 0);
    out.learned = plan_text(request.text, request, 0).learned;
    return out;
  } catch (const std::exception& e) {
    return answer(std::string("Sorry, I could not work out a plan for that (") + e.what() +
                  "). " + help_text());
  } catch (...) {
    return answer("Sorry, I could not work out a plan for that. " + help_text());
  }
}

// ---------------------------------------------------------------------------

RulesBrain::RulesBrain(std::shared_ptr<const Catalog> catalog,
                       std::shared_ptr<const TitleIndex> titles, RulesBrainOptions options)
    : impl_(std::make_unique<const Impl>(std::move(catalog), std::move(titles), std::move(options))) {}

RulesBrain::RulesBrain(std::shared_ptr<const Toolbox> toolbox, RulesBrainOptions options)
    : toolbox_(std::move(toolbox)),
      impl_(std::make_unique<const Impl>(toolbox_->dataset->catalog, toolbox_->titles,
                                         std::move(options))) {}

RulesBrain::~RulesBrain() = default;

BrainPlan RulesBrain::plan(const BrainRequest& request) { return plan_const(request); }

BrainPlan RulesBrain::plan_const(const BrainRequest& request) const {
  try {
    return impl_->plan(request);
  } catch (...) {
    BrainPlan out;
    out.plan.answer = "Sorry, I could not work out a plan for that.";
    out.wanted = 0;
    return out;
  }
}

const Vocabulary& RulesBrain::vocabulary() const { return impl_->vocab; }

std::unique_ptr<Brain> make_rules_brain(std::shared_ptr<const Toolbox> toolbox,
                                        RulesBrainOptions options) {
  return std::make_unique<RulesBrain>(std::move(toolbox), std::move(options));
}

}  // namespace interec

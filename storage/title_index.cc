// Title matching: normalisation of MovieLens-style titles, an exact hash map
// of every name variant of every item, and a trigram inverted index for
// fuzzy (typo-tolerant) matches.
#include "storage/title_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "storage/text_pipeline.h"

namespace interec {
namespace {

// The words of a text for title matching, through the text pipeline:
// lower case, accents folded, apostrophes dropped ("Schindler's" ->
// "schindlers"), "&" as "and", every other punctuation a word break, words
// joined by single spaces. Initials join: a one-character word right before
// a dot that touches the next word ("L.A." -> "la", "E.T." -> "et", also
// inside a decimal number: "8.5" -> "85"); "Mr. Holland" -> "mr holland".
std::string basic_norm(std::string_view raw) {
  std::string out;
  size_t word = 0;                      // bytes of the last word written
  size_t word_end = std::string::npos;  // where it ends in `raw`
  size_t joins_at = std::string::npos;  // where a word would join it
  auto write = [&](std::string_view w, size_t begin) {
    if (!out.empty() && (begin != joins_at || begin == std::string::npos)) {
      out += ' ';
      word = 0;
    }
    out += w;
    word += w.size();
    word_end = begin + w.size();
  };
  text::scan(raw, [&](text::Token::Kind kind, size_t begin, size_t end, std::string_view norm) {
    if (kind == text::Token::punct) {
      if (norm == "&") write("and", std::string::npos);
      else if (norm == "." && word == 1 && begin == word_end) joins_at = end;
      return;
    }
    // A decimal number is its parts around the dot, by the same rule.
    size_t from = 0, at = begin;
    for (size_t dot = norm.find('.'); dot != std::string_view::npos; dot = norm.find('.', from)) {
      write(norm.substr(from, dot - from), at);
      if (word == 1) joins_at = at + (dot - from) + 1;
      at += dot - from + 1;
      from = dot + 1;
    }
    write(norm.substr(from), at);
  });
  return out;
}

std::vector<std::string> split_tokens(const std::string& s) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) tokens.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return tokens;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Articles MovieLens moves to the end of a title ("Usual Suspects, The").
const std::unordered_set<std::string>& articles() {
  static const std::unordered_set<std::string> set = {
      "the", "a", "an", "les", "la", "le", "l'", "il", "el", "der", "die", "das",
      "det", "den", "los", "las", "lo", "un", "une", "des", "i", "gli", "o", "os", "as", "ein", "eine"};
  return set;
}

// Articles that may be dropped from the front of a name ("godfather").
bool is_leading_article(const std::string& token) {
  static const std::unordered_set<std::string> set = {
      "the", "a", "an", "les", "la", "le", "il", "el", "der", "die", "das", "los", "las"};
  return set.count(token) > 0;
}

// "Usual Suspects, The" -> "The Usual Suspects" (on raw text).
std::string move_article(std::string_view s) {
  s = trim(s);
  const size_t comma = s.rfind(',');
  if (comma == std::string_view::npos || comma == 0) return std::string(s);
  std::string_view tail = trim(s.substr(comma + 1));
  std::string lowered;
  for (char c : text::fold_accents(tail)) lowered += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (!articles().count(lowered)) return std::string(s);
  std::string head(trim(s.substr(0, comma)));
  if (!tail.empty() && tail.back() == '\'') return std::string(tail) + head;  // L'Appartement
  return std::string(tail) + " " + head;
}

bool is_year_text(std::string_view inner, int* year) {
  // "1995", "1995-1997", "2006–2007", "1995-"
  inner = trim(inner);
  if (inner.size() < 4) return false;
  for (size_t k = 0; k < 4; ++k)
    if (inner[k] < '0' || inner[k] > '9') return false;
  if (inner.size() > 4) {
    const char next = inner[4];
    // "1995-1997", "2006–2007", "1995/I", "2007-"
    if (next != '-' && next != ' ' && next != '/' && static_cast<unsigned char>(next) < 0x80) return false;
    for (size_t k = 5; k < inner.size(); ++k)
      if (inner[k] == '(' || inner[k] == ')') return false;
  }
  const int y = std::stoi(std::string(inner.substr(0, 4)));
  if (y < 1800 || y > 2200) return false;
  *year = y;
  return true;
}

// Position of the '(' matching a final ')', or npos.
size_t matching_open(std::string_view s) {
  if (s.empty() || s.back() != ')') return std::string_view::npos;
  int depth = 0;
  for (size_t k = s.size(); k-- > 0;) {
    if (s[k] == ')') ++depth;
    else if (s[k] == '(' && --depth == 0) return k;
  }
  return std::string_view::npos;
}

struct ParsedTitle {
  std::string main;               // normalised, article moved to the front
  std::vector<std::string> alts;  // normalised alternate titles
  std::string prefix;             // normalised part before ':' or " - ", if any
  std::string suffix;             // and after the last one ("the empire strikes back")
  int year = 0;                   // 0 when none
};

std::string strip_aka(std::string_view s) {
  s = trim(s);
  std::string lowered;
  for (size_t k = 0; k < s.size() && k < 7; ++k)
    lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
  if (lowered.rfind("a.k.a.", 0) == 0) return std::string(trim(s.substr(6)));
  if (lowered.rfind("aka ", 0) == 0) return std::string(trim(s.substr(4)));
  return std::string(s);
}

ParsedTitle parse_title(std::string_view raw) {
  ParsedTitle p;
  std::string_view s = trim(raw);
  // A trailing "(1995)".
  size_t open = matching_open(s);
  if (open != std::string_view::npos && open > 0) {
    int year = 0;
    if (is_year_text(s.substr(open + 1, s.size() - open - 2), &year)) {
      p.year = year;
      s = trim(s.substr(0, open));
    }
  }
  // Trailing alternate titles: "Seven (Se7en)", "City of Lost Children, The
  // (Cité des enfants perdus, La)".
  std::vector<std::string_view> alt_raw;
  for (int guard = 0; guard < 4; ++guard) {
    open = matching_open(s);
    if (open == std::string_view::npos || open == 0) break;
    alt_raw.insert(alt_raw.begin(), s.substr(open + 1, s.size() - open - 2));
    s = trim(s.substr(0, open));
  }
  p.main = basic_norm(move_article(s));
  if (p.main.empty()) {  // the whole title was "(...)": keep it
    p.main = basic_norm(raw);
    alt_raw.clear();
  }
  for (std::string_view a : alt_raw) {
    std::string n = basic_norm(move_article(strip_aka(a)));
    if (!n.empty() && n != p.main) p.alts.push_back(std::move(n));
  }
  // "Star Wars: Episode IV - A New Hope" -> "star wars"
  size_t cut = s.find(':');
  const size_t dash = s.find(" - ");
  if (dash != std::string_view::npos && (cut == std::string_view::npos || dash < cut)) cut = dash;
  if (cut != std::string_view::npos && cut > 0) {
    std::string pre = basic_norm(s.substr(0, cut));
    if (!pre.empty() && pre != p.main) p.prefix = std::move(pre);
    size_t last = s.rfind(':');
    const size_t last_dash = s.rfind(" - ");
    if (last_dash != std::string_view::npos && (last == std::string_view::npos || last_dash > last))
      last = last_dash + 2;
    std::string post = basic_norm(move_article(s.substr(last + 1)));
    if (post.size() >= 5 && post != p.main && post != p.prefix) p.suffix = std::move(post);
  }
  return p;
}

// ---------------------------------------------------------------------------
// Fuzzy scoring

uint32_t trigram_code(const char* t) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(t[0])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(t[1])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(t[2]));
}

std::vector<uint32_t> trigrams(const std::string& s) {
  std::string padded = " " + s + " ";
  std::vector<uint32_t> out;
  if (padded.size() < 3) return out;
  out.reserve(padded.size());
  for (size_t k = 0; k + 3 <= padded.size(); ++k) out.push_back(trigram_code(padded.data() + k));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Optimal string alignment distance (edits incl. adjacent transpositions).
int osa_distance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  if (n == 0) return static_cast<int>(m);
  if (m == 0) return static_cast<int>(n);
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

double token_similarity(const std::string& a, const std::string& b) {
  if (a == b) return 1.0;
  const size_t len = std::max(a.size(), b.size());
  if (std::min(a.size(), b.size()) <= 3) return 0.0;  // short words: exact only
  const int d = osa_distance(a, b);
  const int allowed = len <= 5 ? 1 : (len <= 8 ? 2 : 3);
  if (d > allowed) return 0.0;
  return 1.0 - static_cast<double>(d) / static_cast<double>(len);
}

// Character-weighted, symmetric token alignment score in [0, 1].
double token_score(const std::vector<std::string>& q, const std::vector<std::string>& k) {
  double q_total = 0, k_total = 0, q_hit = 0, k_hit = 0;
  std::vector<double> k_best(k.size(), 0.0);
  for (const auto& a : q) {
    double best = 0;
    for (size_t j = 0; j < k.size(); ++j) {
      const double s = token_similarity(a, k[j]);
      best = std::max(best, s);
      k_best[j] = std::max(k_best[j], s);
    }
    q_total += a.size();
    q_hit += best * a.size();
  }
  for (size_t j = 0; j < k.size(); ++j) {
    k_total += k[j].size();
    k_hit += k_best[j] * k[j].size();
  }
  if (q_total + k_total == 0) return 0;
  return (q_hit + k_hit) / (q_total + k_total);
}

}  // namespace

std::string normalize_title(std::string_view title) { return parse_title(title).main; }

TitleParts title_parts(std::string_view title) {
  ParsedTitle p = parse_title(title);
  return TitleParts{std::move(p.main), std::move(p.alts), std::move(p.prefix), std::move(p.suffix),
                    p.year};
}

std::string normalize_text(std::string_view text) { return basic_norm(text); }

// ---------------------------------------------------------------------------

struct TitleIndex::Impl {
  // A fuzzy match scores at most this (times its key's weight and the
  // query's factor, both <= 1): an exact match above it is never outranked.
  static constexpr double kMaxFuzzyScore = 0.95;

  struct Key {
    std::string text;
    std::vector<std::string> tokens;
    ItemIndex item;
    float weight;
    uint32_t n_trigrams;
  };

  std::shared_ptr<const Catalog> catalog;
  std::vector<Key> keys;
  std::unordered_map<std::string, std::vector<uint32_t>> exact;    // text -> keys
  std::unordered_map<uint32_t, std::vector<uint32_t>> postings;    // trigram -> keys
  std::vector<double> popularity;                                  // per item
  std::vector<int> year;                                           // per item, 0 = unknown

  void add_key(std::string text, ItemIndex item, float weight,
               std::unordered_map<std::string, size_t>& seen) {
    if (text.empty()) return;
    auto it = seen.find(text);
    if (it != seen.end()) {
      keys[it->second].weight = std::max(keys[it->second].weight, weight);
      return;
    }
    const uint32_t id = static_cast<uint32_t>(keys.size());
    Key k;
    k.tokens = split_tokens(text);
    k.item = item;
    k.weight = weight;
    auto tri = trigrams(text);
    k.n_trigrams = static_cast<uint32_t>(tri.size());
    for (uint32_t t : tri) postings[t].push_back(id);
    exact[text].push_back(id);
    seen.emplace(text, id);
    k.text = std::move(text);
    keys.push_back(std::move(k));
  }

  // Adds `text` and, when it starts with an article, the name without it.
  void add_with_article_variant(const std::string& text, ItemIndex item, float weight,
                                std::unordered_map<std::string, size_t>& seen) {
    add_key(text, item, weight, seen);
    const size_t sp = text.find(' ');
    if (sp != std::string::npos && is_leading_article(text.substr(0, sp)))
      add_key(text.substr(sp + 1), item, weight - 0.01f, seen);
  }

  bool better(ItemIndex a, ItemIndex b) const {  // popularity tie-break
    if (popularity[a] != popularity[b]) return popularity[a] > popularity[b];
    return a < b;
  }

  // Scores every item reachable from query `q` into `best` (max per item):
  // its exact keys and, when `fuzzy`, near keys (never above kMaxFuzzyScore).
  void score_query(const std::string& q, double factor, int want_year, bool fuzzy,
                   std::unordered_map<ItemIndex, double>& best) const {
    if (q.empty()) return;
    auto note = [&](ItemIndex item, double s) {
      if (want_year && year[item] && year[item] != want_year) return;
      auto [it, inserted] = best.emplace(item, s);
      if (!inserted && it->second < s) it->second = s;
    };
    if (auto it = exact.find(q); it != exact.end())
      for (uint32_t k : it->second) note(keys[k].item, keys[k].weight * factor);
    if (!fuzzy) return;

    // Fuzzy: candidates by shared trigrams, then a token alignment.
    const auto qtri = trigrams(q);
    if (qtri.empty()) return;
    // Shared trigrams per key in a dense array: on a large catalog a common
    // trigram's postings reach 10^5 keys, which a hash map counts slowly.
    std::vector<uint16_t> counts(keys.size(), 0);
    std::vector<uint32_t> touched;
    for (uint32_t t : qtri) {
      auto it = postings.find(t);
      if (it == postings.end()) continue;
      for (uint32_t k : it->second)
        if (counts[k]++ == 0) touched.push_back(k);
    }
    std::vector<std::pair<double, uint32_t>> cand;
    for (uint32_t k : touched) {
      const double dice = 2.0 * counts[k] / static_cast<double>(qtri.size() + keys[k].n_trigrams);
      if (dice >= 0.25) cand.emplace_back(dice, k);
    }
    const size_t keep = std::min<size_t>(cand.size(), 64);
    std::partial_sort(cand.begin(), cand.begin() + keep, cand.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    const auto qtokens = split_tokens(q);
    for (size_t c = 0; c < keep; ++c) {
      const Key& key = keys[cand[c].second];
      if (key.text == q) continue;  // exact, done above
      const double tok = token_score(qtokens, key.tokens);
      const double s = std::min(0.8 * tok + 0.2 * cand[c].first, kMaxFuzzyScore);
      note(key.item, s * key.weight * factor);
    }
  }
};

TitleIndex::TitleIndex(std::shared_ptr<const Catalog> catalog) {
  auto impl = std::make_shared<Impl>();
  impl->catalog = catalog;
  const size_t n = catalog->size();
  impl->popularity.assign(n, 0.0);
  impl->year.assign(n, 0);
  if (auto col = catalog->column_index("popularity")) {
    const ColumnType t = catalog->columns()[*col].type;
    if (t == ColumnType::integer || t == ColumnType::real)
      for (size_t i = 0; i < n; ++i) {
        const double v = catalog->number(*col, static_cast<ItemIndex>(i));
        impl->popularity[i] = std::isnan(v) ? 0.0 : v;
      }
  }
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t year_col = kNone;
  if (auto c = catalog->column_index("year"); c && catalog->columns()[*c].type != ColumnType::text)
    year_col = *c;
  impl->keys.reserve(n * 3);
  impl->exact.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    ParsedTitle p = parse_title(catalog->title(item));
    int y = p.year;
    if (year_col != kNone) {
      const double v = catalog->number(year_col, item);
      if (!std::isnan(v)) y = static_cast<int>(v);
    }
    impl->year[i] = y;
    std::unordered_map<std::string, size_t> seen;
    impl->add_with_article_variant(p.main, item, 1.0f, seen);
    if (!p.alts.empty()) {
      std::string full = p.main;
      for (const auto& a : p.alts) full += " " + a;
      impl->add_key(full, item, 1.0f, seen);
      for (const auto& a : p.alts) impl->add_with_article_variant(a, item, 0.98f, seen);
    }
    if (!p.prefix.empty()) impl->add_with_article_variant(p.prefix, item, 0.9f, seen);
    if (!p.suffix.empty()) impl->add_with_article_variant(p.suffix, item, 0.9f, seen);
  }
  impl_ = std::move(impl);
}

std::vector<TitleMatch> TitleIndex::match(std::string_view name, size_t limit,
                                          double min_score) const {
  const Impl& im = *impl_;
  ParsedTitle p = parse_title(name);
  std::string q = p.main;
  int year = p.year;
  std::string full_q;  // "blade runner 2049": the year may be part of the title
  if (!year) {
    const size_t sp = q.rfind(' ');
    int y = 0;
    if (sp != std::string::npos && q.size() - sp - 1 == 4 && is_year_text(q.substr(sp + 1), &y)) {
      full_q = q;
      year = y;
      q = q.substr(0, sp);
    }
  }
  std::unordered_map<ItemIndex, double> best;
  auto collect = [&](bool fuzzy) {
    best.clear();
    auto score_all = [&](int want_year, double factor) {
      im.score_query(q, factor, want_year, fuzzy, best);
      const size_t sp = q.find(' ');
      if (sp != std::string::npos && is_leading_article(q.substr(0, sp)))
        im.score_query(q.substr(sp + 1), factor * 0.97, want_year, fuzzy, best);
      for (const auto& a : p.alts) im.score_query(a, factor * 0.98, want_year, fuzzy, best);
    };
    score_all(year, 1.0);
    if (year) {
      bool any = false;
      for (const auto& [item, s] : best) any = any || s >= min_score;
      if (!any) score_all(0, 0.9);  // no item of that year: the year was wrong
    }
    if (!full_q.empty()) im.score_query(full_q, 1.0, 0, fuzzy, best);
  };
  // Exact keys first: the trigram pass visits long posting lists on a large
  // catalog (most of a lookup among 10^6 titles), and when `limit` exact
  // matches score above any fuzzy one it cannot change the answer. The
  // scores above kMaxFuzzyScore come from exact keys only, whatever the
  // year fallback does, so both passes agree on them.
  collect(false);
  size_t sure = 0;
  for (const auto& [item, s] : best) sure += s > Impl::kMaxFuzzyScore && s >= min_score;
  if (sure < std::max<size_t>(limit, 1)) collect(true);

  std::vector<TitleMatch> out;
  for (const auto& [item, s] : best)
    if (s >= min_score) out.push_back({item, s});
  std::sort(out.begin(), out.end(), [&](const TitleMatch& a, const TitleMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return im.better(a.item, b.item);
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<TitleMatch> TitleIndex::find_in_text(std::string_view text,
                                                 bool allow_single_words) const {
  const Impl& im = *impl_;
  const std::vector<std::string> tokens = split_tokens(basic_norm(text));
  const size_t n = tokens.size();
  struct Hit {
    size_t begin, len;  // in tokens (len includes a consumed year)
    ItemIndex item;
    double score;
  };
  std::vector<Hit> hits;
  constexpr size_t kMaxWords = 10;
  for (size_t i = 0; i < n; ++i) {
    std::string phrase;
    std::vector<std::string> phrases;
    for (size_t len = 1; len <= kMaxWords && i + len <= n; ++len) {
      if (len > 1) phrase += ' ';
      phrase += tokens[i + len - 1];
      phrases.push_back(phrase);
    }
    for (size_t len = phrases.size(); len >= 1; --len) {
      bool all_stop = true;
      for (size_t k = i; k < i + len && all_stop; ++k) all_stop = text::is_stopword(tokens[k]);
      if (all_stop) continue;
      auto it = im.exact.find(phrases[len - 1]);
      if (it == im.exact.end()) continue;
      // A following year ("heat 1995") picks among remakes.
      int y = 0;
      const bool has_year = i + len < n && tokens[i + len].size() == 4 &&
                            is_year_text(tokens[i + len], &y);
      const Impl::Key* pick = nullptr;
      bool pick_year = false;
      for (uint32_t k : it->second) {
        const Impl::Key& key = im.keys[k];
        const bool ky = has_year && im.year[key.item] == y;
        if (!pick || ky > pick_year ||
            (ky == pick_year && (key.weight > pick->weight ||
                                 (key.weight == pick->weight && im.better(key.item, pick->item))))) {
          pick = &key;
          pick_year = ky;
        }
      }
      // A single word counts alone only when allowed, or when its year follows.
      if (len == 1 && !allow_single_words && !pick_year) break;
      hits.push_back({i, len + (pick_year ? 1 : 0), pick->item, pick->weight});
      break;  // the longest at this position
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.len != b.len ? a.len > b.len : a.begin < b.begin;
  });
  std::vector<char> used(n, 0);
  std::vector<TitleMatch> out;
  std::unordered_set<ItemIndex> items;
  for (const Hit& h : hits) {
    bool free = true;
    for (size_t k = h.begin; k < h.begin + h.len && free; ++k) free = !used[k];
    if (!free) continue;
    for (size_t k = h.begin; k < h.begin + h.len; ++k) used[k] = 1;
    if (items.insert(h.item).second) out.push_back({h.item, h.score});
  }
  return out;
}

}  // namespace interec

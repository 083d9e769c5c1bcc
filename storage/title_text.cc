// Title text: the normalisation of catalog titles and of the names users
// give, the parts of a title, and the fuzzy scores of the title index.
#include "storage/title_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <unordered_set>

#include "storage/text_pipeline.h"
#include "storage/title_index.h"

namespace interec {
namespace title_text {

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

static std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Articles MovieLens moves to the end of a title ("Usual Suspects, The").
static const std::unordered_set<std::string>& articles() {
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
static std::string move_article(std::string_view s) {
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
static size_t matching_open(std::string_view s) {
  if (s.empty() || s.back() != ')') return std::string_view::npos;
  int depth = 0;
  for (size_t k = s.size(); k-- > 0;) {
    if (s[k] == ')') ++depth;
    else if (s[k] == '(' && --depth == 0) return k;
  }
  return std::string_view::npos;
}


static std::string strip_aka(std::string_view s) {
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

static uint32_t trigram_code(const char* t) {
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
static int osa_distance(const std::string& a, const std::string& b) {
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

static double token_similarity(const std::string& a, const std::string& b) {
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

}  // namespace title_text

using title_text::basic_norm;
using title_text::parse_title;
using title_text::ParsedTitle;

std::string normalize_title(std::string_view title) { return parse_title(title).main; }

TitleParts title_parts(std::string_view title) {
  ParsedTitle p = parse_title(title);
  return TitleParts{std::move(p.main), std::move(p.alts), std::move(p.prefix), std::move(p.suffix),
                    p.year};
}

std::string normalize_text(std::string_view text) { return basic_norm(text); }

}  // namespace interec

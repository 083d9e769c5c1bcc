#include "brain/rules/numbers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "brain/fuzzy.h"

namespace interec::rules {

using lexicon::Cmp;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Cmp flip(Cmp c) {
  switch (c) {
    case Cmp::gt: return Cmp::le;
    case Cmp::ge: return Cmp::lt;
    case Cmp::lt: return Cmp::ge;
    case Cmp::le: return Cmp::gt;
    default: return c;
  }
}

// "20s": the 1920s or the 2020s, whichever the catalog's years cover.
int century_for(const Knowledge& k, int two) {
  const int a = 1900 + two, b = 2000 + two;
  if (two == 0 || two == 10) return b;
  if (const NumericColumn* year = k.vocab.role(NumericRole::year)) {
    const bool in_a = year->max >= a && year->min <= a + 9;
    const bool in_b = year->max >= b && year->min <= b + 9;
    if (in_b && !in_a) return b;
  }
  return a;
}

// The first year of the decade a word names ("nineties", "90s", "1990s").
std::optional<int> decade_of(const Knowledge& k, const std::string& n) {
  if (auto w = lexicon::decade_word(n)) return *w == 100 ? 2000 : century_for(k, *w);
  if (n.size() == 3 && n[2] == 's' && std::isdigit(static_cast<unsigned char>(n[0])) && n[1] == '0')
    return century_for(k, (n[0] - '0') * 10);
  if (n.size() == 5 && n[4] == 's' && n[3] == '0' &&
      std::all_of(n.begin(), n.begin() + 4, [](char ch) { return ch >= '0' && ch <= '9'; })) {
    const int d = std::stoi(n.substr(0, 4));
    if (d < 1800 || d > 2100) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

// "early 90s", "the mid-80s", "late 1970s": a part of the decade at i, read
// inclusively (docs/conversation.md, "Vague words are read inclusively"):
// early = its first half, late = its second half, mid = its middle five
// years. A person's "late '90s" may start at 1995; a filter that is too
// strict loses the item for good, one that is too loose only costs rank.
void narrow_decade(const Message& m, size_t i, Quantity& q) {
  const auto& t = m.tokens;
  size_t k = i;
  if (k > 0 && t[k - 1].norm == "-" && !m.claims.taken(k - 1)) --k;
  if (k == 0 || m.claims.taken(k - 1)) return;
  const std::string& w = t[k - 1].norm;
  const double d = q.lo;
  if (w == "early") { q.lo = d; q.hi = d + 4; q.start = k - 1; }
  else if (w == "mid" || w == "middle") { q.lo = d + 3; q.hi = d + 7; q.start = k - 1; }
  else if (w == "late") { q.lo = d + 5; q.hi = d + 9; q.start = k - 1; }
}

struct Bounds {
  double lo = kNaN, hi = kNaN;
  bool lo_strict = false, hi_strict = false;
};

// The bounds a comparison states about a column; for a whole-number column
// strict bounds become inclusive.
Bounds bounds_of(const NumericColumn& col, Cmp cmp, const Quantity& q, const Quantity* q2) {
  Bounds b;
  if (q2) {
    b.lo = std::min(q.lo, q2->lo);
    b.hi = std::max(q.hi, q2->hi);
  } else {
    switch (cmp) {
      case Cmp::gt: b.lo = q.hi; b.lo_strict = true; break;
      case Cmp::ge: b.lo = q.lo; break;
      case Cmp::lt: b.hi = q.lo; b.hi_strict = true; break;
      case Cmp::le: b.hi = q.hi; break;
      case Cmp::none:
      case Cmp::eq:
      case Cmp::between:
        if (col.role == NumericRole::rating && !q.decade) b.lo = q.lo;       // "4 stars": at least
        else if (col.role == NumericRole::price && !q.decade) b.hi = q.hi;   // "10 dollars": at most
        else { b.lo = q.lo; b.hi = q.hi; }
        break;
    }
  }
  if (col.integer) {
    if (!std::isnan(b.lo) && b.lo_strict) { b.lo = std::floor(b.lo) + 1; b.lo_strict = false; }
    else if (!std::isnan(b.lo) && b.lo != std::floor(b.lo)) b.lo = std::ceil(b.lo);
    if (!std::isnan(b.hi) && b.hi_strict) { b.hi = std::ceil(b.hi) - 1; b.hi_strict = false; }
    else if (!std::isnan(b.hi) && b.hi != std::floor(b.hi)) b.hi = std::floor(b.hi);
  }
  return b;
}

// One quantity and what the words around it say.
struct Mention {
  Quantity q;
  std::optional<Quantity> q2;  // "1990 to 1995"
  Cmp cmp = Cmp::none;
  std::optional<NumericRole> hint;
  size_t phrase_start = 0;  // the comparator before it (or the quantity)
  size_t end = 0;           // past the units, trailing comparator or second quantity
  bool negated = false;
  size_t neg_at = 0;
  std::optional<size_t> num;  // index into Vocabulary::numeric()
  std::optional<size_t> cue_at;
  std::optional<size_t> role_at;  // a role word before it when a column named after it won
};

bool phrase_at(const Message& m, size_t at, const lexicon::Comparator& ph) {
  for (size_t k = 0; k < ph.words.size(); ++k)
    if (m.claims.taken(at + k) || m.tokens[at + k].norm != ph.words[k]) return false;
  return true;
}

// Before the quantity: "the", "a" and a currency sign, then a comparator.
void read_before(const Message& m, Mention& x) {
  const auto& t = m.tokens;
  size_t b = x.q.start;
  while (b > 0 && !m.claims.taken(b - 1) &&
         (t[b - 1].norm == "the" || t[b - 1].norm == "a" || lexicon::unit_role(t[b - 1].norm))) {
    if (auto r = lexicon::unit_role(t[b - 1].norm)) x.hint = *r;
    --b;
  }
  x.phrase_start = b;
  // "post-1985", "pre-1990": a hyphen joins a one-word comparator to the number.
  const bool hyphen = b > 1 && b == x.q.start && t[b - 1].norm == "-" && !m.claims.taken(b - 1);
  for (const auto& ph : lexicon::comparators_before()) {
    const size_t len = ph.words.size();
    const size_t at = hyphen && len == 1 ? b - 1 : b;
    if (at < len || !phrase_at(m, at - len, ph)) continue;
    x.cmp = ph.cmp;
    x.phrase_start = at - len;
    if (ph.hint != NumericRole::other && !x.hint) x.hint = ph.hint;
    break;
  }
}

// True when a catalog value of up to 4 tokens ends just before token `j`
// ("sci - fi"): a negation before it is the value's ("without sci-fi from
// the fifties" excludes Sci-Fi, not the fifties).
bool value_ends_at(const Knowledge& k, const Message& m, size_t j) {
  for (size_t len = 1; len <= 4 && len <= j; ++len)
    if (auto v = k.vocab.match_value(m.tokens, j - len, j); v && v->end == j) return true;
  return false;
}

// A negation shortly before the comparator flips it ("nothing before
// 1995", "no movies older than 1970"), or excludes a plain range ("nothing
// from the 80s").
void read_negation(const Knowledge& k, const Message& m, Mention& x) {
  x.neg_at = x.phrase_start;
  if (x.cmp == Cmp::none || x.cmp == Cmp::between) return;
  for (size_t j = x.phrase_start, steps = 0; j > 0 && steps < 4; --j, ++steps) {
    const Token& w = m.tokens[j - 1];
    if (m.claims.taken(j - 1) || m.boundary(j - 1)) break;
    if (lexicon::is_negation(w.norm) && w.norm != "nor") {
      x.negated = true;
      x.neg_at = j - 1;
      break;
    }
    if (value_ends_at(k, m, j) || w.kind == Token::number) break;
  }
}

// Units from `a` on; returns the token past them.
size_t read_units(const Message& m, size_t a, Mention& x) {
  // A unit typed with a slip right after the number ("at least 3 sars").
  if (a < m.tokens.size() && !m.claims.taken(a) && m.tokens[a].kind == Token::word && !lexicon::unit_role(m.tokens[a].norm))
    if (auto typed = lexicon::unit_role_typed(m.tokens[a].norm)) {
      x.hint = typed;
      ++a;
    }
  while (a < m.tokens.size() && !m.claims.taken(a) && lexicon::unit_role(m.tokens[a].norm)) {
    if (!x.hint) x.hint = lexicon::unit_role(m.tokens[a].norm);
    ++a;
  }
  return a;
}

// "1990 to 1995", "between 2 and 3", "the 80s and 90s": a second quantity
// of the same kind joined to the first by the word at `a`.
void read_second(const Knowledge& k, const Message& m, size_t a, Mention& x) {
  const auto& t = m.tokens;
  const std::string& w = t[a].norm;
  const bool joins = lexicon::joins_a_range(w) ||
                     ((w == "and" || w == "or") &&
                      (x.cmp == Cmp::between || x.q.decade || x.q.year_like));
  if (!joins) return;
  size_t j = a + 1;
  if (m.is(j, "the")) ++j;
  if (j < t.size() && lexicon::unit_role(t[j].norm)) ++j;
  auto second = quantity_at(k, m, j);
  if (second && (second->decade == x.q.decade || !x.q.decade) &&
      (second->year_like || second->decade) == (x.q.year_like || x.q.decade)) {
    x.q2 = second;
    x.end = read_units(m, second->end, x);
  }
}

// After the quantity: units, then a trailing comparator or a second quantity.
void read_after(const Knowledge& k, const Message& m, Mention& x) {
  const auto& t = m.tokens;
  const size_t a = read_units(m, x.q.end, x);
  x.end = a;
  Cmp after = Cmp::none;
  for (const auto& ph : lexicon::comparators_after()) {
    const size_t len = ph.words.size();
    if (a + len > t.size() || !phrase_at(m, a, ph)) continue;
    // "on" only after a year ("from 1995 on").
    if (len == 1 && std::string(ph.words[0]) == "on" && !(x.q.year_like || x.q.decade)) continue;
    after = ph.cmp;
    x.end = a + len;
    if (ph.hint != NumericRole::other && !x.hint) x.hint = ph.hint;
    break;
  }
  if (after == Cmp::none && a < t.size() && !m.claims.taken(a)) read_second(k, m, a, x);
  if (after != Cmp::none) x.cmp = after;
}

// A word at j that names a numeric column ("price", "rating") or a role
// ("rated", "cheap"): sets x.num or x.hint.
bool cue_at(const Knowledge& k, const Message& m, size_t j, Mention& x) {
  const auto& t = m.tokens;
  const auto& nums = k.vocab.numeric();
  if (j >= t.size() || m.claims.taken(j) || t[j].kind != Token::word) return false;
  for (size_t col : k.vocab.columns_named(t[j].stem)) {
    for (size_t n = 0; n < nums.size(); ++n) {
      // Several columns share the stem ("price", "discount_price"): the role column wins.
      if (nums[n].column == col && (!x.num || nums[n].role != NumericRole::other)) x.num = n;
    }
  }
  if (x.num) return true;
  if (auto r = lexicon::cue_role(t[j].stem)) {
    if (!x.hint) x.hint = r;
    return true;
  }
  return false;
}

// Whether token j stops the search for a cue word.
bool stops_cue_search(const Knowledge& k, const Message& m, size_t j) {
  return m.boundary(j) || m.claims.taken(j) || m.tokens[j].kind == Token::number ||
         k.vocab.match_value(m.tokens, j, j + 1);
}

// A decade is always a year; other quantities look for a cue word nearby
// (three words before, two after), not across a catalog value or another
// number. A column named after the quantity beats a role word before it:
// "scoring 80 or more on metascore" is the metascore, not the rating.
void read_cue(const Knowledge& k, const Message& m, Mention& x) {
  if (x.q.decade) return;
  for (size_t j = x.phrase_start, steps = 0; j > 0 && steps < 3 && !x.num; --j, ++steps) {
    if (stops_cue_search(k, m, j - 1)) break;
    if (cue_at(k, m, j - 1, x)) {
      x.cue_at = j - 1;
      break;
    }
  }
  if (x.num) return;
  const auto role_word = x.cue_at;
  for (size_t j = x.end, steps = 0; j < m.tokens.size() && steps < 2; ++j, ++steps) {
    if (stops_cue_search(k, m, j)) break;
    Mention after = x;
    if (!cue_at(k, m, j, after)) continue;
    if (!x.hint || after.num) {
      x = after;
      x.cue_at = j;
      if (role_word && x.num) x.role_at = role_word;
    }
    break;
  }
}

std::optional<size_t> index_of(const Knowledge& k, const NumericColumn* col) {
  if (!col) return std::nullopt;
  return static_cast<size_t>(col - k.vocab.numeric().data());
}

// Which column the quantity constrains: a unit, a cue word nearby, the role
// of the comparator, a column named nearby; else a year-like number goes to
// the year column. False when the quantity is no range at all (a count:
// "at least 3 comedies", "3 comedies").
bool choose_column(const Knowledge& k, const Message& m, Mention& x) {
  const auto& nums = k.vocab.numeric();
  const Quantity& q = x.q;
  // A year-like number the cued column cannot hold is a year after all.
  if (q.year_like && x.num && nums[*x.num].role != NumericRole::year &&
      !(q.lo >= nums[*x.num].min && q.lo <= nums[*x.num].max)) {
    x.num.reset();
    x.hint = NumericRole::year;
  }
  if (q.year_like && !x.num && x.hint && *x.hint != NumericRole::year) {
    const NumericColumn* r = k.vocab.role(*x.hint);
    if (!r || !(q.lo >= r->min && q.lo <= r->max)) x.hint = NumericRole::year;
  }
  if (!x.num && x.hint) x.num = index_of(k, k.vocab.role(*x.hint));
  bool column_known = x.num.has_value() || x.hint.has_value();
  if (!column_known && (q.decade || q.year_like)) {
    x.num = index_of(k, k.vocab.role(NumericRole::year));
    column_known = true;  // (a catalog without a year column ignores it)
  }
  if (!column_known) {
    // A bare comparator and number ("above 4"): the rating column when the
    // number fits its range and no noun follows (else it is a count:
    // "at least 3 comedies").
    if (x.cmp == Cmp::none || x.cmp == Cmp::eq) return false;
    const Token* next = x.end < m.tokens.size() ? &m.tokens[x.end] : nullptr;
    const bool noun_follows = next && next->kind == Token::word && !text::is_stopword(next->norm) &&
                              !lexicon::is_negation(next->norm);
    if (noun_follows) return false;
    const NumericColumn* rating = k.vocab.role(NumericRole::rating);
    if (rating && q.lo >= rating->min && q.lo <= rating->max) x.num = index_of(k, rating);
    // claimed below even when no column takes it ("under 10")
  }
  // A plain number with no comparator, unit or cue is not a range (it may be a count).
  return q.decade || q.year_like || x.cmp != Cmp::none || x.q2 || x.hint || x.num;
}

// Claims the mention and adds its range; returns the token past it.
size_t take(const Knowledge& k, Message& m, Parse& p, const Mention& x) {
  const size_t from = std::min(x.negated ? x.neg_at : x.phrase_start, x.q.start);
  m.claims.claim(from, x.end);
  if (x.cue_at) m.claims.claim(*x.cue_at);
  if (x.role_at) m.claims.claim(*x.role_at);
  p.rec_cue = true;  // a range was asked for, even one this catalog cannot hold
  if (!x.num) return x.end;
  // A price or rating phrase never lands on a year column and back.
  const NumericColumn& col = k.vocab.numeric()[*x.num];
  if (col.role == NumericRole::year && !(x.q.year_like || x.q.decade)) return x.end;
  Cmp eff = x.cmp;
  bool exclude = false;
  if (x.negated) {
    if (eff == Cmp::eq || eff == Cmp::none) exclude = true;
    else eff = flip(eff);
  }
  add_range(k, p, *x.num, eff, x.q, x.q2 ? &*x.q2 : nullptr, exclude, from);
  return x.end;
}

}  // namespace

std::optional<Quantity> quantity_at(const Knowledge& k, const Message& m, size_t i) {
  const auto& t = m.tokens;
  if (i >= t.size() || m.claims.taken(i)) return std::nullopt;
  const Token& tok = t[i];
  const std::string& n = tok.norm;
  Quantity q;
  q.start = i;
  q.end = i + 1;
  if (tok.kind == Token::number) {
    q.lo = q.hi = tok.value;
    q.integer = tok.value == std::floor(tok.value) && n.find('.') == std::string::npos;
    q.year_like = q.integer && n.size() == 4 && tok.value >= 1800 && tok.value <= 2100;
    return q;
  }
  if (tok.kind != Token::word) return std::nullopt;
  auto first_year = decade_of(k, n);
  if (!first_year) return std::nullopt;
  q.decade = true;
  q.lo = *first_year;
  q.hi = *first_year + 9;
  narrow_decade(m, i, q);
  return q;
}

void add_range(const Knowledge& k, Parse& p, size_t num, Cmp cmp, const Quantity& q,
               const Quantity* q2, bool exclude, size_t mention) {
  const Bounds b = bounds_of(k.vocab.numeric()[num], cmp, q, q2);
  NumRange& cur = p.numeric[num];
  if (!cur.has_range && cur.excluded.empty()) cur.first_mention = mention;
  if (exclude) {
    if (!std::isnan(b.lo) && !std::isnan(b.hi)) cur.excluded.emplace_back(b.lo, b.hi);
    else if (!std::isnan(b.lo)) {  // "not after 2000" came as a flipped bound already; rare
      if (std::isnan(cur.hi) || b.lo < cur.hi) { cur.hi = b.lo; cur.hi_strict = true; }
      cur.has_range = true;
      cur.parts.push_back(NumRange::Part{std::numeric_limits<double>::quiet_NaN(), b.lo, false, true});
    }
    return;
  }
  NumRange next = cur;
  if (!std::isnan(b.lo) &&
      (std::isnan(next.lo) || b.lo > next.lo || (b.lo == next.lo && b.lo_strict))) {
    next.lo = b.lo;
    next.lo_strict = b.lo_strict;
  }
  if (!std::isnan(b.hi) &&
      (std::isnan(next.hi) || b.hi < next.hi || (b.hi == next.hi && b.hi_strict))) {
    next.hi = b.hi;
    next.hi_strict = b.hi_strict;
  }
  const bool empty = !std::isnan(next.lo) && !std::isnan(next.hi) &&
                     (next.lo > next.hi || (next.lo == next.hi && (next.lo_strict || next.hi_strict)));
  if (empty) {
    // Contradiction ("from the 90s but after 2000"): the later statement wins.
    next.lo = b.lo;
    next.hi = b.hi;
    next.lo_strict = b.lo_strict;
    next.hi_strict = b.hi_strict;
    next.parts.clear();
  }
  next.parts.push_back(NumRange::Part{b.lo, b.hi, b.lo_strict, b.hi_strict});
  next.has_range = true;
  cur = next;
}

// "the last 5 years", "the past ten years", "nothing older than 10 years":
// years counted back from the catalog's newest year, that year included
// (the conversation happens when the data was collected, as for "recent").
// Returns the token past the phrase, or 0 when it is not one.
size_t take_years_back(const Knowledge& k, Message& m, Parse& p, const Quantity& q) {
  const size_t i = q.start;
  const NumericColumn* y = k.vocab.role(NumericRole::year);
  if (!y || y->sorted.empty() || !q.integer || q.year_like || q.decade || q.lo < 1 || q.lo > 100) return 0;
  const std::string& unit = m.norm(q.end);
  if (!(unit == "years" || unit == "year" || fuzzy::one_slip(unit, "years"))) return 0;
  size_t from = i;
  if (i > 0 && (m.is(i - 1, "last") || m.is(i - 1, "past"))) {
    from = i - 1;
  } else if (i > 1 && m.is(i - 1, "than") && (m.is(i - 2, "older") || m.is(i - 2, "old"))) {
    // only negated: "older than 10 years" alone asks for old items
    from = i - 2;
    bool negated = false;
    for (size_t j = from, steps = 0; j > 0 && steps < 2 && !negated; --j, ++steps)
      if (lexicon::is_negation(m.tokens[j - 1].norm)) negated = true, from = j - 1;
    if (!negated) return 0;
  } else {
    return 0;
  }
  if (from > 0 && m.is(from - 1, "the")) --from;
  for (size_t j = from; j <= q.end; ++j)
    if (m.claims.taken(j)) return 0;
  Quantity back = q;
  back.lo = back.hi = y->max - q.lo;
  add_range(k, p, static_cast<size_t>(y - k.vocab.numeric().data()), Cmp::ge, back, nullptr, false, from);
  m.claims.claim(from, q.end + 1);
  p.rec_cue = true;
  return q.end + 1;
}

void find_numbers(const Knowledge& k, Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    auto q = quantity_at(k, m, i);
    if (!q && !m.claims.taken(i))
      if (auto w = lexicon::number_word(m.tokens[i].norm)) {  // "the past ten years"
        Quantity said;
        said.lo = said.hi = *w;
        said.start = i;
        said.end = i + 1;
        if (const size_t past = take_years_back(k, m, p, said)) i = past - 1;
        continue;
      }
    if (!q) continue;
    if (const size_t past = take_years_back(k, m, p, *q)) {
      i = past - 1;
      continue;
    }
    Mention x;
    x.q = *q;
    read_before(m, x);
    read_negation(k, m, x);
    read_after(k, m, x);
    read_cue(k, m, x);
    if (!choose_column(k, m, x)) continue;
    i = take(k, m, p, x) - 1;
  }
}

}  // namespace interec::rules

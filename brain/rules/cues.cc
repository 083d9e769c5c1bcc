#include "brain/rules/cues.h"

#include <cmath>

#include "brain/rules/lexicon.h"
#include "brain/rules/numbers.h"
#include "storage/text_pipeline.h"

namespace interec::rules {

namespace {

// "highly rated", "top-rated", "well reviewed", "critically acclaimed": the
// catalog's best rated quarter, read inclusively (docs/conversation.md,
// "Vague words are read inclusively"): at least the lowest rating of the
// top quarter of the items, floored to a round threshold. Relative to the
// catalog, because ratings bunch differently on every scale (on ML-100K
// three quarters up the 1..5 scale, 4, keeps only a tenth of the items).
// Returns false when the words at i are not such a cue.
bool take_high_rating(const Knowledge& k, Message& m, Parse& p, size_t i) {
  const std::string& w = m.tokens[i].norm;
  const bool hyphen = m.norm(i + 1) == "-";
  const size_t next_i = hyphen ? i + 2 : i + 1;
  const std::string& next = m.norm(next_i);
  const bool rated_next = m.free(next_i) && lexicon::is_rating_participle(next, text::stem(next));
  if (!((lexicon::praises_a_rating(w) && rated_next) || w == "acclaimed")) return false;
  if (const NumericColumn* r = k.vocab.role(NumericRole::rating); r && !r->sorted.empty()) {
    const double top_quarter = r->sorted[r->sorted.size * 3 / 4];
    // A round threshold: tenths on a scale up to 10 (3.6 on ML-100K), whole
    // numbers on a larger one.
    const double per_unit = r->max - r->min <= 10 ? 10.0 : 1.0;  // divided, so 3.6 is the literal 3.6
    const double th = std::floor(top_quarter * per_unit + 1e-9) / per_unit;
    Quantity q;
    q.lo = q.hi = th;
    add_range(k, p, static_cast<size_t>(r - k.vocab.numeric().data()), lexicon::Cmp::ge, q,
              nullptr, false, i);
  }
  m.claims.claim(i);
  if (w != "acclaimed") m.claims.claim(i + 1, next_i + 1);
  p.rec_cue = true;
  return true;
}

// "recent", "latest releases": the last five years of the catalog.
bool take_recent(const Knowledge& k, Message& m, Parse& p, size_t i) {
  if (!lexicon::asks_for_recent(m.tokens[i].norm)) return false;
  const NumericColumn* y = k.vocab.role(NumericRole::year);
  // "something recent, like the last 10 years": the years said win.
  const bool said = y && p.numeric.count(static_cast<size_t>(y - k.vocab.numeric().data()));
  if (y && !y->sorted.empty() && !said) {
    Quantity q;
    q.lo = q.hi = y->max - 4;
    add_range(k, p, static_cast<size_t>(y - k.vocab.numeric().data()), lexicon::Cmp::ge, q,
              nullptr, false, i);
  }
  m.claims.claim(i);
  if (m.is(i + 1, "released") || m.is(i + 1, "releases")) m.claims.claim(i + 1);
  p.rec_cue = true;
  return true;
}

// "cheap", "affordable": the catalog's cheapest quarter, read inclusively
// (at most the price a quarter of the items stay under), as "recent" is its
// last five years; a price the message says wins ("cheap, under 10 dollars").
bool take_cheap(const Knowledge& k, Message& m, Parse& p, size_t i) {
  if (!lexicon::asks_for_cheap(m.tokens[i].norm)) return false;
  const NumericColumn* c = k.vocab.role(NumericRole::price);
  if (!c || c->sorted.empty()) return false;  // a catalog without prices: the word stays unread
  const size_t column = static_cast<size_t>(c - k.vocab.numeric().data());
  if (!p.numeric.count(column)) {
    Quantity q;
    q.lo = q.hi = c->sorted[c->sorted.size / 4];
    add_range(k, p, column, lexicon::Cmp::le, q, nullptr, false, i);
  }
  m.claims.claim(i);
  p.rec_cue = true;
  return true;
}

// "costs nothing", "doesn't cost anything", "does not cost a thing": a
// price of 0. The negation is the phrase's, not an exclusion, so it is
// claimed with it.
bool take_costless(const Knowledge& k, Message& m, Parse& p, size_t i) {
  static const std::string cost = text::stem("cost");
  if (m.tokens[i].stem != cost) return false;
  const NumericColumn* c = k.vocab.role(NumericRole::price);
  if (!c || c->sorted.empty()) return false;
  size_t from = i, end = 0;
  if (m.free(i + 1) && m.is(i + 1, "nothing")) {
    end = i + 2;
  } else {
    for (size_t back = 1; back <= 2 && back <= i && !end; ++back) {
      if (!m.free(i - back) || !lexicon::is_negation(m.norm(i - back))) continue;
      if (m.free(i + 1) && m.is(i + 1, "anything")) end = i + 2;
      else if (m.free(i + 2) && m.is(i + 1, "a") && m.is(i + 2, "thing")) end = i + 3;
      from = i - back;
    }
  }
  if (!end) return false;
  Quantity q;  // 0, not the catalog's lowest price: "costs nothing" is free or nothing
  q.lo = q.hi = 0;
  add_range(k, p, static_cast<size_t>(c - k.vocab.numeric().data()), lexicon::Cmp::le, q, nullptr, false, i);
  m.claims.claim(from, end);
  p.rec_cue = true;
  return true;
}

// "popular", "most famous", "well known": rank by popularity.
void take_popular(Message& m, Parse& p, size_t i) {
  const std::string& w = m.tokens[i].norm;
  if (!(lexicon::asks_for_popular(w) || (w == "well" && m.is(i + 1, "known")))) return;
  p.popularity = true;
  p.rec_cue = true;
  m.claims.claim(i);
  if (w == "well") m.claims.claim(i + 1);
  if (i > 0 && (m.tokens[i - 1].norm == "most" || m.tokens[i - 1].norm == "very"))
    m.claims.claim(i - 1);
}

}  // namespace

void find_cues(const Knowledge& k, Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.claims.taken(i) || m.tokens[i].kind != Token::word) continue;
    const std::string& w = m.tokens[i].norm;
    if (lexicon::is_recommendation_cue(w)) p.rec_cue = true;
    if (lexicon::is_more_cue(w)) p.more_cue = true;
    if (take_high_rating(k, m, p, i)) continue;
    if (take_recent(k, m, p, i)) continue;
    if (take_cheap(k, m, p, i)) continue;
    if (take_costless(k, m, p, i)) continue;
    take_popular(m, p, i);
  }
}

}  // namespace interec::rules

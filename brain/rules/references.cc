#include "brain/rules/references.h"

#include <algorithm>
#include <string>

#include "brain/rules/dialogue_words.h"
#include "brain/rules/lexicon.h"
#include "storage/text_pipeline.h"
#include "brain/rules/titles.h"
#include "brain/rules/values.h"

namespace interec::rules {

namespace {

size_t clause_start(const Message& m, size_t i) {
  while (i > 0 && !lexicon::ends_a_clause(m.norm(i - 1))) --i;
  return i;
}

// True when a longer exact title starts at i than the `len` tokens a
// reference or direction would take there ("The Third Man").
bool longer_title_at(const Knowledge& k, const Message& m, size_t i, size_t len) {
  auto t = title_at(k, m, i, false);
  return t && t->end > i + len;
}

// True when an exact title starting up to 8 tokens before i runs past i:
// "the first" in "a bit like Murder in the First (1995)" is no reference.
bool inside_title(const Knowledge& k, const Message& m, size_t i) {
  for (size_t s = i > 8 ? i - 8 : 0; s < i; ++s) {
    if (m.tokens[s].kind == Token::punct || !m.free(s)) continue;
    auto t = title_at(k, m, s, false);
    if (t && t->end > i) return true;
  }
  return false;
}

struct Found {
  Reaction reaction = Reaction::none;
  size_t from = 0, to = 0;  // the phrase's tokens
};

// The reaction phrase nearest before `begin` in its clause (at most `gap`
// words between), longest first among equals.
Found reaction_before(const Message& m, size_t begin, size_t gap) {
  static const Reaction kinds[] = {Reaction::seen, Reaction::disliked, Reaction::more_like,
                                   Reaction::liked, Reaction::rejected};
  Found best;
  size_t best_gap = gap + 1, best_len = 0;
  for (size_t s = clause_start(m, begin); s < begin; ++s) {
    for (Reaction r : kinds) {
      const size_t len = lexicon::reaction_phrases(r, true).match(m, s);
      if (len == 0 || s + len > begin) continue;
      const size_t g = begin - (s + len);
      if (g < best_gap || (g == best_gap && len > best_len)) {
        best = Found{r, s, s + len};
        best_gap = g;
        best_len = len;
      }
    }
  }
  if (best.reaction == Reaction::none) return best;
  // "didn't like the second one", "not more like that".
  if (best.from > 0 && lexicon::negates_a_reaction(m.norm(best.from - 1)) && m.free(best.from - 1)) {
    if (best.reaction == Reaction::liked) best.reaction = Reaction::disliked;
    else if (best.reaction == Reaction::more_like) best.reaction = Reaction::rejected;
    if (best.reaction != Reaction::seen) --best.from;
  }
  return best;
}

// The reaction phrase right after `end` ("... was great", "... is close").
Found reaction_after(const Message& m, size_t end) {
  static const Reaction kinds[] = {Reaction::seen, Reaction::disliked, Reaction::more_like,
                                   Reaction::liked, Reaction::rejected};
  Found best;
  size_t best_len = 0;
  for (Reaction r : kinds) {
    const size_t len = lexicon::reaction_phrases(r, false).match(m, end);
    if (len > best_len) {
      best = Found{r, end, end + len};
      best_len = len;
    }
  }
  return best;
}

// A reference at token i into a list: "the second one", "#3", "the first
// two", "the last one". Sets r and returns the token past it, or 0.
size_t ordinal_at(const Knowledge& k, const Message& m, size_t i, Reference& r) {
  size_t j = i;
  const bool det = m.free(j) && lexicon::opens_a_reference(m.norm(j));
  if (det) ++j;
  if (!m.free(j)) return 0;
  const std::string& w = m.norm(j);
  size_t e = j + 1;
  bool numbered = false;
  // "top 3 movies" asks for three items: a count, never "the first three".
  if (w == "top" && !det) return 0;
  if (auto o = lexicon::ordinal_word(w)) {
    r.kind = Reference::Kind::ordinal;
    r.index = *o;
  } else if (lexicon::is_last_word(w)) {
    r.kind = Reference::Kind::last;
    r.index = 0;
  } else if (lexicon::numbers_a_reference(w)) {
    size_t n = j + 1;
    if (m.is(n, ".")) ++n;
    else if (w == "no") return 0;  // "no 2" may be a count; "no. 2" is a reference
    if (n >= m.tokens.size() || m.tokens[n].kind != Token::number || !m.free(n)) return 0;
    const double v = m.tokens[n].value;
    if (v < 1 || v > 20 || v != static_cast<int>(v)) return 0;
    r.kind = Reference::Kind::ordinal;
    r.index = static_cast<int>(v);
    e = n + 1;
    numbered = true;
  } else {
    return 0;
  }
  if (!numbered && r.kind == Reference::Kind::ordinal && r.index == 1 && m.free(e)) {
    // "the first two", "the first 3".
    std::optional<int> n;
    if (m.tokens.size() > e && m.tokens[e].kind == Token::number) n = static_cast<int>(m.tokens[e].value);
    else if (auto x = lexicon::number_word(m.norm(e))) n = *x;
    if (n && *n >= 2 && *n <= 10) {
      r.kind = Reference::Kind::first_n;
      r.index = *n;
      ++e;
    }
  }
  const bool noun = m.free(e) && lexicon::is_reference_noun(m.norm(e));
  if (noun) ++e;
  if (!numbered && !noun) {
    // "the second", "the last" with no noun: only when nothing else could
    // follow ("the last 10 years", "the first comedy" are no references).
    static const char* const kThen[] = {"is", "was", "looks", "seems", "sounds", "from", "you",
                                        "i", "please", "and", "but", "or", "isnt", "wasnt",
                                        "looked", "sounded", "then", "too", "though", "seemed"};
    const std::string& next = m.norm(e);
    bool ok = !det ? false : m.boundary(e);
    for (const char* x : kThen) ok = ok || (det && next == x);
    if (!ok || w == "top") return 0;
  }
  if (!det && !noun && !numbered) return 0;
  if (longer_title_at(k, m, i, e - i) || (det && longer_title_at(k, m, j, e - j)) ||
      inside_title(k, m, i))
    return 0;
  r.begin = i;
  if (size_t n = lexicon::earlier_list_phrases().match(m, e)) {
    r.list = 1;
    e += n;
  } else if (size_t f = lexicon::first_list_phrases().match(m, e)) {
    r.list = -1;
    e += f;
  }
  r.end = e;
  return e;
}

// "older", "more recent", "too expensive", "cheaper than Heat".
size_t direction_at(const Knowledge& k, Message& m, size_t i, Parse& p) {
  for (const auto& ph : lexicon::direction_phrases()) {
    bool ok = true;
    for (size_t w = 0; w < ph.words.size() && ok; ++w) ok = m.free(i + w) && m.norm(i + w) == ph.words[w];
    if (!ok) continue;
    size_t e = i + ph.words.size();
    const std::string& first = m.norm(i);
    // "1990 or newer", "4 stars and better": a comparator (Pass::numbers).
    if (i >= 2 && (m.is(i - 1, "or") || m.is(i - 1, "and")) && m.tokens[i - 2].kind == Token::number)
      return 0;
    if ((first == "later" || first == "earlier") && !lexicon::is_reference_noun(m.norm(e))) return 0;
    if (longer_title_at(k, m, i, e - i)) return 0;
    DirectionMention d{ph.direction, i, std::nullopt};
    if (m.is(e, "than")) {
      // "older than 1990" is a range (Pass::numbers); "older than Heat" is relative to Heat.
      auto t = title_at(k, m, e + 1, false);
      if (!t) return 0;
      d.than = t->item;
      e = t->end;
    }
    m.claims.claim(i, e);
    p.directions.push_back(d);
    return e;
  }
  return 0;
}

// The catalog column a column word or a column's own name at token i names.
std::optional<size_t> column_at(const Knowledge& k, const Message& m, size_t i) {
  const Token& t = m.tokens[i];
  const Vocabulary& v = k.vocab;
  auto numeric = [&](NumericRole role) -> std::optional<size_t> {
    const NumericColumn* c = v.role(role);
    if (!c) return std::nullopt;
    return c->date_column ? *c->date_column : c->column;
  };
  switch (lexicon::column_word(t.norm, t.stem)) {
    case lexicon::ColumnWord::year: return numeric(NumericRole::year);
    case lexicon::ColumnWord::rating: return numeric(NumericRole::rating);
    case lexicon::ColumnWord::price: return numeric(NumericRole::price);
    case lexicon::ColumnWord::category:
      for (const auto& cat : v.categorical())
        if (cat.multi) return cat.column;
      if (!v.categorical().empty()) return v.categorical()[0].column;
      return std::nullopt;
    case lexicon::ColumnWord::none: break;
  }
  auto named = v.columns_named(t.stem);
  if (!named.empty()) return named.front();
  return std::nullopt;
}

// "any year", "forget the genre", "doesn't have to be a comedy", "the year
// doesn't matter".
size_t lifting_at(const Knowledge& k, Message& m, size_t i, Parse& p) {
  if (const size_t len = lexicon::lifting_phrases().match(m, i)) {
    size_t j = i + len;
    while (m.is(j, "the") || m.is(j, "a") || m.is(j, "an")) ++j;
    if (j >= m.tokens.size() || !m.free(j)) return 0;
    if (auto col = column_at(k, m, j)) {
      m.claims.claim(i, j + 1);
      p.lifted_columns.push_back(*col);
      return j + 1;
    }
    if (m.norm(i) == "any" || m.norm(i) == "whatever") return 0;  // "any comedies?" asks for comedies
    if (auto v = value_at(k, m, j)) {
      m.claims.claim(i, v->end);
      p.lifted_values.emplace_back(v->column, v->value);
      return v->end;
    }
    return 0;
  }
  if (!m.free(i) || m.tokens[i].kind != Token::word) return 0;
  size_t j = i + 1;
  if (auto col = column_at(k, m, i)) {
    if (const size_t len = lexicon::lifting_after().match(m, j)) {
      size_t from = i;
      if (from > 0 && m.is(from - 1, "the") && m.free(from - 1)) --from;
      m.claims.claim(from, j + len);
      p.lifted_columns.push_back(*col);
      return j + len;
    }
  }
  return 0;
}

// "a different brand", "not that developer", "other genres": a value other
// than the current one of a text column (the dialogue manager finds which).
size_t other_value_at(const Knowledge& k, Message& m, size_t i, Parse& p) {
  const size_t len = lexicon::other_value_phrases().match(m, i);
  if (!len) return 0;
  const size_t j = i + len;
  if (j >= m.tokens.size() || !m.free(j)) return 0;
  const auto col = column_at(k, m, j);
  if (!col || k.catalog->columns()[*col].type != ColumnType::text) return 0;
  size_t end = j + 1;
  if (m.is(end, "than") && (m.is(end + 1, "that") || m.is(end + 1, "this") || m.is(end + 1, "those"))) end += 2;
  m.claims.claim(i, end);
  p.other_columns.push_back(*col);
  return end;
}

// "seen it", "love that one", "not that one", "loved them": a pronoun next
// to a reaction.
size_t pronoun_at(const Knowledge& k, Message& m, size_t i, Parse& p) {
  size_t len = lexicon::item_pronouns().match(m, i);
  bool list = false;
  if (!len && m.free(i) && m.norm(i) == "its") len = 1;  // "it's great"
  if (!len) {
    len = lexicon::list_pronouns().match(m, i);
    list = len > 0;
  }
  if (!len || longer_title_at(k, m, i, len)) return 0;
  Found f = reaction_before(m, i, 1);
  if (f.reaction == Reaction::none) f = reaction_after(m, i + len);
  if (f.reaction == Reaction::none) return 0;
  Reference r;
  r.kind = list ? Reference::Kind::list : Reference::Kind::pronoun;
  r.index = 0;
  r.reaction = f.reaction;
  r.begin = i;
  r.end = i + len;
  m.claims.claim(i, i + len);
  m.claims.claim(f.from, f.to);
  p.references.push_back(r);
  return std::max(i + len, f.to);
}

// "meh", "not those", "those are great" as a sentence of their own (what
// follows is a clause end or the end): a reaction to the whole list. ("no
// horror" is a condition, not a rejection.)
size_t list_reaction_at(Message& m, size_t i, Parse& p) {
  for (Reaction r : {Reaction::rejected, Reaction::liked}) {
    const auto& table = r == Reaction::rejected ? lexicon::list_rejections() : lexicon::list_approvals();
    const size_t len = table.match(m, i);
    if (!len) continue;
    const size_t e = i + len;
    // "any good suggestions?", "got some good picks": asking for them, not praising a list.
    if (i > 0 && (m.is(i - 1, "any") || m.is(i - 1, "some") || m.is(i - 1, "more") || m.is(i - 1, "other") ||
                  m.is(i - 1, "have") || m.is(i - 1, "got") || m.is(i - 1, "need") || m.is(i - 1, "want")))
      continue;
    const bool alone = e >= m.tokens.size() || lexicon::ends_a_clause(m.norm(e)) || m.boundary(e) ||
                       m.is(e, "either") || m.is(e, "really") || m.is(e, "sorry") || m.is(e, "thanks");
    if (!alone) continue;
    m.claims.claim(i, e);
    p.list_reaction = r;
    return e;
  }
  return 0;
}

}  // namespace

namespace {

// References joined by "and" / "or" / "," share a reaction: "I've seen the
// first one and the third one" says "seen" of both.
void share_reactions(const Message& m, std::vector<Reference>& refs) {
  auto joined = [&](const Reference& a, const Reference& b) {
    if (b.begin <= a.end) return false;
    for (size_t i = a.end; i < b.begin; ++i) {
      const std::string& w = m.tokens[i].norm;
      if (w != "and" && w != "or" && w != "," && w != "also" && w != "both") return false;
    }
    return true;
  };
  for (size_t i = 1; i < refs.size(); ++i)
    if (refs[i].reaction == Reaction::none && joined(refs[i - 1], refs[i]))
      refs[i].reaction = refs[i - 1].reaction;
  for (size_t i = refs.size(); i-- > 1;)
    if (refs[i - 1].reaction == Reaction::none && joined(refs[i - 1], refs[i]))
      refs[i - 1].reaction = refs[i].reaction;
}

}  // namespace

Reaction reaction_around(Message& m, size_t begin, size_t end, bool claim) {
  Found f = reaction_before(m, begin, 3);
  if (f.reaction == Reaction::none) f = reaction_after(m, end);
  if (f.reaction != Reaction::none && claim) m.claims.claim(f.from, f.to);
  return f.reaction;
}

void find_references(const Knowledge& k, Message& m, Parse& p) {
  const size_t n = m.tokens.size();
  // Items first: the ordinals and #numbers, with their lists.
  for (size_t i = 0; i < n; ++i) {
    if (!m.free(i)) continue;
    Reference r;
    const size_t e = ordinal_at(k, m, i, r);
    if (!e) continue;
    m.claims.claim(r.begin, r.end);
    p.references.push_back(r);
    i = e - 1;
  }
  for (auto& r : p.references) r.reaction = reaction_around(m, r.begin, r.end, true);
  share_reactions(m, p.references);
  // Then reactions to the whole list, directions, lifted conditions and
  // pronouns with a reaction.
  for (size_t i = 0; i < n; ++i) {
    if (!m.free(i)) continue;
    size_t e = list_reaction_at(m, i, p);
    if (!e) e = direction_at(k, m, i, p);
    if (!e) e = lifting_at(k, m, i, p);
    if (!e) e = other_value_at(k, m, i, p);
    if (!e) e = pronoun_at(k, m, i, p);
    if (e) i = e - 1;
  }
  std::stable_sort(p.references.begin(), p.references.end(),
                   [](const Reference& a, const Reference& b) { return a.begin < b.begin; });
}

namespace {

// What a stance toward a named title says of a shown item.
Reaction reaction_of(TitleMention::Role role) {
  using Role = TitleMention::Role;
  switch (role) {
    case Role::liked: return Reaction::liked;
    case Role::disliked: return Reaction::disliked;
    case Role::seen: return Reaction::seen;
    case Role::excluded: return Reaction::rejected;
    case Role::seed: return Reaction::more_like;
    case Role::asked_about:
    case Role::neutral: return Reaction::none;
  }
  return Reaction::none;
}

bool shown(const ParseContext& ctx, ItemIndex item) {
  for (const auto& list : ctx.lists)
    if (std::find(list.begin(), list.end(), item) != list.end()) return true;
  return false;
}

// Titles of shown items the seeds pass left for want of evidence: a
// one-word title that is also a word ("contact is great", "oh restoration
// was good"). Naming an item of a list the user was shown, with a reaction
// to it, is the evidence; without one the words are left alone ("no
// contact sports").
void find_shown_titles(const Knowledge& k, Message& m, Parse& p, const ParseContext& ctx) {
  std::vector<ItemIndex> items;
  for (const auto& list : ctx.lists) items.insert(items.end(), list.begin(), list.end());
  if (items.empty()) return;
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    const auto t = title_among(k, m, i, items);
    if (!t) continue;
    const bool named = std::any_of(p.titles.begin(), p.titles.end(),
                                   [&](const TitleMention& x) { return x.item == t->item; });
    if (named || reaction_around(m, i, t->end, false) == Reaction::none) continue;
    m.claims.claim(i, t->end);
    TitleMention mention{t->item, TitleMention::Role::neutral, i, t->end, 1.0f};
    p.titles.insert(std::upper_bound(p.titles.begin(), p.titles.end(), mention,
                                     [](const TitleMention& a, const TitleMention& b) { return a.begin < b.begin; }),
                    mention);
    i = t->end - 1;
  }
}

}  // namespace

void refer_to_shown_titles(const Knowledge& k, Message& m, Parse& p, const ParseContext& ctx) {
  find_shown_titles(k, m, p, ctx);
  bool any = false;
  for (const auto& t : p.titles) {
    if (!shown(ctx, t.item)) continue;
    Reference r;
    r.kind = Reference::Kind::title;
    r.index = static_cast<int>(t.item);
    r.begin = t.begin;
    r.end = t.end;
    r.reaction = reaction_of(t.role);
    // "Heat was boring" when the stance was none the seeds pass knew.
    if (r.reaction == Reaction::none && t.role == TitleMention::Role::neutral)
      r.reaction = reaction_around(m, t.begin, t.end, true);
    p.references.push_back(r);
    any = true;
  }
  if (!any) return;
  std::stable_sort(p.references.begin(), p.references.end(),
                   [](const Reference& a, const Reference& b) { return a.begin < b.begin; });
  share_reactions(m, p.references);
}

}  // namespace interec::rules

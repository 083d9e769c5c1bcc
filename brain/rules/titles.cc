#include "brain/rules/titles.h"

#include <algorithm>
#include <string>
#include <vector>

#include "brain/rules/lexicon.h"
#include "brain/rules/title_evidence.h"
#include "brain/rules/title_stance.h"

namespace interec::rules {

using Role = TitleMention::Role;

const char* to_string(Role role) {
  switch (role) {
    case Role::seed: return "seed";
    case Role::liked: return "liked";
    case Role::disliked: return "disliked";
    case Role::seen: return "seen";
    case Role::asked_about: return "asked_about";
    case Role::excluded: return "excluded";
    case Role::neutral: return "neutral";
  }
  return "neutral";
}

namespace {

bool is_title_year_token(const Token& t) {
  return t.kind == Token::number && t.norm.size() == 4 && t.value >= 1800 && t.value <= 2100;
}

// A year written right after token e-1: "(1995)" or "1995".
struct YearAfter {
  int year = 0;
  size_t stop = 0;  // past the year (and its ")")
  bool parenthesised = false;
};

YearAfter year_after(const Message& m, size_t e) {
  YearAfter y;
  size_t i = e;
  if (m.is(i, "(")) ++i;
  if (i >= m.tokens.size() || !is_title_year_token(m.tokens[i])) return y;
  y.parenthesised = i > e;
  if (y.parenthesised && !m.is(i + 1, ")")) return y;
  y.year = static_cast<int>(m.tokens[i].value);
  y.stop = i + 1 + (y.parenthesised ? 1 : 0);
  return y;
}

// The rest of the catalog's spelling when the user wrote it out:
// alternate titles ("Way of the Dragon, The (a.k.a. Return of the Dragon)
// (1972)") are part of the name, not conditions.
size_t spelled_out(const Knowledge& k, const Message& m, size_t pos, ItemIndex item, size_t stop) {
  const std::vector<Token> spelled = tokenize_text(k.catalog->title(item));
  size_t a = pos, b = 0;
  while (a < m.tokens.size() && b < spelled.size() && m.tokens[a].norm == spelled[b].norm) ++a, ++b;
  return b == spelled.size() && a > stop ? a : stop;
}

// The candidate for the name `names` at tokens [pos, e), with its year.
TitleCandidate candidate_for(const Knowledge& k, const Message& m, size_t pos, size_t e,
                             const std::vector<TitleName>& names) {
  TitleCandidate c;
  c.begin = pos;
  c.end = c.stop = e;
  const YearAfter y = year_after(m, e);
  std::optional<TitleName> pick = y.year ? k.names.pick(names, y.year) : std::nullopt;
  if (pick) {
    c.year = true;
    c.stop = y.stop;
  } else {
    pick = k.names.pick(names, 0);
    // "(2017)" after a name is the name's year, whatever it is: never a filter.
    if (y.year && y.parenthesised) {
      c.other_year = true;
      c.stop = y.stop;
    }
  }
  c.item = pick->item;
  c.kind = pick->kind;
  c.stop = spelled_out(k, m, pos, c.item, c.stop);
  return c;
}

// The longest exact name starting at token `pos`, ending before `end` (the
// sentence) -- or past it: exact names may hold punctuation that usually
// ends a phrase ("Hot Shots! Part Deux", "Alien: Resurrection").
std::optional<TitleCandidate> exact_at(const Knowledge& k, const Message& m, size_t pos, size_t end) {
  const auto& t = m.tokens;
  // Most words start no name; "L.A." is normalised as one word.
  size_t longest = m.is(pos + 1, ".") ? k.names.max_words() : k.names.longest_from(t[pos].norm);
  if (longest == 0) return std::nullopt;
  longest += 2;  // "Matrix, The": the article the user moved
  size_t xend = pos;
  for (size_t xw = 0; xend < t.size() && !m.claims.taken(xend) && xw < longest; ++xend)
    if (t[xend].kind != Token::punct) ++xw;
  end = std::min(end, xend);
  for (size_t e = std::max(end, xend); e > pos; --e) {
    if (t[e - 1].kind == Token::punct) continue;
    const auto names = k.names.find(normalize_title(m.span(pos, e)));
    if (names.empty()) continue;
    return candidate_for(k, m, pos, e, names);
  }
  return std::nullopt;
}

// A misspelt title: the words from `pos` up to one that cannot be part of a
// request's title, matched by the title index.
std::optional<TitleCandidate> fuzzy_at(const Knowledge& k, const Message& m, size_t pos, size_t end) {
  const auto& t = m.tokens;
  size_t fe = pos;
  while (fe < end && !lexicon::ends_a_title(t[fe].norm)) ++fe;
  while (fe > pos && t[fe - 1].kind == Token::punct) --fe;
  if (fe == pos) return std::nullopt;
  const std::string raw = m.span(pos, fe);
  if (raw.size() < 4) return std::nullopt;
  auto match = k.titles->match(raw, 1, 0.8);
  if (match.empty()) return std::nullopt;
  TitleCandidate c;
  c.item = match.front().item;
  c.begin = pos;
  c.end = c.stop = fe;
  c.fuzzy = true;
  return c;
}

// The sentence from `pos`: up to a boundary, at most the longest name's
// words (punctuation inside names is allowed).
size_t sentence_end(const Knowledge& k, const Message& m, size_t pos) {
  size_t end = pos, words = 0;
  while (end < m.tokens.size() && !m.boundary(end) && !m.claims.taken(end) &&
         words < k.names.max_words() + 2) {
    if (m.tokens[end].kind != Token::punct) ++words;
    ++end;
  }
  return end;
}

// "the movie Heat", "those Underworld films": an item noun next to a name
// (after it only when the name is capitalised: "old school movies" is no
// title).
bool item_noun_next_to(const Message& m, size_t begin, size_t stop) {
  size_t b = begin;
  if (b > 0 && (m.is(b - 1, "the") || m.is(b - 1, "a"))) --b;
  // Before it, a singular noun only: "the movie Heat", not "movies about time travel".
  auto singular = [&](size_t i) {
    const std::string& w = m.norm(i);
    return lexicon::is_item_noun(w) && w.back() != 's';
  };
  return (begin > 0 && singular(begin - 1)) || (b > 0 && b < begin && singular(b - 1)) ||
         (lexicon::is_item_noun(m.norm(stop)) && title_case_evidence(m, begin, stop) > 0);
}

// The name at `pos` and how sure the brain is of it. `cue`: a cue before
// it; otherwise its stance and the words around it are evidence.
std::optional<TitleCandidate> candidate_at(const Knowledge& k, const Message& m, size_t pos,
                                           bool cue, bool allow_fuzzy) {
  if (pos >= m.tokens.size() || m.boundary(pos) || m.claims.taken(pos)) return std::nullopt;
  const size_t end = sentence_end(k, m, pos);
  auto judged = [&](std::optional<TitleCandidate> c) -> std::optional<TitleCandidate> {
    if (!c) return std::nullopt;
    c->cue = cue;
    c->context = item_noun_next_to(m, c->begin, c->stop) ||
                 (!cue && speaks_of_an_item(m, c->begin, c->stop));
    if (title_confidence(k, m, *c) < kMinTitleConfidence) return std::nullopt;
    return c;
  };
  // An exact name on too little evidence may still start a misspelt one
  // ("toy stroy" is no "Toy, The").
  if (auto c = judged(exact_at(k, m, pos, end))) return c;
  return allow_fuzzy ? judged(fuzzy_at(k, m, pos, end)) : std::nullopt;
}

// What the words at token i say about the items after them.
struct SeedCueAt {
  size_t len = 0;           // tokens of the cue
  bool exact_only = false;  // a statement of taste: only an exact title follows
  Role role = Role::seed;
};

// The phrases of lexicon::seed_cues() at token i: their length, else 0.
size_t seed_phrase_at(const Message& m, size_t i) {
  for (const auto& cue : lexicon::seed_cues()) {
    bool ok = m.tokens[i].norm == cue.words[0];
    for (size_t w = 1; w < cue.words.size() && ok; ++w) ok = m.is(i + w, cue.words[w]);
    if (ok) return cue.words.size();
  }
  return 0;
}

// The length of a "like" cue at word token i (0: none) and whether it
// states the speaker's taste.
size_t like_cue_at(const Message& m, size_t i, bool& exact_only) {
  const std::string& w = m.tokens[i].norm;
  if (w != "like" && w != "likes") return 0;
  const std::string& prev = m.norm_before(i);
  if (lexicon::makes_like_a_wish(prev) || lexicon::makes_like_a_verb(m.norm(i + 1))) return 0;
  exact_only = lexicon::makes_like_a_taste(prev);
  return 1;
}

std::optional<SeedCueAt> seed_cue_at(const Message& m, size_t i) {
  const auto& t = m.tokens;
  const std::string& w = t[i].norm;
  SeedCueAt cue;
  bool consumed = false;
  if (w == "like" || w == "likes") {
    cue.len = like_cue_at(m, i, cue.exact_only);
    if (cue.len == 0) return std::nullopt;
  } else if (const size_t n = seed_phrase_at(m, i)) {
    cue.len = n;
  } else if (w == "think" && (i == 0 || m.boundary(i - 1))) {
    // "think Die Hard, but funnier": an imperative at the start of a
    // phrase names an example to go by, a seed ("I think ..." is no cue).
    // Only an exact title follows it.
    cue.len = 1;
    cue.exact_only = true;
    cue.role = Role::seed;
    return cue;
  } else if (lexicon::is_liking_verb(w)) {
    cue.len = lexicon::is_consuming_gerund(m.norm(i + 1)) ? 2 : 1;
    cue.exact_only = true;
  } else if (lexicon::is_disliking_verb(w)) {
    cue.len = 1;
    cue.exact_only = true;
  } else if (lexicon::is_favourite(w) && i + 1 < t.size()) {
    // "my favorite movie is Casablanca": the title follows "is"/"was".
    for (size_t k = i + 1; k < t.size() && k <= i + 3; ++k)
      if (t[k].norm == "is" || t[k].norm == "was" || t[k].norm == ":") {
        cue.len = k - i + 1;
        cue.exact_only = true;
        break;
      }
  }
  // "I've already seen Heat": consumed, not a seed.
  if (cue.len == 0 && lexicon::is_consuming_verb(w) && i > 0 &&
      lexicon::is_consumed_marker(t[i - 1].norm) && !(i > 1 && t[i - 2].norm == "you")) {
    cue.len = 1;
    cue.exact_only = true;
    consumed = true;
  }
  if (cue.len == 0) return std::nullopt;
  // "I loved X", "we like X": a taste worth remembering, besides a seed.
  // "I didn't like X", "I hated X": a disliked item, never a seed.
  const bool negated = i > 0 && lexicon::negates_the_verb(t[i - 1].norm);
  if (consumed) cue.role = Role::seen;
  else if (cue.exact_only && (negated != lexicon::is_disliking_verb(w))) cue.role = Role::disliked;
  else if (cue.exact_only && !negated) cue.role = Role::liked;
  else if (cue.exact_only) cue.role = Role::neutral;
  else cue.role = negated_stance(m, i, Role::seed);
  return cue;
}

}  // namespace

std::optional<TitleSpan> title_among(const Knowledge& k, const Message& m, size_t pos,
                                     const std::vector<ItemIndex>& items) {
  const auto& t = m.tokens;
  if (pos >= t.size() || m.claims.taken(pos) || t[pos].kind == Token::punct) return std::nullopt;
  const size_t longest = k.names.longest_from(t[pos].norm) + 2;  // "Matrix, The"
  size_t end = pos;
  for (size_t words = 0; end < t.size() && !m.claims.taken(end) && words < longest; ++end)
    if (t[end].kind != Token::punct) ++words;
  for (size_t e = end; e > pos; --e) {
    if (t[e - 1].kind == Token::punct) continue;
    for (const auto& name : k.names.find(normalize_title(m.span(pos, e))))
      if (std::find(items.begin(), items.end(), name.item) != items.end()) return TitleSpan{name.item, e};
  }
  return std::nullopt;
}

namespace {

void add_mention(Parse& p, const TitleCandidate& c, Role role, const Knowledge& k, const Message& m) {
  for (const auto& x : p.titles)
    if (x.item == c.item) return;
  p.titles.push_back(TitleMention{c.item, role, c.begin, c.stop, title_confidence(k, m, c)});
}

// Lists: "like Heat and Fargo", "like Heat, Fargo or Casablanca": the
// titles joined to the one ending at `j`. Returns the token past the last.
size_t add_listed_titles(const Knowledge& k, Message& m, Parse& p, Role role, size_t j) {
  while (j < m.tokens.size()) {
    size_t next = j;
    if (m.is(next, ",")) ++next;
    if (m.is(next, "and") || m.is(next, "or") || m.is(next, "&") || m.is(next, "/")) ++next;
    if (next == j) break;
    auto more = candidate_at(k, m, next, true, false);
    if (!more) break;
    m.claims.claim(j, more->stop);
    add_mention(p, *more, role, k, m);
    j = more->stop;
  }
  return j;
}

// A message that is just a title ("Star Wars", "toy story?"): items like it.
bool message_is_a_title(const Knowledge& k, Message& m, Parse& p) {
  const auto& t = m.tokens;
  size_t a = 0, b = t.size();
  while (a < b && t[a].kind == Token::punct) ++a;
  while (b > a && t[b - 1].kind == Token::punct) --b;
  if (b == a) return false;
  // A message of one word is a title only on the evidence of a free
  // mention ("Zootopia", not "Lol"); a longer one as after a cue.
  const bool one_word = b == a + 1;
  auto c = candidate_at(k, m, a, !one_word, false);
  if (!c || c->stop < b) return false;
  m.claims.claim(a, b);
  add_mention(p, *c, Role::seed, k, m);
  p.rec_cue = true;
  return true;
}

// Titles after a cue: "like Heat", "I loved Fargo and Heat".
void cued_titles(const Knowledge& k, Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.claims.taken(i) || m.tokens[i].kind != Token::word) continue;
    const auto cue = seed_cue_at(m, i);
    if (!cue) continue;
    if (cue->role == Role::seed || cue->role == Role::liked) p.rec_cue = true;
    size_t pos = i + cue->len;
    // "like the movie Heat": the item noun belongs to the cue.
    if ((m.is(pos, "the") || m.is(pos, "a")) && lexicon::is_item_noun(m.norm(pos + 1))) pos += 2;
    else if (lexicon::is_item_noun(m.norm(pos))) ++pos;
    if (m.is(pos, "\"")) ++pos;  // like "Heat", like “Heat”: the title inside the quotes
    auto c = candidate_at(k, m, pos, true, !cue->exact_only);
    // "like the claw hammer": the catalog may call it "Claw Hammer".
    if (!c && (m.is(pos, "the") || m.is(pos, "a") || m.is(pos, "an")))
      c = candidate_at(k, m, pos + 1, true, !cue->exact_only);
    if (!c) continue;
    m.claims.claim(i, c->stop);
    add_mention(p, *c, cue->role, k, m);
    const size_t j = add_listed_titles(k, m, p, cue->role, c->stop);
    i = j > 0 ? j - 1 : 0;
  }
}

// "the sequel to Toy Story", "the Deadpool sequel": the sequel, when the
// catalog has it.
bool sequel_named(const Knowledge& k, const Message& m, TitleCandidate& c) {
  const size_t b = c.begin;
  const bool before = b >= 2 && (m.is(b - 1, "to") || m.is(b - 1, "of")) &&
                      lexicon::names_a_sequel(m.tokens[b - 2].norm) && !m.claims.taken(b - 2);
  const bool after = c.stop < m.tokens.size() && lexicon::names_a_sequel(m.norm(c.stop)) &&
                     !m.claims.taken(c.stop);
  if (!before && !after) return false;
  auto sequel = k.names.sequel_of(c.item);
  if (!sequel) return false;
  c.item = *sequel;
  if (after) {
    ++c.stop;
  } else {
    c.begin = b - 2;
    if (c.begin > 0 && m.is(c.begin - 1, "the") && !m.claims.taken(c.begin - 1)) --c.begin;
  }
  return true;
}

// Titles named without a cue: "Chinatown (1974) will always be a favorite",
// "Have you seen Total Recall (1990)?". Only on good evidence.
void free_titles(const Knowledge& k, Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.claims.taken(i) || m.tokens[i].kind == Token::punct) continue;
    auto c = candidate_at(k, m, i, false, false);
    if (!c) continue;
    sequel_named(k, m, *c);
    m.claims.claim(c->begin, c->stop);
    add_mention(p, *c, stance_toward(m, c->begin, c->stop), k, m);
    i = c->stop - 1;
  }
}

// "Annabelle 2 (2017)": a year in brackets after a word is a title's year,
// even of a title the catalog lacks -- never a condition.
void claim_bracketed_years(Message& m) {
  const auto& t = m.tokens;
  for (size_t i = 1; i + 2 < t.size(); ++i)
    if (t[i].norm == "(" && is_title_year_token(t[i + 1]) && t[i + 2].norm == ")" &&
        t[i - 1].kind != Token::punct && !m.claims.taken(i + 1))
      m.claims.claim(i, i + 3);
}

void push_once(std::vector<ItemIndex>& v, ItemIndex item) {
  if (std::find(v.begin(), v.end(), item) == v.end()) v.push_back(item);
}

// The mentions as the plan writer reads them.
void fill_items(Parse& p) {
  std::stable_sort(p.titles.begin(), p.titles.end(),
                   [](const TitleMention& a, const TitleMention& b) { return a.begin < b.begin; });
  for (const auto& x : p.titles) {
    switch (x.role) {
      case Role::liked: push_once(p.liked_items, x.item); [[fallthrough]];
      case Role::seed:
      case Role::neutral:
      case Role::asked_about: push_once(p.seeds, x.item); break;
      case Role::disliked: push_once(p.disliked_items, x.item); break;
      case Role::seen: push_once(p.consumed_items, x.item); break;
      case Role::excluded: break;
    }
  }
}

}  // namespace

std::optional<TitleSpan> title_at(const Knowledge& k, const Message& m, size_t pos,
                                  bool allow_fuzzy) {
  auto c = candidate_at(k, m, pos, true, allow_fuzzy);
  if (!c) return std::nullopt;
  return TitleSpan{c->item, c->stop};
}

void find_seeds(const Knowledge& k, Message& m, Parse& p) {
  if (!message_is_a_title(k, m, p)) {
    cued_titles(k, m, p);
    free_titles(k, m, p);
    claim_bracketed_years(m);
  }
  apply_learned_stance(k, m, p);
  fill_items(p);
}

}  // namespace interec::rules

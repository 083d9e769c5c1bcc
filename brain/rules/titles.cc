#include "brain/rules/titles.h"

#include <algorithm>
#include <string>
#include <vector>

#include "brain/rules/lexicon.h"

namespace interec::rules {

namespace {

bool is_title_year_token(const Token& t) {
  return t.kind == Token::number && t.norm.size() == 4 && t.value >= 1800 && t.value <= 2100;
}

// Which of the items titled `key` the user means by tokens [pos, e): a year
// written after the title ("Heat (1995)", "heat 1995") picks among remakes,
// else the title index's best match; and the rest of the catalog's spelling
// when the user wrote it out: alternate titles and the year ("Way of the
// Dragon, The (a.k.a. Return of the Dragon) (1972)") are part of the name,
// not conditions. `y` is the token after e (past a "(").
TitleSpan which_item(const Knowledge& k, const Message& m, size_t pos, size_t e, size_t y,
                     bool year_follows, const std::string& raw, const std::string& key,
                     const std::vector<ItemIndex>& items) {
  const auto& t = m.tokens;
  ItemIndex item = items.front();
  size_t stop = e;
  if (year_follows) {
    const std::string with_year = raw + " (" + t[y].norm + ")";
    for (const auto& match : k.titles->match(with_year, 3, 0.9)) {
      if (k.catalog->title(match.item).find("(" + t[y].norm + ")") != std::string::npos &&
          normalize_title(k.catalog->title(match.item)) == key) {
        item = match.item;
        stop = y + 1;
        if (stop < t.size() && t[stop].norm == ")") ++stop;
        break;
      }
    }
  }
  if (stop == e && items.size() > 1) {
    for (const auto& match : k.titles->match(raw, 5, 0.99)) {
      if (std::find(items.begin(), items.end(), match.item) != items.end()) {
        item = match.item;
        break;
      }
    }
  }
  const std::vector<Token> spelled = tokenize_text(k.catalog->title(item));
  size_t a = pos, b = 0;
  while (a < t.size() && b < spelled.size() && t[a].norm == spelled[b].norm) ++a, ++b;
  if (b == spelled.size() && a > stop) stop = a;
  return TitleSpan{item, stop};
}

// Exact titles starting at `pos`, longest first, ending before `end` (the
// sentence) -- or past it: only exact titles may run past punctuation that
// usually ends a phrase ("Hot Shots! Part Deux", "Alien: Resurrection").
std::optional<TitleSpan> exact_title_at(const Knowledge& k, const Message& m, size_t pos,
                                        size_t end) {
  const auto& t = m.tokens;
  size_t xend = pos;
  for (size_t xw = 0; xend < t.size() && !m.claims.taken(xend) && xw < k.max_title_words; ++xend)
    if (t[xend].kind != Token::punct) ++xw;
  for (size_t e = std::max(end, xend); e > pos; --e) {
    if (t[e - 1].kind == Token::punct) continue;
    const std::string raw = m.span(pos, e);
    const std::string key = normalize_title(raw);
    auto it = k.exact_titles.find(key);
    if (it == k.exact_titles.end()) continue;
    size_t y = e;
    if (y < t.size() && t[y].norm == "(") ++y;
    const bool year_follows = y < t.size() && is_title_year_token(t[y]);
    // A single word that is also a catalog value or a common word is not a
    // title here, unless its year follows: "Australia (2008)" is the film.
    if (e - pos == 1 && (text::is_stopword(t[pos].norm) || k.vocab.match_value(t, pos, pos + 1))) {
      bool dated = false;
      if (year_follows && y > e)
        for (ItemIndex i : it->second)
          dated = dated || k.catalog->title(i).find("(" + t[y].norm + ")") != std::string::npos;
      if (!dated) continue;
    }
    return which_item(k, m, pos, e, y, year_follows, raw, key, it->second);
  }
  return std::nullopt;
}

// A misspelt title: the words from `pos` up to one that cannot be part of a
// request's title, matched by the title index.
std::optional<TitleSpan> fuzzy_title_at(const Knowledge& k, const Message& m, size_t pos,
                                        size_t end) {
  const auto& t = m.tokens;
  size_t fe = pos;
  bool meaningful = false;
  while (fe < end && !lexicon::ends_a_title(t[fe].norm)) {
    if (t[fe].kind == Token::word && !text::is_stopword(t[fe].norm) &&
        !k.vocab.match_value(t, fe, fe + 1))
      meaningful = true;
    ++fe;
  }
  while (fe > pos && t[fe - 1].kind == Token::punct) --fe;
  if (fe == pos || !meaningful) return std::nullopt;
  const std::string raw = m.span(pos, fe);
  if (raw.size() < 4) return std::nullopt;
  auto match = k.titles->match(raw, 1, 0.8);
  if (match.empty()) return std::nullopt;
  return TitleSpan{match.front().item, fe};
}

// What the words at token i say about the items after them.
struct SeedCueAt {
  size_t len = 0;           // tokens of the cue
  bool exact_only = false;  // a statement of taste: only an exact title follows
  bool consumed = false;    // "I've seen X"
  bool disliked = false;    // "I hated X", "I didn't like X"
  bool taste = false;       // "I loved X": a lasting like
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
  if (w == "like" || w == "likes") {
    cue.len = like_cue_at(m, i, cue.exact_only);
    if (cue.len == 0) return std::nullopt;
  } else if (const size_t n = seed_phrase_at(m, i)) {
    cue.len = n;
  } else if (lexicon::is_liking_verb(w)) {
    cue.len = lexicon::is_consuming_gerund(m.norm(i + 1)) ? 2 : 1;
    cue.exact_only = true;
  } else if (lexicon::is_disliking_verb(w)) {
    // "I hated Titanic": a disliked item (values, "I hate horror", are
    // handled with the other conditions).
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
      lexicon::is_consumed_marker(t[i - 1].norm)) {
    cue.len = 1;
    cue.exact_only = true;
    cue.consumed = true;
  }
  if (cue.len == 0) return std::nullopt;
  // "I loved X", "we like X": a taste worth remembering, besides a seed.
  // "I didn't like X", "I hated X": a disliked item, never a seed.
  const bool negated = i > 0 && lexicon::negates_the_verb(t[i - 1].norm);
  cue.disliked = cue.exact_only && !cue.consumed && (negated != lexicon::is_disliking_verb(w));
  cue.taste = cue.exact_only && !cue.consumed && !cue.disliked && !negated;
  return cue;
}

// "like the one called Heat": any title mentioned in the rest of the
// sentence from `pos`, located by its words.
std::optional<TitleSpan> title_in_sentence(const Knowledge& k, const Message& m, size_t pos) {
  const auto& t = m.tokens;
  size_t e = pos;
  while (e < t.size() && !m.boundary(e) && !m.claims.taken(e)) ++e;
  if (e <= pos) return std::nullopt;
  for (const auto& found : k.titles->find_in_text(m.span(pos, e), true)) {
    std::vector<std::string> tw;
    for (auto& x : tokenize_text(normalize_title(k.catalog->title(found.item))))
      if (x.kind != Token::punct) tw.push_back(normalize_title(x.raw));
    if (tw.empty()) continue;
    for (size_t a = pos; a + tw.size() <= e; ++a) {
      bool ok = true;
      for (size_t w = 0; w < tw.size() && ok; ++w) ok = normalize_title(t[a + w].raw) == tw[w];
      if (!ok) continue;
      if (tw.size() == 1 && (text::is_stopword(t[a].norm) || k.vocab.match_value(t, a, a + 1))) break;
      return TitleSpan{found.item, a + tw.size()};
    }
  }
  return std::nullopt;
}

void add_seed(Parse& p, const SeedCueAt& cue, ItemIndex item) {
  auto& list = cue.consumed ? p.consumed_items : cue.disliked ? p.disliked_items : p.seeds;
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
  if (cue.taste && std::find(p.liked_items.begin(), p.liked_items.end(), item) == p.liked_items.end())
    p.liked_items.push_back(item);
}

// Lists: "like Heat and Fargo", "like Heat, Fargo or Casablanca": the
// titles joined to the one ending at `j`. Returns the token past the last.
size_t add_listed_titles(const Knowledge& k, Message& m, Parse& p, const SeedCueAt& cue, size_t j) {
  while (j < m.tokens.size()) {
    size_t next = j;
    if (m.is(next, ",")) ++next;
    if (m.is(next, "and") || m.is(next, "or") || m.is(next, "&") || m.is(next, "/")) ++next;
    if (next == j) break;
    auto more = title_at(k, m, next, false);
    if (!more) break;
    m.claims.claim(j, more->end);
    add_seed(p, cue, more->item);
    j = more->end;
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
  auto s = title_at(k, m, a, false);
  if (!s || s->end < b) return false;
  m.claims.claim(a, b);
  p.seeds.push_back(s->item);
  p.rec_cue = true;
  return true;
}

}  // namespace

std::optional<TitleSpan> title_at(const Knowledge& k, const Message& m, size_t pos,
                                  bool allow_fuzzy) {
  const auto& t = m.tokens;
  if (pos >= t.size() || m.boundary(pos) || m.claims.taken(pos)) return std::nullopt;
  // The span: up to a sentence boundary, at most the longest title's words
  // (punctuation inside titles is allowed).
  size_t end = pos;
  size_t words = 0;
  while (end < t.size() && !m.boundary(end) && !m.claims.taken(end) &&
         words < k.max_title_words + 2) {
    if (t[end].kind != Token::punct) ++words;
    ++end;
  }
  if (auto exact = exact_title_at(k, m, pos, end)) return exact;
  if (!allow_fuzzy) return std::nullopt;
  return fuzzy_title_at(k, m, pos, end);
}

void find_seeds(const Knowledge& k, Message& m, Parse& p) {
  if (message_is_a_title(k, m, p)) return;
  const auto& t = m.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (m.claims.taken(i) || t[i].kind != Token::word) continue;
    const auto cue = seed_cue_at(m, i);
    if (!cue) continue;
    if (!cue->consumed && !cue->disliked) p.rec_cue = true;
    size_t pos = i + cue->len;
    if (m.is(pos, "\"")) ++pos;  // like "Heat", like “Heat”: the title inside the quotes
    auto s = title_at(k, m, pos, !cue->exact_only);
    if (!s && !cue->exact_only) s = title_in_sentence(k, m, pos);
    if (!s) continue;
    m.claims.claim(i, s->end);
    add_seed(p, *cue, s->item);
    const size_t j = add_listed_titles(k, m, p, *cue, s->end);
    i = j > 0 ? j - 1 : 0;
  }
}

}  // namespace interec::rules

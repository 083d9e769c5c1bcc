#include "brain/rules/title_evidence.h"

#include <algorithm>
#include <string>
#include <vector>

#include "brain/rules/lexicon.h"

namespace interec::rules {

namespace {

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// Small words a title typed in title case may leave in lower case.
bool minor_word(const std::string& norm) {
  static const char* kMinor[] = {"a",    "an",   "the",   "of",     "and",    "or",   "in",
                                 "on",   "at",   "to",    "for",    "by",     "with", "from",
                                 "as",   "vs",   "de",    "la",     "le",     "about", "into",
                                 "over", "after", "before", "than",  "without", "through"};
  for (const char* w : kMinor)
    if (norm == w) return true;
  return false;
}

bool sentence_start(const Message& m, size_t i) {
  if (i == 0) return true;
  const std::string& prev = m.tokens[i - 1].norm;
  return prev == "." || prev == "!" || prev == "?" || prev == ":" || prev == ";" || prev == "\"";
}

// What the words of a name are.
struct NameWords {
  size_t content = 0;   // words that are not articles or prepositions
  size_t ordinary = 0;  // ... that are ordinary English words
  size_t names = 0;     // ... that are names only ("Emma")
  size_t unknown = 0;   // ... neither ("Zootopia", "Se7en")
  size_t chars = 0;     // letters of the content words
  bool only_values = true;  // every content word is a stopword, catalog value or item noun
};

NameWords name_words(const Knowledge& k, const Message& m, size_t begin, size_t end) {
  NameWords w;
  for (size_t i = begin; i < end; ++i) {
    const Token& t = m.tokens[i];
    if (t.kind == Token::punct || minor_word(t.norm)) continue;
    ++w.content;
    w.chars += t.norm.size();
    const bool value = text::is_stopword(t.norm) || lexicon::is_item_noun(t.norm) ||
                       k.vocab.match_value(m.tokens, i, i + 1);
    if (!value) w.only_values = false;
    if (t.kind == Token::number) {
      ++w.unknown;
      continue;
    }
    switch (k.english->kind(t.norm)) {
      case EnglishWords::Kind::word: ++w.ordinary; break;
      case EnglishWords::Kind::name: ++w.names; break;
      case EnglishWords::Kind::unknown: ++w.unknown; break;
    }
  }
  if (w.content == 0) w.only_values = true;
  return w;
}

// A name of one word followed by another word that may continue it: a
// capitalised one ("Emma Stone") is caught by name_runs_on(); without
// capitals, a content word ("jack black", "girls trip").
bool single_word_runs_on(const Knowledge& k, const Message& m, const TitleCandidate& c,
                         const NameWords& w, int cased) {
  if (w.content != 1 || c.end >= m.tokens.size() || m.boundary(c.end)) return false;
  const Token& next = m.tokens[c.end];
  if (next.kind != Token::word || text::is_stopword(next.norm) || minor_word(next.norm) ||
      lexicon::is_item_noun(next.norm) || lexicon::praises_an_item(next.norm) ||
      lexicon::pans_an_item(next.norm) || lexicon::ends_a_title(next.norm))
    return false;
  // "Emma stone" in a message with capitals: a first name and a word.
  if (cased != 0) return w.names == 1 && k.english->kind(next.norm) != EnglishWords::Kind::word;
  return true;
}

// Token i starts with a capital in a message that has lower-case letters.
bool capitalised_in_cased_message(const Message& m, size_t i) {
  if (!upper(m.tokens[i].raw[0])) return false;
  for (const Token& t : m.tokens)
    for (char ch : t.raw)
      if (is_lower(ch)) return true;
  return false;
}

// A catalog value that starts inside the name runs on past it ("movies
// about time travel" holds "About Time" and the tag "time travel"): the
// words mean the value.
bool inside_a_value(const Knowledge& k, const Message& m, const TitleCandidate& c) {
  for (size_t i = c.begin; i < c.end; ++i)
    if (auto v = k.vocab.match_value(m.tokens, i, m.tokens.size()); v && v->end > c.end) return true;
  return false;
}

// The name's words are the title's words in another form ("superhero
// movies" for "Superhero Movie"): the user wrote words, not a title.
bool same_stems(const Knowledge& k, const Message& m, const TitleCandidate& c) {
  std::vector<std::string> said, titled;
  for (size_t i = c.begin; i < c.end; ++i)
    if (m.tokens[i].kind != Token::punct && !minor_word(m.tokens[i].norm))
      said.push_back(m.tokens[i].stem);
  for (const auto& t : tokenize_text(normalize_title(k.catalog->title(c.item))))
    if (t.kind != Token::punct && !minor_word(t.norm)) titled.push_back(t.stem);
  return said == titled;
}

// A capitalised article inside a sentence ("I never saw The Commuter").
bool capital_article(const Message& m, size_t begin) {
  const Token& t = m.tokens[begin];
  return !sentence_start(m, begin) && (t.raw == "The" || t.raw == "A" || t.raw == "An");
}

}  // namespace

int title_case_evidence(const Message& m, size_t begin, size_t end) {
  // The message's habits outside the name: any capital at all, and how
  // many of its ordinary words start with one.
  size_t words = 0, capitalised = 0;
  bool any_lower_letter = false, any_upper_letter = false;
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    const Token& t = m.tokens[i];
    if (t.kind != Token::word) continue;
    for (char ch : t.raw) {
      any_lower_letter = any_lower_letter || is_lower(ch);
      any_upper_letter = any_upper_letter || upper(ch);
    }
    if ((i >= begin && i < end) || sentence_start(m, i) || t.norm == "i" || minor_word(t.norm))
      continue;
    ++words;
    if (upper(t.raw[0])) ++capitalised;
  }
  if (!any_upper_letter || !any_lower_letter) return 0;
  if (words >= 3 && capitalised * 10 >= words * 6) return 0;  // Every Word Capitalised
  size_t name_words = 0, name_caps = 0;
  for (size_t i = begin; i < end; ++i) {
    const Token& t = m.tokens[i];
    if (t.kind != Token::word) continue;
    if (minor_word(t.norm) && i != begin) continue;
    ++name_words;
    // "LOVED IT": shouting, not a title.
    const bool shouted = t.raw.size() > 1 && std::none_of(t.raw.begin(), t.raw.end(), is_lower);
    if (upper(t.raw[0]) && !shouted) ++name_caps;
  }
  if (name_words == 0) return 0;
  if (name_words == 1 && sentence_start(m, begin)) return 0;
  if (name_caps == name_words) return 1;
  return name_caps == 0 ? -1 : 0;
}

bool name_runs_on(const Message& m, size_t end) {
  if (end >= m.tokens.size()) return false;
  const Token& next = m.tokens[end];
  return next.kind == Token::word && upper(next.raw[0]) && !text::is_stopword(next.norm) &&
         m.tokens[end - 1].end < next.begin;
}

bool quoted(const Message& m, size_t begin, size_t end) {
  if (begin >= end || end > m.tokens.size()) return false;
  auto quote_before = [&](size_t at) {
    size_t b = at;
    while (b > 0 && m.text[b - 1] == ' ') --b;
    if (b == 0) return false;
    const char c = m.text[b - 1];
    if (c == '"' || c == '\'') return true;
    return b >= 3 && m.text.compare(b - 3, 3, "\xE2\x80\x9C") == 0;  // “
  };
  auto quote_after = [&](size_t at) {
    size_t e = at;
    while (e < m.text.size() && m.text[e] == ' ') ++e;
    if (e >= m.text.size()) return false;
    const char c = m.text[e];
    if (c == '"' || c == '\'') return true;
    return m.text.compare(e, 3, "\xE2\x80\x9D") == 0;  // ”
  };
  return quote_before(m.tokens[begin].begin) && quote_after(m.tokens[end - 1].end);
}

float title_confidence(const Knowledge& k, const Message& m, const TitleCandidate& c) {
  if (c.year) return c.fuzzy ? 0.8f : 1.0f;
  const bool in_quotes = quoted(m, c.begin, c.end);
  if (in_quotes && !c.fuzzy) return 0.95f;
  if (name_runs_on(m, c.end)) return 0.0f;
  if (c.kind == TitleName::Kind::part) return 0.0f;  // "star wars": which one?
  const NameWords w = name_words(k, m, c.begin, c.end);
  if (c.fuzzy) {
    // A typo, not a word's other form: "stra wars", "toy stroy" may be
    // titles, "superhero movies" is not "Superhero Movie".
    return c.cue && w.chars >= 6 && !same_stems(k, m, c) ? 0.7f : 0.0f;
  }
  const int cased = title_case_evidence(m, c.begin, c.end);
  if (single_word_runs_on(k, m, c, w, cased)) return 0.0f;
  if (w.only_values && cased <= 0) return 0.2f;  // "superhero movie", "family", "kids"
  if (!c.cue && cased <= 0 && inside_a_value(k, m, c)) return 0.2f;  // "about time travel"
  if (c.kind == TitleName::Kind::variant && w.content == 1 && cased <= 0 && w.unknown == 0)
    return 0.3f;  // "girls" is no "Girls, The"
  const float ctx = c.context ? 0.15f : 0.0f;
  float s = 0;
  if (c.other_year) {
    // "Title (Year)" is the form of a title, but not this item's year.
    s = w.content >= 2 || w.unknown > 0 ? 0.7f : 0.3f;
  } else if (c.cue) {
    s = 0.9f;  // "something like heat", "I loved Fargo"
    if (w.content == 1 && w.ordinary == 1 && cased < 0) s = 0.5f;
  } else if (cased > 0) {
    s = w.content >= 2 || capital_article(m, c.begin) ? 0.8f
        : w.unknown > 0                                ? 0.75f
        : w.names > 0                                  ? 0.5f + ctx
                                                       : 0.45f + ctx;
  } else if (cased == 0) {
    s = (w.content >= 3 || (w.content >= 2 && w.unknown + w.names > 0)) ? 0.65f
        : (w.content == 1 && w.unknown > 0 && w.chars >= 6)              ? 0.6f + ctx / 2
        : w.content >= 2                                                 ? 0.45f + ctx
                                                                          : 0.3f;
    // "Atonement was such a good film": a capital that starts a sentence.
    if (w.content == 1 && c.context && capitalised_in_cased_message(m, c.begin))
      s = std::max(s, 0.45f + ctx);
  } else {
    s = (w.content >= 3 && w.unknown > 0 ? 0.6f : 0.2f) + ctx / 2;
  }
  s += (k.names.popularity(c.item) - 0.5f) * 0.2f;
  return std::clamp(s, 0.0f, 1.0f);
}

}  // namespace interec::rules

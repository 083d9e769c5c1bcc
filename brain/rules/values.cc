#include "brain/rules/values.h"

#include <algorithm>
#include <string>

#include "brain/rules/lexicon.h"
#include "brain/rules/moods.h"

namespace interec::rules {

namespace {

constexpr size_t kNoRun = static_cast<size_t>(-1);

// Where the scan of find_values stands.
struct ValueScan {
  bool neg = false;        // a negation is in force
  int budget = 0;          // words it still reaches
  bool neg_taste = false;  // "I hate ...", "I don't like ...": a lasting dislike
  int like_budget = 0;     // "I love ...", "we enjoy ...": words a like still reaches
  size_t run = kNoRun;           // the last wanted run (index into Parse::wanted)
  bool only_separators = false;  // only separators since that run's last value
  bool saw_or = false;           // ... and one of them was "or" or "/"
};

// The length of a negation cue at token i: "no", "not", "without",
// "anything but", "other than" ...; 0 when there is none.
size_t negation_cue_at(const Message& m, size_t i) {
  const std::string& w = m.tokens[i].norm;
  size_t cue = 0;
  if (lexicon::is_negation(w)) cue = 1;
  if ((w == "anything" || w == "everything") && m.is(i + 1, "but")) cue = 2;
  if ((w == "other" || w == "rather") && m.is(i + 1, "than")) cue = 2;
  if (w == "not" && m.is(i + 1, "a")) cue = 2;
  if ((w == "do" || w == "does") && m.is(i + 1, "not")) cue = 2;
  return cue;
}

void start_negation(const Message& m, size_t i, size_t cue, ValueScan& s) {
  const auto& t = m.tokens;
  if (!s.neg) {
    s.neg_taste = lexicon::is_dislike_negation(t[i].norm);
    if (lexicon::negates_a_taste_verb(t[i].norm))
      for (size_t k = i + cue; k < i + cue + 2 && k < t.size(); ++k)
        if (lexicon::is_taste_verb(t[k].norm)) s.neg_taste = true;
  }
  s.neg = true;
  s.budget = 4;
  s.only_separators = false;
}

void take_excluded(const Message& m, Parse& p, size_t i, const ValueMatch& v, ValueScan& s) {
  bool dup = false;
  for (auto& e : p.excluded) dup = dup || (e.first == v.column && e.second == v.value);
  if (!dup) {
    p.excluded.emplace_back(v.column, v.value);
    p.excluded_mention.push_back(i);
    if (s.neg_taste) p.disliked_values.emplace_back(v.column, v.value);
  }
  // "no horror or thriller": the negation runs on through "or" / "nor".
  size_t k = v.end;
  if (m.is(k, ",")) ++k;
  if (m.is(k, "or") || m.is(k, "nor")) {
    s.budget = 3;
    return;
  }
  s.neg = false;
}

void add_once(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

void take_wanted(const Knowledge& k, Parse& p, size_t i, const ValueMatch& v, ValueScan& s) {
  if (s.like_budget > 0) {
    p.liked_values.emplace_back(v.column, v.value);
    s.like_budget = 3;
  }
  const auto& col = k.vocab.categorical()[v.column];
  if (s.run != kNoRun && p.wanted[s.run].column == v.column && s.only_separators) {
    ValueRun& run = p.wanted[s.run];
    add_once(run.values, v.value);
    run.any_or = run.any_or || s.saw_or;
  } else {
    // Single-valued columns: every wanted value is an alternative.
    size_t same = kNoRun;
    if (!col.multi)
      for (size_t r = 0; r < p.wanted.size(); ++r)
        if (p.wanted[r].column == v.column) same = r;
    if (same != kNoRun) {
      add_once(p.wanted[same].values, v.value);
      s.run = same;
    } else {
      bool dup = false;
      for (auto& r : p.wanted)
        if (r.column == v.column && r.values.size() == 1 && r.values[0] == v.value) dup = true;
      if (!dup) {
        p.wanted.push_back(ValueRun{v.column, {v.value}, false, i, v.end});
        s.run = p.wanted.size() - 1;
      }
    }
  }
  if (p.wanted.empty()) s.run = kNoRun;
  s.only_separators = true;
  s.saw_or = false;
}

// Not a value: separators keep a list going, other words end it; a
// negation fades; "I love ..." starts a like.
void pass_word(const Message& m, size_t i, ValueScan& s) {
  const std::string& w = m.tokens[i].norm;
  if (w == "or" || w == "/" || w == "either") {
    s.saw_or = w != "either" || s.saw_or;
  } else if (w == "," || w == "and" || w == "&") {
    // keep the list going
  } else {
    s.only_separators = false;
  }
  if (s.neg && --s.budget <= 0) s.neg = false;
  if (!s.neg && lexicon::is_taste_verb(w) && w != "stand" && i > 0 &&
      lexicon::is_taste_subject(m.tokens[i - 1].norm))
    s.like_budget = 3;
  else if (s.like_budget > 0 && w != "," && w != "and" && w != "or")
    --s.like_budget;
}

void drop_excluded_from_wanted(Parse& p) {
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

}  // namespace

size_t column_name_at(const Knowledge& k, const Message& m, size_t i) {
  const auto& t = m.tokens;
  for (size_t c = 0; c < k.column_name_stems.size(); ++c) {
    const auto& name = k.column_name_stems[c];
    if (name.size() < 2 || i + name.size() >= t.size()) continue;  // one word cannot be mistaken
    bool same = true;
    for (size_t j = 0; j < name.size() && same; ++j)
      same = !m.claims.taken(i + j) && t[i + j].stem == name[j];
    if (same && k.vocab.match_value_in(c, t, i + name.size(), t.size())) return name.size();
  }
  return 0;
}

// A word that may name a rare value of a single-valued column (a brand on
// three items, "something from Mitutoyo"): after "by" / "from", or spelled
// with a capital when it is not an ordinary English word ("Mitutoyo",
// "Stanley"; not "Something"). Such values are too rare to recognise
// unprompted in any word (Vocabulary::match_value), but a name the user
// writes as a name is one. Multi-valued columns (free tags) stay out:
// their rare values are noise.
bool may_name_rare_value(const Knowledge& k, const Message& m, size_t i) {
  const Token& w = m.tokens[i];
  if (w.kind != Token::word || w.norm.size() < 3 || text::is_stopword(w.norm)) return false;
  if (m.is(i - 1, "by") || m.is(i - 1, "from")) return true;
  const bool capital = !w.raw.empty() && w.raw[0] >= 'A' && w.raw[0] <= 'Z';
  return capital && k.english && k.english->kind(w.norm) != EnglishWords::Kind::word;
}

std::optional<ValueMatch> value_at(const Knowledge& k, const Message& m, size_t i) {
  const auto& t = m.tokens;
  std::optional<ValueMatch> match = k.vocab.match_value(t, i, t.size());
  if (!match && may_name_rare_value(k, m, i)) {
    const auto& cats = k.vocab.categorical();
    for (size_t n = 0; n < cats.size(); ++n) {
      if (cats[n].multi) continue;
      auto rare = k.vocab.match_value_in(n, t, i, t.size());
      if (rare && (!match || rare->end > match->end)) match = rare;
    }
  }
  // A mood word that is also a value ("something dark", "atmospheric"):
  // a soft preference (moods.h), unless the column is named below.
  if (match && match->quality >= 2 && k.moods.find(mood_key(t, i, match->end))) match.reset();
  size_t j = i;
  while (j > 0 && (t[j - 1].norm == ":" || t[j - 1].norm == "=")) --j;
  if (j == 0 || t[j - 1].kind != Token::word) return match;
  const auto& cats = k.vocab.categorical();
  for (size_t col : k.vocab.columns_named(t[j - 1].stem))
    for (size_t n = 0; n < cats.size(); ++n) {
      if (cats[n].column != col) continue;
      auto named = k.vocab.match_value_in(n, t, i, t.size());
      if (named && (!match || named->end >= match->end)) match = named;
    }
  return match;
}

void find_values(const Knowledge& k, Message& m, Parse& p) {
  const auto& t = m.tokens;
  ValueScan s;
  for (size_t i = 0; i < t.size();) {
    if (m.claims.taken(i) || (m.boundary(i) && t[i].norm != ",")) {
      s.neg = false;
      s.only_separators = false;
      ++i;
      continue;
    }
    const size_t cue = negation_cue_at(m, i);
    if (cue && !(t[i].norm == "nor" && s.neg)) {
      start_negation(m, i, cue, s);
      m.claims.claim(i);
      i += cue;
      continue;
    }
    // "early access true": the column's name, then its value. The name is
    // not itself a value here (genres also has "Early Access").
    if (const size_t name = column_name_at(k, m, i)) {
      i += name;
      continue;
    }
    if (auto v = value_at(k, m, i)) {
      m.claims.claim(i, v->end);
      // "brand Mitutoyo": the column's name is understood with its value.
      if (i > 0 && !m.claims.taken(i - 1) && t[i - 1].kind == Token::word)
        for (size_t col : k.vocab.columns_named(t[i - 1].stem))
          if (col == k.vocab.categorical()[v->column].column) m.claims.claim(i - 1);
      if (s.neg) take_excluded(m, p, i, *v, s);
      else take_wanted(k, p, i, *v, s);
      i = v->end;
      continue;
    }
    pass_word(m, i, s);
    ++i;
  }
  drop_excluded_from_wanted(p);
}

}  // namespace interec::rules

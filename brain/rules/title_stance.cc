#include "brain/rules/title_stance.h"

#include "brain/rules/lexicon.h"

namespace interec::rules {

namespace {

using Role = TitleMention::Role;

bool ends_sentence(const Message& m, size_t i) {
  const std::string& n = m.tokens[i].norm;
  return m.tokens[i].kind == Token::punct && (n == "." || n == "!" || n == "?" || n == ";");
}

// A negation in the three words before token i ("didn't really like").
bool negated_before(const Message& m, size_t i, size_t from) {
  for (size_t k = i; k > from && k + 3 >= i; --k) {
    const std::string& w = m.tokens[k - 1].norm;
    if (lexicon::negates_the_verb(w) || w == "no" || w == "isnt" || w == "wasnt" ||
        w == "arent" || w == "havent" || w == "hasnt" || w == "wont" || w == "couldnt")
      return true;
  }
  return false;
}

// The sentence around the name: [from, begin) before it, [stop, to) after.
struct Window {
  size_t from, to;
  bool question = false;  // the sentence ends with '?'
};

Window window_of(const Message& m, size_t begin, size_t stop) {
  Window w{begin, stop};
  // "I loved Heat but Titanic was boring": a stance before "but" is about Heat.
  while (w.from > 0 && begin - w.from < kStanceWindow && !ends_sentence(m, w.from - 1) &&
         !lexicon::turns_the_clause(m.tokens[w.from - 1].norm))
    --w.from;
  while (w.to < m.tokens.size() && w.to - stop < kStanceWindow && !ends_sentence(m, w.to)) ++w.to;
  size_t q = w.to;
  while (q < m.tokens.size() && !ends_sentence(m, q)) ++q;
  w.question = q < m.tokens.size() && m.tokens[q].norm == "?";
  return w;
}

bool excluded_before(const Message& m, size_t begin) {
  if (begin == 0) return false;
  size_t k = begin - 1;
  if (m.tokens[k].norm == "the" && k > 0) --k;
  const std::string& w = m.tokens[k].norm;
  if (w == "but") return k > 0 && (m.tokens[k - 1].norm == "anything" ||
                                   m.tokens[k - 1].norm == "everything" ||
                                   m.tokens[k - 1].norm == "all");
  if (w == "than") return k > 0 && (m.tokens[k - 1].norm == "other" || m.tokens[k - 1].norm == "rather");
  return lexicon::excludes_what_follows(w);
}

// A question about the item itself: "tell me about X", "who is in X?",
// "what is X about?", "is X any good?" -- not "have you seen X?".
bool asks_about(const Message& m, const Window& w, size_t begin, size_t stop) {
  if (w.from >= begin) return false;
  if (!lexicon::asks_about_an_item(m.tokens[w.from].norm)) return false;
  if (m.tokens[w.from].norm != "tell" && !w.question) return false;
  for (size_t i = w.from; i < w.to; ++i) {
    if (i >= begin && i < stop) continue;
    if (lexicon::makes_a_question_a_suggestion(m.tokens[i].norm)) return false;
  }
  // "what about X?", "how about X?": a suggestion.
  if (begin == w.from + 2 && m.tokens[w.from + 1].norm == "about" &&
      (m.tokens[w.from].norm == "what" || m.tokens[w.from].norm == "how"))
    return false;
  return true;
}

// The verb before the name that says the stance, nearest first.
std::optional<Role> verb_before(const Message& m, const Window& w, size_t begin) {
  for (size_t i = begin; i > w.from; --i) {
    const size_t k = i - 1;
    const std::string& t = m.tokens[k].norm;
    const bool neg = negated_before(m, k, w.from);
    const bool taste_like = (t == "like" || t == "likes") && k > 0 &&
                            lexicon::makes_like_a_taste(m.tokens[k - 1].norm);
    if (lexicon::is_liking_verb(t) || taste_like || lexicon::is_favourite(t) ||
        ((t == "of") && k > 0 && m.tokens[k - 1].norm == "fan"))
      return neg ? Role::disliked : Role::liked;
    if (lexicon::is_disliking_verb(t)) return neg ? Role::neutral : Role::disliked;
    if (lexicon::is_consuming_verb(t) || t == "saw") {
      // "have you seen X?": the user suggests X, they do not say they saw it.
      bool asked = w.question;
      for (size_t j = w.from; j < k && !asked; ++j) asked = m.tokens[j].norm == "you";
      return neg || asked ? Role::neutral : Role::seen;
    }
  }
  return std::nullopt;
}

// Praise or blame after the name: "X was great", "X is overrated".
std::optional<Role> judgement_after(const Message& m, const Window& w, size_t stop) {
  for (size_t i = stop; i < w.to; ++i) {
    const std::string& t = m.tokens[i].norm;
    const bool neg = negated_before(m, i, stop);
    if (lexicon::praises_an_item(t) || lexicon::is_liking_verb(t))
      return neg ? Role::disliked : Role::liked;
    if (lexicon::pans_an_item(t) || lexicon::is_disliking_verb(t))
      return neg ? Role::neutral : Role::disliked;
  }
  return std::nullopt;
}

// "X! love that one", "X. Hated it.": a short sentence right after the one
// that ends with the name, whose object is a pronoun, judges the name.
std::optional<Role> judgement_in_next_sentence(const Message& m, const Window& w, size_t stop) {
  if (w.to != stop || w.to >= m.tokens.size() || !ends_sentence(m, w.to)) return std::nullopt;
  const size_t from = w.to + 1;
  size_t to = from;
  while (to < m.tokens.size() && !ends_sentence(m, to)) ++to;
  if (to == from || to - from > 5) return std::nullopt;
  // "Is it good?" asks; "Have a good one." takes leave.
  if (to < m.tokens.size() && m.tokens[to].norm == "?") return std::nullopt;
  if (m.is(from, "have") && m.is(from + 1, "a")) return std::nullopt;
  bool pronoun = false;
  for (size_t i = from; i < to; ++i) {
    const std::string& t = m.tokens[i].norm;
    pronoun = pronoun || t == "it" || t == "that" || t == "this" || t == "one";
    // "X? I'd love to see that one": a wish, not a judgement.
    if (t == "to" || t == "would" || t == "id" || t == "wanna" || t == "want") return std::nullopt;
  }
  if (!pronoun) return std::nullopt;
  return judgement_after(m, Window{from, to}, from);
}

bool item_word(const std::string& t) {
  return lexicon::is_consuming_verb(t) || lexicon::is_liking_verb(t) ||
         lexicon::is_disliking_verb(t) || lexicon::praises_an_item(t) || lexicon::pans_an_item(t) ||
         lexicon::is_favourite(t) || t == "see" || t == "saw" || t == "watch" ||
         t == "watching" || t == "check" || t == "heard" || t == "fan";
}

}  // namespace

bool speaks_of_an_item(const Message& m, size_t begin, size_t stop) {
  const Window w = window_of(m, begin, stop);
  for (size_t i = w.from; i < w.to; ++i)
    if ((i < begin || i >= stop) && item_word(m.tokens[i].norm)) return true;
  return asks_about(m, w, begin, stop);
}

Role stance_toward(const Message& m, size_t begin, size_t stop) {
  if (excluded_before(m, begin)) return Role::excluded;
  const Window w = window_of(m, begin, stop);
  if (asks_about(m, w, begin, stop)) return Role::asked_about;
  if (auto v = verb_before(m, w, begin)) return *v;
  if (auto j = judgement_after(m, w, stop)) return *j;
  if (auto j = judgement_in_next_sentence(m, w, stop)) return *j;
  return Role::neutral;
}

// "I don't like movies like X", "I never enjoy things similar to X": a
// negated verb of taste in the clause before a seed cue.
bool negated_taste_before(const Message& m, size_t cue_begin) {
  for (size_t i = cue_begin; i > 0 && cue_begin - i < 5; --i) {
    const size_t k = i - 1;
    const std::string& t = m.tokens[k].norm;
    if (m.tokens[k].kind == Token::punct || lexicon::turns_the_clause(t)) return false;
    const bool taste = lexicon::is_liking_verb(t) || t == "like" || t == "likes";
    if (taste && k > 0 && lexicon::negates_the_verb(m.tokens[k - 1].norm)) return true;
  }
  return false;
}

Role negated_stance(const Message& m, size_t cue_begin, Role role) {
  if (role != Role::liked && role != Role::seed) return role;
  if (role == Role::seed && negated_taste_before(m, cue_begin)) return Role::disliked;
  if (!m.is(cue_begin, "fan") && !m.is(cue_begin, "fans")) return role;
  // "not a big fan of", "never been a fan of": disliked; "I'm a huge fan
  // of": liked; "for fans of": items like it.
  size_t from = cue_begin;
  while (from > 0 && cue_begin - from < 4 && m.tokens[from - 1].kind != Token::punct) --from;
  if (negated_before(m, cue_begin, from)) return Role::disliked;
  for (size_t k = from; k < cue_begin; ++k) {
    const std::string& w = m.tokens[k].norm;
    if (w == "a" || w == "big" || w == "huge" || w == "am" || w == "im" || w == "been")
      return Role::liked;
  }
  return role;
}

std::vector<std::string> stance_view(const Message& m, const Parse& p, const TitleMention& x, size_t& at) {
  std::vector<std::string> out;
  at = std::string::npos;
  for (size_t i = 0; i < m.tokens.size();) {
    const TitleMention* here = nullptr;
    for (const auto& t : p.titles)
      if (t.begin == i && t.end > i) here = &t;
    if (!here) {
      out.push_back(m.tokens[i++].norm);
      continue;
    }
    if (here == &x) at = out.size();
    out.push_back(here == &x ? kItemToken : kOtherToken);
    i = here->end;
  }
  return out;
}

void apply_learned_stance(const Knowledge& k, const Message& m, Parse& p) {
  if (!k.stance) return;
  for (auto& x : p.titles) {
    // Neutral: the words said nothing. Seen: in real dialogues a seeker who
    // says they have seen a movie nearly always liked it (ReDial: the rules'
    // "seen" is the questionnaire's "seen, no opinion" 7% of the time).
    if (x.role != Role::neutral && x.role != Role::seen) continue;
    size_t at = 0;
    const std::vector<std::string> view = stance_view(m, p, x, at);
    const StanceScores s = k.stance->classify(view, at);
    if (s.confidence() < kLearnedStanceConfidence) continue;
    if (x.role == Role::seen && s.best() != StanceClass::liked && s.best() != StanceClass::disliked) continue;
    switch (s.best()) {
      case StanceClass::liked: x.role = Role::liked; break;
      case StanceClass::disliked: x.role = Role::disliked; break;
      case StanceClass::seen: x.role = Role::seen; break;
      case StanceClass::neutral: break;
    }
  }
}

}  // namespace interec::rules

#include "brain/rules/acts.h"

#include <algorithm>

#include "brain/rules/dialogue_words.h"
#include "brain/rules/lexicon.h"
#include "brain/rules/lookup.h"
#include "brain/rules/references.h"
#include "storage/text_pipeline.h"

namespace interec::rules {

namespace {

void add_act(Parse& p, Act a) {
  if (!p.has(a)) p.acts.push_back(a);
}

// Claims every occurrence of a phrase of `table`; true when there was one.
bool take_all(Message& m, const lexicon::Phrases& table, size_t from = 0) {
  bool any = false;
  for (size_t i = from; i < m.tokens.size(); ++i)
    if (const size_t len = table.match(m, i)) {
      m.claims.claim(i, i + len);
      any = true;
      i += len - 1;
    }
  return any;
}

// The number of word tokens.
size_t words_in(const Message& m) {
  size_t n = 0;
  for (const auto& t : m.tokens) n += t.kind != Token::punct;
  return n;
}

// A greeting opens the message ("hi", "hey there, ...").
bool take_greeting(Message& m) {
  size_t i = 0;
  while (i < m.tokens.size() && m.tokens[i].kind == Token::punct) ++i;
  if (const size_t len = lexicon::greetings().match(m, i)) {
    m.claims.claim(i, i + len);
    return true;
  }
  return false;
}

bool take_goodbye(Message& m) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    const size_t len = lexicon::goodbyes().match(m, i);
    if (!len) continue;
    // "later" alone says goodbye; "later ones" or "watch it later" do not.
    if (len == 1 && m.norm(i) == "later" && words_in(m) > 2) continue;
    m.claims.claim(i, i + len);
    return true;
  }
  return false;
}

// "who's in it?", "why did you pick it?": the pronoun the question is
// about, when no reference or title names an item.
void take_question_pronoun(Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    size_t len = lexicon::item_pronouns().match(m, i);
    if (!len && m.free(i) && m.norm(i) == "its") len = 1;
    if (!len) continue;
    Reference r;
    r.kind = Reference::Kind::pronoun;
    r.index = 0;
    r.begin = i;
    r.end = i + len;
    m.claims.claim(i, i + len);
    p.references.push_back(r);
    return;
  }
}

// The titles a question is about: asked about, or named without a stance
// ("what is Heat about?", "why Heat?").
std::vector<ItemIndex> titles_asked(const Parse& p) {
  std::vector<ItemIndex> out;
  for (const auto& t : p.titles)
    if (t.role == TitleMention::Role::asked_about || t.role == TitleMention::Role::neutral) out.push_back(t.item);
  return out;
}

// Every seed is a title the question asks about: the seeds pass takes the
// titles of "what is Heat about?" as seeds too, which asks for no items.
bool seeds_only_asked(const Parse& p, const std::vector<ItemIndex>& asked) {
  for (ItemIndex s : p.seeds)
    if (std::find(asked.begin(), asked.end(), s) == asked.end()) return false;
  return true;
}

bool refers_to_items(const Parse& p) {
  for (const auto& r : p.references)
    if (r.kind != Reference::Kind::list) return true;
  return false;
}

// "Not that fourth one, Romance maybe?", "seen the #4 one - Action?": the
// items referred to are turned down (seen, rejected, disliked), so the
// value asked is a wish for the next list, not a question about them.
bool turned_down_and_asks_values(const Parse& p) {
  if (p.wanted.empty() || p.references.empty()) return false;
  for (const auto& r : p.references)
    if (r.reaction != Reaction::seen && r.reaction != Reaction::rejected && r.reaction != Reaction::disliked)
      return false;
  return true;
}

bool asks_for_items(const Message& m) {
  for (size_t i = 0; i < m.tokens.size(); ++i)
    if (m.tokens[i].kind == Token::word && lexicon::asks_for_items(m.tokens[i].norm)) return true;
  return false;
}

// "what is Heat about?", "tell me about the fifth one", "who's in it?". Not
// a request in question form ("got anything like Heat from the 90s?"): no
// seeds, ranges or exclusions, no word asking for items; a pronoun ("who's
// in it?") only in a message that asks for nothing else ("... with some
// comedy in it?" is a request).
void take_item_question(const Knowledge& k, Message& m, Parse& p) {
  if (!is_item_question(m) || p.has(Act::why) || p.has(Act::capability)) return;
  const std::vector<ItemIndex> asked = titles_asked(p);
  if (!seeds_only_asked(p, asked) || !p.numeric.empty() || !p.excluded.empty() || asks_for_items(m)) return;
  if (!refers_to_items(p)) {
    if (asked.size() <= 10) p.asked_items = asked;
    if (p.asked_items.empty() && !p.has_content()) take_question_pronoun(m, p);
  }
  if (turned_down_and_asks_values(p)) return;
  if (!p.asked_items.empty() || refers_to_items(p)) add_act(p, Act::item_question);
}

// Nothing asked, nothing referred to, and a "no" / "not" somewhere: the
// list shown was not right ("well, not what I'm after", "no no no").
bool only_a_no(const Message& m, const Parse& p) {
  if (p.has_content() || !p.references.empty() || !p.directions.empty()) return false;
  for (const auto& t : m.tokens)
    if (t.norm == "no" || t.norm == "not" || t.norm == "nope" || t.norm == "nah" ||
        t.norm == "never" || t.norm == "none" || t.norm == "wrong")
      return true;
  return false;
}

// Words no pass understood and that are not small words.
void collect_unknown(const Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    const Token& t = m.tokens[i];
    if (t.kind != Token::word || m.claims.taken(i)) continue;
    if (text::is_stopword(t.norm) || lexicon::is_filler(t.norm) || lexicon::is_item_noun(t.norm) ||
        lexicon::is_recommendation_cue(t.norm) || lexicon::is_more_cue(t.norm) ||
        lexicon::opens_a_question(t.norm) || lexicon::asks_for_items(t.norm))
      continue;
    if (std::find(p.unknown_words.begin(), p.unknown_words.end(), t.raw) == p.unknown_words.end())
      p.unknown_words.push_back(t.raw);
  }
}

// A message that is a title and also a whole conversation phrase ("next",
// "anything else?", "thanks"): the phrase. (The film "Next" is asked for
// with a cue: "like Next", "Next (2007)".)
void drop_phrase_titles(const Message& m, Parse& p) {
  if (p.seeds.size() != 1 || !p.wanted.empty() || !p.numeric.empty()) return;
  for (size_t i = 0; i < m.tokens.size(); ++i)
    if (m.tokens[i].kind != Token::punct && m.claims.by(i) != Pass::seeds) return;
  const lexicon::Phrases* tables[] = {&lexicon::more_requests(), &lexicon::smalltalk(),
                                      &lexicon::thanks(),        &lexicon::greetings(),
                                      &lexicon::goodbyes(),      &lexicon::surprises(),
                                      &lexicon::topic_switches(), &lexicon::list_rejections(),
                                      &lexicon::list_approvals(), &lexicon::capability_questions()};
  for (const auto* table : tables) {
    if (!table->whole(m)) continue;
    p.seeds.clear();
    if (table == &lexicon::more_requests()) p.more_cue = true;
    else if (table == &lexicon::smalltalk()) add_act(p, Act::smalltalk);
    else if (table == &lexicon::thanks()) add_act(p, Act::thanks);
    else if (table == &lexicon::greetings()) add_act(p, Act::greeting);
    else if (table == &lexicon::goodbyes()) add_act(p, Act::goodbye);
    else if (table == &lexicon::surprises()) p.surprise = true;
    else if (table == &lexicon::topic_switches()) p.topic_switch = true;
    else if (table == &lexicon::list_rejections()) p.list_reaction = Reaction::rejected;
    else if (table == &lexicon::list_approvals()) p.list_reaction = Reaction::liked;
    else add_act(p, Act::capability);
    return;
  }
}

}  // namespace

void find_acts(const Knowledge& k, Message& m, Parse& p, const ParseContext& ctx) {
  refer_to_shown_titles(k, m, p, ctx);
  drop_phrase_titles(m, p);
  p.topic_switch = take_all(m, lexicon::topic_switches());
  if (take_all(m, lexicon::capability_questions())) add_act(p, Act::capability);
  if (take_greeting(m)) add_act(p, Act::greeting);
  if (take_all(m, lexicon::thanks())) add_act(p, Act::thanks);
  if (take_goodbye(m)) add_act(p, Act::goodbye);
  if (take_all(m, lexicon::why_questions())) {
    add_act(p, Act::why);
    if (!refers_to_items(p)) {
      p.asked_items = titles_asked(p);
      if (p.asked_items.empty() && p.seeds.empty()) take_question_pronoun(m, p);
    }
  }
  p.instead = take_all(m, lexicon::instead_words());
  if (take_all(m, lexicon::more_requests())) p.more_cue = true;
  p.surprise = take_all(m, lexicon::surprises());
  if (take_all(m, lexicon::smalltalk())) add_act(p, Act::smalltalk);
  take_item_question(k, m, p);
  collect_unknown(m, p);

  if (p.list_reaction == Reaction::none && only_a_no(m, p)) p.list_reaction = Reaction::rejected;
  if (p.more_cue) add_act(p, Act::more);
  bool reacted = p.list_reaction != Reaction::none || !p.liked_items.empty() ||
                 !p.disliked_items.empty() || !p.consumed_items.empty();
  for (const auto& r : p.references) reacted = reacted || r.reaction != Reaction::none;
  if (reacted) add_act(p, Act::feedback);
  // "good", "something", "what" ask for items only when nothing social is
  // said ("thanks, that's great" asks for nothing); "suggestions",
  // "recommend", "looking for" always do ("hey, any suggestions?").
  const bool social = p.has(Act::thanks) || p.has(Act::goodbye) || p.has(Act::smalltalk) ||
                      p.has(Act::capability);
  if (p.has_content() || p.n || !p.directions.empty() || !p.lifted_columns.empty() || !p.other_columns.empty() ||
      !p.lifted_values.empty() || p.surprise || asks_for_items(m) || (!social && p.rec_cue))
    if (!p.has(Act::item_question)) add_act(p, Act::request);
  if (p.acts.empty()) add_act(p, Act::unknown);
}

}  // namespace interec::rules

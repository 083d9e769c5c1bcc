#include "brain/dialogue/manager.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "brain/dialogue/clarify.h"
#include "brain/dialogue/directions.h"
#include "brain/dialogue/frame.h"
#include "brain/dialogue/replies.h"
#include "brain/rules/dialogue_words.h"
#include "brain/rules/lexicon.h"
#include "brain/rules/lookup.h"
#include "brain/rules/plan_builder.h"

namespace interec::dialogue {

namespace {

using rules::Act;
using rules::Reaction;
using ReferenceKind = rules::Reference::Kind;

struct Resolved {
  ItemIndex item;
  Reaction reaction;
  ReferenceKind kind;
};

// Everything one turn works on.
struct Turn {
  const rules::Knowledge& k;
  const BrainRequest& request;
  rules::Message& m;
  const rules::Parse& p;
  DialogueState st;
  size_t default_n = 5;
  int turn = 0;
  std::vector<Resolved> refs;
  Noted noted;
  ProfileUpdate learned;
  std::vector<std::string> seeds_now;  // item ids
  bool unresolved = false;             // a reference to nothing ("the ninth one" of five)
};

void erase_id(std::vector<std::string>& v, const std::string& id) {
  v.erase(std::remove(v.begin(), v.end(), id), v.end());
}

// The item a pronoun stands for: the item named before it in the message,
// else a title the message names, else the item in focus.
std::optional<ItemIndex> pronoun_item(const Turn& t, std::optional<ItemIndex> before) {
  if (before) return before;
  const rules::Parse& p = t.p;
  for (const auto* list : {&p.asked_items, &p.consumed_items, &p.disliked_items, &p.liked_items})
    if (!list->empty()) return list->front();
  if (p.titles.size() == 1) return p.titles.front().item;
  if (!t.st.focus.empty()) return t.k.catalog->find(t.st.focus);
  return std::nullopt;
}

void resolve(Turn& t) {
  std::optional<ItemIndex> last;
  auto add = [&](ItemIndex i, const rules::Reference& r) {
    t.refs.push_back(Resolved{i, r.reaction, r.kind});
    last = i;
  };
  for (const auto& r : t.p.references) {
    const ShownList* list = t.st.list(r.list);
    auto at = [&](size_t pos) -> std::optional<ItemIndex> {
      if (!list || pos >= list->items.size()) return std::nullopt;
      return t.k.catalog->find(list->items[pos]);
    };
    std::optional<ItemIndex> one;
    switch (r.kind) {
      case ReferenceKind::ordinal: one = at(static_cast<size_t>(r.index - 1)); break;
      case ReferenceKind::last: one = list && !list->items.empty() ? at(list->items.size() - 1) : std::nullopt; break;
      case ReferenceKind::title: one = static_cast<ItemIndex>(r.index); break;
      case ReferenceKind::pronoun: one = pronoun_item(t, last); break;
      case ReferenceKind::first_n:
      case ReferenceKind::list: {
        const size_t n = r.kind == ReferenceKind::list ? (list ? list->items.size() : 0) : static_cast<size_t>(r.index);
        for (size_t i = 0; i < n; ++i)
          if (auto x = at(i)) t.refs.push_back(Resolved{*x, r.reaction, r.kind});
        if (!list) t.unresolved = true;
        continue;
      }
    }
    // "like the second one but not that": more like it, not it again --
    // the pronoun's "not" is about the item itself, which stays a seed.
    if (one && r.kind == ReferenceKind::pronoun && r.reaction == Reaction::rejected && !t.refs.empty() &&
        t.refs.back().item == *one && t.refs.back().reaction == Reaction::more_like)
      continue;
    if (one) add(*one, r);
    else t.unresolved = true;
  }
}

// What the message says about items: the state, the profile and the seeds.
void take_feedback(Turn& t) {
  const Catalog& c = *t.k.catalog;
  auto liked = [&](const std::string& id) {
    note(t.st.liked, id);
    erase_id(t.st.disliked, id);
    note(t.noted.liked, id);
    note(t.learned.like, id);
    t.seeds_now.push_back(id);
  };
  for (const auto& r : t.refs) {
    const std::string id(c.id(r.item));
    switch (r.reaction) {
      case Reaction::liked: liked(id); break;
      case Reaction::disliked:
        note(t.st.disliked, id), note(t.noted.disliked, id), note(t.learned.dislike, id);
        break;
      case Reaction::seen: note(t.st.seen, id), note(t.noted.seen, id), note(t.learned.consumed, id); break;
      case Reaction::rejected: note(t.st.rejected, id), note(t.noted.rejected, id); break;
      case Reaction::more_like: t.seeds_now.push_back(id); break;
      case Reaction::none: break;
    }
    if (r.kind != ReferenceKind::list && r.kind != ReferenceKind::first_n) t.st.focus = id;
  }
  for (const auto& id : t.noted.seen) erase_id(t.noted.rejected, id);
  for (const auto& id : t.noted.disliked) erase_id(t.noted.rejected, id);
  // What the seeds pass found with a title ("I loved Heat", "I've seen Fargo").
  const auto id_of = [&](ItemIndex i) { return std::string(c.id(i)); };
  for (ItemIndex i : t.p.liked_items) note(t.st.liked, id_of(i)), note(t.noted.liked, id_of(i));
  for (ItemIndex i : t.p.consumed_items) note(t.st.seen, id_of(i)), note(t.noted.seen, id_of(i));
  for (ItemIndex i : t.p.disliked_items) note(t.st.disliked, id_of(i)), note(t.noted.disliked, id_of(i));
  const auto& cats = t.k.vocab.categorical();
  for (const auto& [col, v] : t.p.liked_values) note(t.st.liked_values, cats[col].name + "=" + v);
  for (const auto& [col, v] : t.p.disliked_values) note(t.st.disliked_values, cats[col].name + "=" + v);
  // "those are great": the first items of the list, what a default list
  // holds -- not the tail of a list of 50 a client asked for, which would
  // push the titles the user named out of the seeds.
  if (t.p.list_reaction == Reaction::liked)
    if (const ShownList* l = t.st.list(0))
      for (size_t i = 0; i < l->items.size() && i < kDefaultListLength; ++i) liked(l->items[i]);
}

// The lasting tastes the message states with titles and values ("I loved
// Heat", "I hate horror"), beside what it said of shown items.
void learn_from_message(Turn& t) {
  BrainPlan taught;
  rules::fill_learned(t.k, t.p, taught);
  const ProfileUpdate& u = taught.learned;
  for (const auto& id : u.like) note(t.learned.like, id);
  for (const auto& id : u.dislike) note(t.learned.dislike, id);
  for (const auto& id : u.consumed) note(t.learned.consumed, id);
  for (const auto& v : u.like_values) note(t.learned.like_values, v);
  for (const auto& v : u.dislike_values) note(t.learned.dislike_values, v);
}

BrainPlan answer_with(Turn& t, std::string text) {
  const std::string note = noted_reply(t.k, t.noted);
  BrainPlan out = rules::answer(note.empty() ? text : note + " " + text);
  out.learned = std::move(t.learned);
  out.state = std::move(t.st);
  return out;
}

// The items a question or "why" is about.
std::vector<ItemIndex> targets_of(const Turn& t) {
  std::vector<ItemIndex> out = t.p.asked_items;
  for (const auto& r : t.refs)
    if (std::find(out.begin(), out.end(), r.item) == out.end()) out.push_back(r.item);
  if (out.empty() && !t.st.focus.empty())
    if (auto f = t.k.catalog->find(t.st.focus)) out.push_back(*f);
  if (out.size() > 5) out.resize(5);
  return out;
}

BrainPlan answer_item_question(Turn& t) {
  const std::vector<ItemIndex> items = targets_of(t);
  if (items.empty()) return answer_with(t, "Which one do you mean? Name it, or say \"the second one\".");
  std::set<std::string> title_words;
  for (ItemIndex i : items)
    for (auto& x : tokenize_text(normalize_title(t.k.catalog->title(i))))
      if (x.kind != Token::punct) title_words.insert(x.norm);
  rules::AskedColumns asked = rules::columns_asked(t.k, t.m, title_words);
  std::string unheld;
  if (asked.columns.empty() && !asked.all) {
    unheld = lexicon::unheld_topic(t.m);
    bool about = false;
    for (const auto& tok : t.m.tokens)
      about = about || lexicon::question_topic(tok.norm, tok.stem) == lexicon::Topic::description;
    if (unheld.empty() && about && !t.k.vocab.description_column()) unheld = "a summary of it";
  }
  std::string text;
  for (ItemIndex i : items) text += (text.empty() ? "" : "\n") + item_answer(t.k, i, asked, unheld);
  t.st.focus = std::string(t.k.catalog->id(items.front()));
  BrainPlan out = answer_with(t, text);
  out.understood = "about " + std::string(t.k.catalog->title(items.front()));
  return out;
}

BrainPlan answer_why(Turn& t) {
  std::vector<ItemIndex> items = targets_of(t);
  if (items.empty()) {
    if (const ShownList* l = t.st.list(0); l && !l->items.empty())
      for (const auto& id : l->items)
        if (auto i = t.k.catalog->find(id)) items.push_back(*i);
  }
  if (items.empty()) return answer_with(t, "I have not recommended anything yet. " + help_reply(t.k, {}));
  std::string text;
  for (ItemIndex i : items) text += (text.empty() ? "" : "\n") + why_answer(t.k, t.st, i);
  return answer_with(t, text);
}

// The constraints of the directions in the message, relative to their anchor.
std::vector<Constraint> direction_constraints(Turn& t) {
  std::vector<Constraint> out;
  // Seeds the message compares with ("like Groundhog Day but more recent"),
  // not titles it says it loved ("older ones - I loved Rain Man").
  std::vector<ItemIndex> anchor;
  for (ItemIndex i : t.p.seeds)
    if (std::find(t.p.liked_items.begin(), t.p.liked_items.end(), i) == t.p.liked_items.end())
      anchor.push_back(i);
  if (anchor.empty())
    if (const ShownList* l = t.st.list(0))
      for (const auto& id : l->items)
        if (auto i = t.k.catalog->find(id)) anchor.push_back(*i);
  if (anchor.empty() && !t.st.focus.empty())
    if (auto f = t.k.catalog->find(t.st.focus)) anchor.push_back(*f);
  for (const auto& d : t.p.directions) {
    if (d.direction == rules::Direction::more_popular) {
      t.st.frame.popularity = true;
      continue;
    }
    std::vector<ItemIndex> a = d.than ? std::vector<ItemIndex>{*d.than} : anchor;
    if (auto c = direction_constraint(t.k, d.direction, a, t.turn)) {
      c->stated = false;
      out.push_back(*c);
    }
  }
  return out;
}

// The values of catalog column `column` of the items this message is about,
// for "a different brand" when the frame names none: the items it refers
// to, else the item in focus, else the latest list shown (at most 10 values).
std::vector<std::string> values_about(const Turn& t, size_t column) {
  std::vector<ItemIndex> items;
  for (const auto& r : t.refs) items.push_back(r.item);
  if (items.empty() && !t.st.focus.empty())
    if (auto f = t.k.catalog->find(t.st.focus)) items.push_back(*f);
  if (items.empty())
    if (const ShownList* l = t.st.list(0))
      for (const auto& id : l->items)
        if (auto i = t.k.catalog->find(id)) items.push_back(*i);
  std::vector<std::string> values;
  for (ItemIndex i : items)
    for (const auto& v : t.k.catalog->values(column, i))
      if (values.size() < 10 && std::find(values.begin(), values.end(), v) == values.end()) values.emplace_back(v);
  return values;
}

bool has_history(const UserContext& u) { return !u.history.empty() || !u.liked.empty(); }

// The frame after this message; true when it is a new topic.
void update_frame(Turn& t) {
  Frame& f = t.st.frame;
  const rules::Parse& p = t.p;
  if (p.topic_switch) f = Frame{};
  std::vector<Constraint> stated = constraints_of(t.k, p, t.turn);
  // A number beats a direction on the same side of the same column:
  // "cheaper, under 10 dollars" is "under 10 dollars".
  auto bounded_by_number = [&](const Constraint& d) {
    return std::any_of(stated.begin(), stated.end(), [&](const Constraint& s) {
      return s.kind == Constraint::Kind::range && s.column == d.column &&
             ((!std::isnan(d.hi) && !std::isnan(s.hi)) || (!std::isnan(d.lo) && !std::isnan(s.lo)));
    });
  };
  for (auto& c : direction_constraints(t))
    if (!bounded_by_number(c)) stated.push_back(std::move(c));
  if (f.empty()) f.since = t.turn;
  refine(t.k, f, stated, p.instead);
  lift(t.k, f, p.lifted_columns, p.lifted_values);
  for (size_t column : p.other_columns) exclude_current(t.k, f, column, values_about(t, column), t.turn);
  std::vector<std::string> seeds;
  for (ItemIndex i : p.seeds) seeds.emplace_back(t.k.catalog->id(i));
  // A title the user has seen is taste evidence too ("I've seen Heat"): a
  // seed, though never recommended back (it is in their history).
  for (ItemIndex i : p.consumed_items)
    if (std::find(seeds.begin(), seeds.end(), t.k.catalog->id(i)) == seeds.end()) seeds.emplace_back(t.k.catalog->id(i));
  if (p.instead && !seeds.empty()) f.seeds.clear();
  for (auto& id : t.seeds_now) seeds.push_back(id);
  add_seeds(f, seeds);
  for (const auto* gone : {&t.st.disliked, &t.st.rejected})
    for (const auto& id : *gone) erase_id(f.seeds, id);
  if (p.n) f.count = *p.n;
  if (p.popularity) f.popularity = true;
}

// The user turned down the latest list of this request after at least two
// lists of it were shown: the lists picked for their taste (the preference
// model) missed twice, so the next ones are what most people chose among
// the items that fit -- as a shop assistant whose guesses missed offers
// the favourites (docs/conversation.md, "Turned down twice").
bool taste_missed(const Turn& t) {
  if (t.p.list_reaction != Reaction::rejected || t.p.topic_switch) return false;
  size_t of_topic = 0;
  for (const auto& l : t.st.lists) of_topic += l.turn >= t.st.frame.since;
  return of_topic >= 2;
}

void rank_by_popularity(Plan& plan) {
  for (auto& step : plan.steps)
    if (auto* r = std::get_if<RankStep>(&step); r && r->schema == RankSchema::preference)
      r->schema = RankSchema::popularity;
}

// `may_ask`: an opening request naming nothing may get a clarifying
// question instead of a list.
BrainPlan plan_list(Turn& t, bool may_ask = true) {
  const bool opening = may_ask && t.st.lists.empty() && t.st.frame.empty() && !t.st.question;
  t.st.question.reset();
  update_frame(t);
  const Frame& f = t.st.frame;
  if (opening && f.empty() && t.p.soft.empty() && !t.p.surprise && !has_history(t.request.user) &&
      t.refs.empty())
    if (auto q = clarifying_question(t.k, t.turn)) {
      t.st.question = *q;
      // A client that asked for a list length gets the question and a
      // general list beside it (docs/conversation.md).
      if (t.request.items == 0) return answer_with(t, question_text(*q));
      BrainPlan out = plan_list(t, /*may_ask=*/false);
      out.note = question_text(*q) + (out.note.empty() ? "" : " " + out.note) + " Meanwhile, a few to start with:";
      out.state->question = *q;
      return out;
    }
  rules::Parse as_parse = to_parse(t.k, f);
  as_parse.soft = t.p.soft;  // this turn's mood words (brain/rules/moods.h); the frame keeps none yet
  const auto conds = frame_conditions(t.k, f, as_parse, t.request.relax, t.turn);
  BrainPlan out = rules::build(t.k, as_parse, conds, t.default_n);
  // Named from every condition, the relaxed ones too: the reply says which
  // of this turn's conditions could not be met.
  for (const auto& c : frame_conditions(t.k, f, as_parse, {}, t.turn))
    if (c.mention < f.constraints.size() && f.constraints[c.mention].turn == t.turn)
      out.stated_now.push_back(c.label);
  // Fewer items that meet everything asked beat a full list that drops a
  // condition to fill it: relax only when nothing fits -- unless the user
  // asked for a number of items ("5 westerns from the 1940s"), or the
  // client did (TurnRequest::items): then the strict matches come first
  // and the nearest fill the list.
  if (f.count == 0 && t.request.items == 0) out.enough = 1;
  if (taste_missed(t)) rank_by_popularity(out.plan);
  out.note = noted_reply(t.k, t.noted);
  if (const std::string unused = unused_words_reply(t.k, t.p.unknown_words); !unused.empty())
    out.note += (out.note.empty() ? "" : " ") + unused;
  out.learned = std::move(t.learned);
  out.state = std::move(t.st);
  return out;
}

// The conversation has a topic or a taste to build a list from: a frame,
// a list shown, or items the user liked or has seen.
bool has_context(const Turn& t) {
  return !t.st.frame.empty() || !t.st.lists.empty() || !t.st.liked.empty() || !t.st.seen.empty();
}

// A turn that only continues the conversation (small talk, thanks, a note
// taken, words not understood) still gets a list: the frame's, built from
// everything the user named and liked so far, after `text`. Without a
// topic it gets one only when the client asked for a list length
// (TurnRequest::items), and then it is the general one (popular items for
// a new user). A goodbye gets a list only when the client asked for one.
// docs/conversation.md, "Turns that continue the conversation".
std::optional<BrainPlan> continue_with_list(Turn& t, const std::string& text) {
  const bool client_wants = t.request.items > 0;
  if (!client_wants && (!has_context(t) || t.p.has(Act::goodbye))) return std::nullopt;
  BrainPlan out = plan_list(t, /*may_ask=*/false);
  if (!text.empty()) out.note = out.note.empty() ? text : out.note + " " + text;
  return out;
}

// An answer about an item or a "why", and a list beside it when the client
// asked for a list length and the conversation has a topic: the answer
// first, then the frame's list.
BrainPlan with_list_for_client(Turn& t, BrainPlan answered) {
  if (t.request.items == 0 || !answered.plan.answer || !answered.state) return answered;
  t.st = std::move(*answered.state);
  t.learned = std::move(answered.learned);
  t.noted = {};  // already said in the answer
  if (!has_context(t)) {
    answered.state = std::move(t.st);
    answered.learned = std::move(t.learned);
    return answered;
  }
  BrainPlan out = plan_list(t, /*may_ask=*/false);
  out.note = *answered.plan.answer + "\nMore you might like:";
  return out;
}

bool wants_list(const Turn& t) {
  const rules::Parse& p = t.p;
  bool reacted = p.list_reaction != Reaction::none;
  for (const auto& r : t.refs) reacted = reacted || r.reaction != Reaction::none;
  const bool context = !t.st.lists.empty() || !t.st.frame.empty();
  const bool answers = t.st.question.has_value() && (p.surprise || p.has(Act::request));
  return p.has(Act::request) || p.has(Act::more) || p.topic_switch || answers ||
         (reacted && context) || (!t.noted.liked.empty() && t.refs.empty());
}

// The acts as the manager took them: a request on a frame that was there
// already is a refinement, one after the agent's question an answer.
std::vector<std::string> decided_acts(const Turn& t, const BrainPlan& out) {
  std::vector<std::string> acts;
  const bool had_frame = t.request.state && !t.request.state->frame.empty() && !t.p.topic_switch;
  const bool answered = t.request.state && t.request.state->question && !out.plan.answer;
  // "more", a question and "why" say what the message does; the request
  // words in them ("pick", "another") are no request of their own.
  const bool other = t.p.has(Act::more) || t.p.has(Act::why) || t.p.has(Act::item_question);
  for (Act a : t.p.acts) {
    if (a == Act::request && other) continue;
    if (a == Act::request && answered) a = Act::answer_to_question;
    else if (a == Act::request && had_frame) a = Act::refine;
    acts.push_back(rules::to_string(a));
  }
  if (t.unresolved && acts.empty()) acts.push_back("unknown");
  return acts;
}

}  // namespace

rules::ParseContext context_of(const rules::Knowledge& k, const DialogueState& st) {
  rules::ParseContext ctx;
  for (const auto& l : st.lists) {
    std::vector<ItemIndex> items;
    for (const auto& id : l.items)
      if (auto i = k.catalog->find(id)) items.push_back(*i);
    ctx.lists.push_back(std::move(items));
  }
  return ctx;
}

BrainPlan respond(const rules::Knowledge& k, const BrainRequest& request, rules::Message& m,
                  const rules::Parse& p, size_t default_n) {
  Turn t{k, request, m, p, request.state.value_or(DialogueState{}), default_n, 0, {}, {}, {}, {}, false};
  t.turn = ++t.st.turn;
  resolve(t);
  take_feedback(t);
  learn_from_message(t);
  BrainPlan out;
  if (p.has(Act::item_question)) out = with_list_for_client(t, answer_item_question(t));
  else if (p.has(Act::why)) out = with_list_for_client(t, answer_why(t));
  else if (wants_list(t)) out = plan_list(t);
  else if (!t.refs.empty() && !p.has(Act::feedback)) out = answer_item_question(t);  // "the third one?"
  else if (p.has(Act::capability) && !p.has(Act::thanks) && !p.has(Act::goodbye))  // not "thanks for your help"
    out = answer_with(t, help_reply(k, {}));
  else if (p.has(Act::greeting) || p.has(Act::thanks) || p.has(Act::goodbye) || p.has(Act::smalltalk)) {
    auto listed = continue_with_list(t, continuing_reply(k, p, t.st));
    out = listed ? std::move(*listed) : answer_with(t, social_reply(k, p, t.st));
  } else if (!t.noted.seen.empty() || !t.noted.disliked.empty() || !t.noted.liked.empty()) {
    auto listed = continue_with_list(t, "I will not recommend it again.");
    out = listed ? std::move(*listed) : answer_with(t, "I will not recommend it again. " + social_reply(k, p, t.st));
  } else if (t.unresolved) {
    const std::string text = "I could not tell which item you mean: I have not shown that many yet.";
    auto listed = continue_with_list(t, text);
    out = listed ? std::move(*listed) : answer_with(t, text);
  } else {
    auto listed = continue_with_list(t, {});
    out = listed ? std::move(*listed) : answer_with(t, help_reply(k, p.unknown_words));
  }
  out.acts = decided_acts(t, out);
  for (const auto& r : t.refs)
    out.referents.push_back(std::string(k.catalog->id(r.item)) + ":" + rules::to_string(r.reaction));
  return out;
}

void apply_to_user(const Catalog& catalog, const DialogueState& st, UserContext& user) {
  auto add = [&](const std::vector<std::string>& ids, std::vector<ItemIndex>& out) {
    for (const auto& id : ids)
      if (auto i = catalog.find(id))
        if (std::find(out.begin(), out.end(), *i) == out.end()) out.push_back(*i);
  };
  add(st.liked, user.liked);
  add(st.seen, user.history);
  add(st.disliked, user.disliked);
  add(st.rejected, user.disliked);
  for (const auto& v : st.disliked_values)
    if (std::find(user.disliked_values.begin(), user.disliked_values.end(), v) == user.disliked_values.end())
      user.disliked_values.push_back(v);
}

}  // namespace interec::dialogue

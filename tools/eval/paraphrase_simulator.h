// The paraphrasing user of `interec eval simulate --simulator paraphrase`: a
// second simulated user, phrased independently of the rules brain, so that
// the evaluation measures how people talk rather than how the parser likes
// it. Wordings come from a phrase book (tools-data/user_phrasings.tsv):
// several per kind of clue (genre or category, decade, year ranges such as
// "after 2000" or "from the last 10 years", ratings, prices, tags, people,
// negations, "something like <a title the user knows>"), typed casually
// (lower case, hedges, fillers, a typo now and then), several clues in one
// sentence or spread over turns. It reacts to what it is shown: "seen the
// second one", "not those", "I loved <a shown title>" when that item leads to
// the target, "more like the third one", "older", "cheaper", "more"; it
// answers a clarifying question with the offered value the target has, and
// rephrases when the agent showed nothing.
//
// Like the rules user it knows the target's catalog attributes and the
// user's history, never says the target's title (RulesSimulator::
// names_target on every message), and every fact it states is true of the
// target; acceptance stays programmatic (target_in_top_k). The same seed
// gives the same conversation against the same answers. Each message comes
// with its structured content (ParaphraseUser::stated), which is what the
// naive agent filters by. docs/evaluation.md describes the protocol.
#pragma once

#include <cstddef>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tools/eval/casual_style.h"
#include "tools/eval/clue_columns.h"
#include "tools/eval/phrasebook.h"
#include "tools/eval/simulated_conversation.h"
#include "tools/eval/simulator.h"
#include "tools/eval/wording_stats.h"

namespace interec {

struct Toolbox;

/// A fact the user plans to give, and how it is talked about.
struct Fact {
  Clue clue;
  /// The wording family, a key prefix of the phrase book: "genre",
  /// "year.after", "negation", "similar", "price.free", ...
  std::string kind;
  Slots slots;  // value, a_value, column, title, n, money, decade
};

/// One thing a message said, for the report of wordings the agent missed.
struct SaidPiece {
  std::string kind;         // the fact's kind, or the act ("fb.seen", "act.more", ...)
  std::string wording;      // the phrase id, e.g. "year.after.mod#2"
  std::string text;         // the wording's template
  int clue = -1;            // index in ParaphraseUser::stated of what it stated; -1: none
  ItemIndex referent = -1;  // the shown item a reaction refers to
};

/// One conversation of the paraphrasing user.
struct ParaphraseUser {
  ItemIndex target = -1;
  std::vector<ItemIndex> history;  // oldest first; never contains the target
  std::vector<Fact> facts;         // in the order they will be given
  size_t revealed = 0;             // facts given so far: facts[0, revealed)
  size_t turn = 0;                 // messages so far
  /// Every clue said so far, structured (facts and what reactions imply:
  /// "I loved X" is a similar clue on X, "older" a range).
  std::vector<Clue> stated;
  /// Every non-empty list the agent showed, in order.
  std::vector<std::vector<ItemIndex>> lists;
  /// What the last message said.
  std::vector<SaidPiece> said;
};

struct ParaphraseOptions {
  CasualStyle style;
  /// Chance that the user has a value they do not want ("no horror").
  double negation = 0.5;
  /// Chance of a greeting before the opening request.
  double greeting = 0.3;
  /// Chance of an opening that names no fact ("what should I watch?").
  double vague_opening = 0.1;
  /// Chance of small talk ("thanks", "hmm") before a later message.
  double small_talk = 0.15;
  /// Chance that a clause gets a hedge ("maybe", "i guess").
  double hedge = 0.15;
};

class ParaphraseSimulator {
 public:
  /// `rules` (which must outlive this) gives the leak test, the naive
  /// filter's meaning of a clue and the history item most like a target.
  ParaphraseSimulator(std::shared_ptr<const Toolbox> box, const RulesSimulator& rules, Phrasebook book,
                      ParaphraseOptions options = {});

  /// A user wanting `target` with `history`; the facts and their order
  /// depend only on `rng`.
  ParaphraseUser start(ItemIndex target, std::vector<ItemIndex> history, std::mt19937_64& rng) const;

  /// The user's next message; `last` is the agent's answer to the previous
  /// one (null before the first). Updates user.stated, user.lists and
  /// user.said. Never says the target's title.
  std::string next(ParaphraseUser& user, const AgentAnswer* last, std::mt19937_64& rng) const;

  const ItemNoun& noun() const { return noun_; }
  const Phrasebook& book() const { return book_; }
  const RulesSimulator& rules() const { return rules_; }
  /// How column `c` is talked about: genre, category, tag, person, reviews,
  /// flag, text (text columns); year, rating, score, price, number (numeric
  /// ones); "" when it is not talked about.
  const std::string& role(size_t c) const { return roles_[c]; }
  /// A title as a person types it: without its year or alternate titles,
  /// its trailing article in front ("Usual Suspects, The (1995)" -> "The
  /// Usual Suspects").
  static std::string spoken_title(const std::string& title);

 private:
  // Facts (paraphrase_facts.cc).
  void value_facts(const ParaphraseUser& user, std::vector<Fact>& out, std::mt19937_64& rng) const;
  void numeric_facts(const ParaphraseUser& user, std::vector<Fact>& out, std::mt19937_64& rng) const;
  bool year_fact(size_t c, double x, Fact& fact, std::mt19937_64& rng) const;
  bool negation_fact(const ParaphraseUser& user, Fact& fact, std::mt19937_64& rng) const;
  Fact similar_fact(ItemIndex item) const;

  // Messages (paraphrase_simulator.cc, paraphrase_turns.cc).
  /// A message being written, and the phrases in it that may hold a
  /// one-word title for another reason (the titles and values it names).
  struct Draft {
    std::string text;
    std::vector<std::string> known;
  };
  std::string compose(ParaphraseUser& user, const AgentAnswer* last, std::mt19937_64& rng) const;
  void opening(ParaphraseUser& user, Draft& d, std::mt19937_64& rng) const;
  void follow_up(ParaphraseUser& user, const AgentAnswer& last, Draft& d, std::mt19937_64& rng) const;
  bool answer_question(ParaphraseUser& user, const AgentAnswer& last, Draft& d, std::mt19937_64& rng) const;
  void rephrase(ParaphraseUser& user, Draft& d, std::mt19937_64& rng) const;
  bool react(ParaphraseUser& user, const std::vector<ItemIndex>& shown, Draft& d, std::mt19937_64& rng) const;
  size_t span_of(const std::string& role, const std::vector<ItemIndex>& shown, double& lo, double& hi) const;
  std::vector<Fact> take_facts(ParaphraseUser& user, size_t n) const;
  std::string noun_phrase(const Fact& f, Draft& d, ParaphraseUser& user, std::mt19937_64& rng) const;
  std::string modifier(const Fact& f, Draft& d, ParaphraseUser& user, std::mt19937_64& rng) const;
  std::string clause(const Fact& f, Draft& d, ParaphraseUser& user, std::mt19937_64& rng) const;
  std::string say(const std::string& key, const Fact* f, Draft& d, ParaphraseUser& user,
                  std::mt19937_64& rng, Slots extra = {}) const;
  std::string ordinal(size_t position, size_t list_size, std::mt19937_64& rng) const;
  bool leads_to_target(ItemIndex item, const ParaphraseUser& user) const;

  std::shared_ptr<const Toolbox> box_;
  const RulesSimulator& rules_;
  Phrasebook book_;
  ParaphraseOptions options_;
  ItemNoun noun_;
  std::vector<std::string> roles_;  // per catalog column
};

/// The paraphrasing user as a conversation of `eval simulate`. With a log,
/// it tallies how the answers followed each of its wordings (the first `k`
/// items of each answer) and adds them to the log when finished.
class ParaphraseConversation final : public SimulatedConversation {
 public:
  /// `sim` and `log` (may be null) must outlive the conversation.
  ParaphraseConversation(const ParaphraseSimulator& sim, ItemIndex target, std::vector<ItemIndex> history,
                         std::mt19937_64 rng, WordingLog* log = nullptr, size_t k = 5);

  std::string next(const AgentAnswer* last) override;
  const std::vector<Clue>& stated() const override { return user_.stated; }
  void finish(const AgentAnswer& last) override;
  std::string last_note() const override;

  const ParaphraseUser& user() const { return user_; }
  const WordingStats& wordings() const { return stats_; }

 private:
  void score(const AgentAnswer& answer);

  const ParaphraseSimulator& sim_;
  ParaphraseUser user_;
  std::mt19937_64 rng_;
  WordingLog* log_;
  size_t k_;
  WordingStats stats_;
  std::vector<ClueOrigin> origin_;  // per stated clue: what said it
  size_t first_new_ = 0;             // stated clues before the last message
  bool finished_ = false;
};

}  // namespace interec

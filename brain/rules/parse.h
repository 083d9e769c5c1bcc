// What the parsing passes found in a message: the request's conditions,
// What the parsing passes found in a message: the request's conditions,
// seeds and count, what it says about the user's lasting tastes, the
// titles it names and the stance toward each, the vague words it uses
// (soft preferences), the spelling it corrected, and what it does in the
// conversation (acts, references to shown items, directions). Filled by
// the passes (message.h), read by the plan writer (plan_builder.h) and the
// dialogue manager (brain/dialogue/).
//
// Ownership of fields between the two layers of the rules brain
// (docs/conversation.md): the conversation fields (acts, references,
// directions, list reactions, topic switches, lifted conditions) belong to
// the dialogue layer; the rest is what the words mean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/catalog.h"

namespace interec::rules {

/// The range a request gives one numeric column: bounds (NaN = open) and
/// intervals it excludes ("nothing from the 80s").
struct NumRange {
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  bool lo_strict = false, hi_strict = false;
  size_t first_mention = 0;                         // token position
  std::vector<std::pair<double, double>> excluded;  // inclusive intervals
  bool has_range = false;
  /// The ranges as the message said them, before they were intersected
  /// into lo..hi ("the 90s" and "nothing before 1995"): the dialogue frame
  /// keeps them apart, so that a later "older" can drop the bound and keep
  /// the decade (docs/conversation.md, "The frame").
  struct Part {
    double lo = std::numeric_limits<double>::quiet_NaN();
    double hi = std::numeric_limits<double>::quiet_NaN();
    bool lo_strict = false, hi_strict = false;
  };
  std::vector<Part> parts;
};

/// Wanted values of one categorical column named together ("comedy or
/// drama"): `any_or` when "or" / "/" joined them (one condition with OR).
struct ValueRun {
  size_t column;  // index into Vocabulary::categorical()
  std::vector<std::string> values;
  bool any_or = false;
  size_t mention = 0;
  size_t end = 0;  // token index just past the last value
};

/// A catalog item the message names, and the speaker's stance toward it.
/// Precision first: a name with too little evidence (titles.h) is no
/// mention at all.
struct TitleMention {
  enum class Role : uint8_t {
    seed,         // "something like Heat": items like it are wanted
    liked,        // "I loved Fargo", "Chinatown (1974) is a favorite": a seed and a lasting like
    disliked,     // "I didn't like Titanic", "not a big fan of X": never a seed
    seen,         // "I've already seen Heat": not recommended again, no stance
    asked_about,  // "tell me about Top Gun", "who is in Click (2006)?"
    excluded,     // "anything but Titanic": not this one, no lasting dislike
    neutral,      // named without a stance ("Have you seen Total Recall (1990)?")
  };
  ItemIndex item = 0;
  Role role = Role::neutral;
  size_t begin = 0, end = 0;  // token span, the title's year included
  float confidence = 0;       // the evidence for the title, 0..1
};
const char* to_string(TitleMention::Role role);

/// A word that is no catalog value mapped onto one ("uplifting" -> tags:
/// feel-good): a preference for ranking, never a filter.
struct SoftPreference {
  size_t column = 0;  // index into Vocabulary::categorical()
  std::string value;  // the catalog's spelling
  float weight = 0;   // > 0 prefer, < 0 avoid ("not gory"); |weight| <= 1
  std::string word;   // the user's word it comes from
};

/// A misspelt word the brain read as another ("reccomend" -> "recommend").
struct Correction {
  size_t token = 0;
  std::string from, to;
};

/// What a message does in the conversation. A message can do several things
/// ("thanks, and something older" is thanks + a refinement). The passes
/// name what the text does on its own; the dialogue manager, which knows
/// the conversation, tells a request from a refinement or an answer.
enum class Act : uint8_t {
  greeting,            // "hi there"
  thanks,              // "thanks, that's great"
  goodbye,             // "bye"
  capability,          // "what can you do?", "help"
  request,             // asks for items: conditions, seeds, "recommend something"
  refine,              // changes the current request (decided by the dialogue manager)
  more,                // "more", "keep going", "other ones?"
  feedback,            // a reaction to items: "seen the second one", "meh", "loved it"
  item_question,       // "what is it about?", "who's in it?", "when was Heat released?"
  why,                 // "why the first one?", "why did you pick it?"
  smalltalk,           // "how are you", "lol", "hmm"
  answer_to_question,  // answers the agent's question (decided by the dialogue manager)
  unknown,             // nothing understood
};
const char* to_string(Act act);

/// What a message says about an item it refers to.
enum class Reaction : uint8_t {
  none,
  liked,      // "loved the third one", "Heat is great"
  disliked,   // "hated it", "the second one was boring"
  seen,       // "seen the first one", "already watched it"
  rejected,   // "not the first one", "no to the 2nd": not this, no lasting dislike
  more_like,  // "more like the third one", "the 2nd one is close"
};
const char* to_string(Reaction reaction);

/// A reference to an item shown (or talked about) earlier.
struct Reference {
  enum class Kind : uint8_t {
    ordinal,  // "the second one", "#2", "number 3": index (1-based)
    last,     // "the last one", "the final one"
    first_n,  // "the first two": index = n
    pronoun,  // "it", "that one": the item the sentence is about
    list,     // "those", "them", "all of these": the whole list
    title,    // a shown item named by its title: index = the item (ItemIndex)
  };
  Kind kind = Kind::ordinal;
  int index = 1;
  /// Which list: 0 the latest, 1 the one before ("from before", "earlier"),
  /// -1 the session's first ("the ones you showed first").
  int list = 0;
  Reaction reaction = Reaction::none;
  size_t begin = 0, end = 0;  // token span
};

/// A direction relative to what was shown or named ("older", "cheaper",
/// "darker", "more recent than Heat").
enum class Direction : uint8_t {
  older, newer, cheaper, pricier, lighter, darker, better_rated, more_popular, less_popular,
};
const char* to_string(Direction direction);

struct DirectionMention {
  Direction direction = Direction::newer;
  size_t at = 0;                  // token position
  std::optional<ItemIndex> than;  // "older than Heat": the item it is relative to
};

struct Parse {
  std::vector<ItemIndex> seeds;
  std::vector<ValueRun> wanted;
  std::vector<std::pair<size_t, std::string>> excluded;  // (categorical, value)
  std::vector<size_t> excluded_mention;
  std::map<size_t, NumRange> numeric;  // index into Vocabulary::numeric() -> range
  std::optional<size_t> n;
  // Lasting tastes the message states ("I loved X", "I hate horror", "I've seen Y").
  std::vector<ItemIndex> liked_items, consumed_items, disliked_items;
  std::vector<std::pair<size_t, std::string>> liked_values, disliked_values;
  bool popularity = false;
  bool rec_cue = false;   // the message asks for recommendations
  bool more_cue = false;  // ... for more of the same ("more", "something else")

  // --- what the words name (titles.h, moods.h, spelling.h) ---
  std::vector<TitleMention> titles;     // in text order, each item once
  std::vector<SoftPreference> soft;     // strongest first
  std::vector<Correction> corrected;    // in text order
  std::vector<std::string> unknown_words;  // content words nothing understood

  // --- the conversation (Pass::references, Pass::acts) ---
  std::vector<Act> acts;                      // in no particular order, each once
  std::vector<Reference> references;          // in text order
  std::vector<DirectionMention> directions;
  /// A reaction to the whole list without naming it ("meh", "those are great").
  Reaction list_reaction = Reaction::none;
  bool topic_switch = false;  // "something different", "start over"
  bool instead = false;       // "a comedy instead": replaces what it names
  bool surprise = false;      // "whatever", "surprise me", "anything is fine"
  /// Catalog columns (indices in Catalog::columns()) whose conditions the
  /// message lifts ("any year", "the genre doesn't matter").
  std::vector<size_t> lifted_columns;
  /// Values the message lifts ("doesn't have to be a comedy"): (categorical, value).
  std::vector<std::pair<size_t, std::string>> lifted_values;
  /// Text columns (indices in Catalog::columns()) the message wants another
  /// value of than the current one ("a different brand", "not that developer").
  std::vector<size_t> other_columns;
  /// Titles the message asks about or names without a cue (item questions).
  std::vector<ItemIndex> asked_items;
  bool has(Act act) const {
    for (Act a : acts)
      if (a == act) return true;
    return false;
  }
  bool has_content() const {
    return !seeds.empty() || !wanted.empty() || !excluded.empty() || !numeric.empty() ||
           popularity || !soft.empty();
  }
};

}  // namespace interec::rules

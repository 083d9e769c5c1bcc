// What the parsing passes found in a message: the request's conditions,
// seeds and count, what it says about the user's lasting tastes, the
// titles it names and the stance toward each, the vague words it uses
// (soft preferences) and the spelling it corrected. Filled by the passes
// (message.h), read by the plan writer (plan_builder.h).
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
  bool has_content() const {
    return !seeds.empty() || !wanted.empty() || !excluded.empty() || !numeric.empty() ||
           popularity;
  }
};

}  // namespace interec::rules

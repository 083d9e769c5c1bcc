// The order of the rules brain's parsing passes: the one place that runs
// them. Each pass leaves alone the tokens an earlier one claimed, and its
// header says which earlier passes it relies on (message.h):
//
//   1. references (references.h) "the second one", "seen it", "older", "any year"
//   2. seeds      (titles.h)     titles and their cues: "like Heat", "I've seen Fargo"
//   3. numbers    (numbers.h)    "from the 90s", "rated above 4", "under $20"
//   4. cues       (cues.h)       "highly rated", "recent", "popular"
//   5. values     (values.h)     "a comedy", "no horror", "I hate westerns"
//   6. moods      (moods.h)      "uplifting", "not gory" (soft preferences)
//   7. count      (counts.h)     "top 3", "a few"
//   8. acts       (acts.h)       "thanks", "more", "why the first one?", "meh"
#pragma once

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"
#include "brain/rules/references.h"

namespace interec::rules {

/// Runs every pass over `m` (whose claims must be fresh) and returns what
/// they found; m.claims then records which pass claimed each token. `ctx`
/// is what the conversation so far tells the passes (the lists shown).
Parse parse(const Knowledge& k, Message& m, const ParseContext& ctx = {});

}  // namespace interec::rules

// The order of the rules brain's parsing passes: the one place that runs
// them. Each pass leaves alone the tokens an earlier one claimed, and its
// header says which earlier passes it relies on (message.h):
//
//   1. seeds   (titles.h)  titles and their cues: "like Heat", "I've seen Fargo"
//   2. numbers (numbers.h) "from the 90s", "rated above 4", "under $20"
//   3. cues    (cues.h)    "highly rated", "recent", "popular"
//   4. values  (values.h)  "a comedy", "no horror", "I hate westerns"
//   5. count   (counts.h)  "top 3", "a few"
#pragma once

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// Runs every pass over `m` (whose claims must be fresh) and returns what
/// they found; m.claims then records which pass claimed each token.
Parse parse(const Knowledge& k, Message& m);

}  // namespace interec::rules

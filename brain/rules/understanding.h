// What the rules brain understood of one message, as JSON: the titles it
// names with the stance toward each, the conditions, the soft preferences,
// the spelling it corrected and the words it did not understand. For
// `interec understand`, the understanding golden tests
// (tests/golden/understanding_*.tsv) and anyone asking why a plan came out
// as it did.
//
//   {"titles": [{"title": "Heat (1995)", "role": "liked", "said": "Heat"}],
//    "conditions": ["genres: Comedy", "year 1990–1999"],
//    "soft": [{"value": "tags: feel-good", "weight": 0.8, "word": "uplifting"}],
//    "corrected": ["comdy -> comedy"], "unknown": ["blorf"], "count": 3}
//
// Keys whose value would be empty are left out.
#pragma once

#include <nlohmann/json.hpp>

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

nlohmann::json understanding_json(const Knowledge& k, const Message& m, const Parse& p);

}  // namespace interec::rules

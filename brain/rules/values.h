// Categorical values, the fourth parsing pass: the catalog values a message
// wants ("a comedy", "comedy or drama", "brand LD Carlson") and excludes
// ("no horror", "anything but westerns"), and the values it says the user
// loves or hates for good ("I love westerns", "I hate horror").
//
// Decisions: values joined into a list by "or" or "/" ("comedy or drama",
// "comedy, drama or war") make ONE condition with OR inside; otherwise each
// value is its own condition and all are required ("a romantic comedy").
// Wanted values of a single-valued column are always alternatives. A
// negation runs over the next few words and on through "or"/"nor" ("no
// horror or thriller"). An excluded value is never also wanted.
#pragma once

#include <cstddef>
#include <optional>

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// The number of tokens at i that spell a categorical column's name of two
/// words or more ("early access" for early_access) when a value of that
/// column follows; else 0.
size_t column_name_at(const Knowledge& k, const Message& m, size_t i);

/// The catalog value at token i. Right after a column's name ("tags dark
/// hero", "brand: LD Carlson") the user has said which column they mean:
/// any value of it counts, however rare, and it beats a synonym or a
/// same-named value of another column ("tags Simulation" when genres has
/// Simulation too). The longer match wins.
std::optional<ValueMatch> value_at(const Knowledge& k, const Message& m, size_t i);

/// Pass::values. Relies on Pass::seeds (a title's words are not values:
/// "Romancing the Stone" wants no romance), Pass::numbers ("no more than
/// 10" is a range, not a negation of the values after it) and Pass::cues
/// ("popular" is no value). Claims the values and the first word of each
/// negation. Sets wanted, excluded, liked_values and disliked_values.
void find_values(const Knowledge& k, Message& m, Parse& p);

}  // namespace interec::rules

// The one clarifying question: when an opening request names nothing to
// go by ("recommend me something"), the user has no history and the
// catalog is large, the agent asks about the attribute that best splits
// the catalog, offering its three most common values, instead of guessing.
//
// Decisions (docs/conversation.md, "The clarifying question"): asked at
// most once per conversation, only on the opening request; the column is
// the categorical column whose values divide the items most evenly
// (entropy of its 20 most common values times the share of items that
// have a value), among columns of 3 to 200 values; "whatever" / "surprise
// me" (now or as the answer) gets a list at once, and any answer that is
// not one of the values is taken as a request of its own.
#pragma once

#include <optional>
#include <string>

#include "brain/dialogue/dialogue_state.h"
#include "brain/rules/knowledge.h"

namespace interec::dialogue {

/// Catalogs smaller than this get a list, not a question.
inline constexpr size_t kClarifyMinItems = 50;

/// The question to ask in turn `turn`, or nullopt when the catalog has no
/// column worth asking about or is small.
std::optional<OpenQuestion> clarifying_question(const rules::Knowledge& k, int turn);

/// "What kind would you like: Drama, Comedy or Thriller? (Or say
/// "surprise me".)"
std::string question_text(const OpenQuestion& q);

}  // namespace interec::dialogue

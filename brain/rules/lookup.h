// Lookups: questions about named items ("when was Fargo released?", "is
// Heat a comedy?", "tell me about Toy Story") get one lookup step selecting
// the title plus the columns the question asks about (all columns when it
// names none). A question that asks for recommendations ("what should I
// watch instead of Heat?") is no lookup.
#pragma once

#include <optional>

#include "brain/brain.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"

namespace interec::rules {

/// The lookup plan for a question about at most 10 items the message
/// names, else nullopt. Runs before the parsing passes and claims nothing.
std::optional<BrainPlan> lookup(const Knowledge& k, const Message& m);

}  // namespace interec::rules

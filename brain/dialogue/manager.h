// The dialogue manager of the rules brain: the dialogue state and a parsed
// message give the new state and what to do -- a plan for a list, an
// answer about an item, a reply to "why", a clarifying question, a social
// reply, or help naming the words not understood.
//
// One turn (docs/conversation.md):
//   1. References are resolved against the lists shown and the item in
//      focus; what the message says of each item (liked, seen, disliked,
//      not this one, more like it) updates the state and the profile.
//   2. The act decides the reply: an item question or "why" is answered
//      from the catalog and the recorded reasons; a request, a refinement,
//      "more", feedback on shown items or an answer to the agent's question
//      gets a list of the frame (frame.h), with directions (directions.h)
//      and lifted conditions applied; an opening request naming nothing
//      from a user without history gets one question (clarify.h); thanks,
//      greetings, goodbyes and small talk get their own replies; help only
//      for "what can you do?" or when nothing was understood.
//   3. The plan is built by the rules brain's plan builder from the frame,
//      the conditions stated this turn raised above earlier ones.
#pragma once

#include <cstddef>

#include "brain/brain.h"
#include "brain/dialogue/dialogue_state.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"
#include "brain/rules/references.h"
#include "tools/user_context.h"

namespace interec::dialogue {

/// What the passes need to know of the conversation: the lists shown.
rules::ParseContext context_of(const rules::Knowledge& k, const DialogueState& st);

/// The turn for message `m` (parsed as `p` with context_of(request.state)).
/// request.state must be set; out.state is the state after this message.
/// `default_n` items when neither the message nor the frame gives a count.
BrainPlan respond(const rules::Knowledge& k, const BrainRequest& request, rules::Message& m,
                  const rules::Parse& p, size_t default_n);

/// Adds what the state says about items to the user the tools see: items
/// liked, seen, disliked or turned down in this conversation are never
/// recommended again (liked items also steer preference ranking).
void apply_to_user(const Catalog& catalog, const DialogueState& st, UserContext& user);

}  // namespace interec::dialogue

// Dialogue acts, the last parsing pass: what the message does in the
// conversation beside what it asks for. Greetings, thanks, goodbyes,
// "what can you do?", "why the first one?", small talk, "more" / "keep
// going", a reaction to the whole list ("meh", "those are great"), a change
// of subject ("something different"), "instead", "surprise me", questions
// about an item ("what is it about?", "when was Heat released?"), and the
// words nothing understood.
//
// Decisions (docs/conversation.md): the acts name what the text does on its
// own; whether a request refines the current one, starts a new one or
// answers the agent's question is the dialogue manager's call
// (brain/dialogue/), which knows the conversation. A question about items
// names them by title, by reference ("the fifth one") or by a pronoun
// ("who's in it?"); a question that asks for recommendations ("what should
// I watch instead of Heat?") is a request.
#pragma once

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"
#include "brain/rules/references.h"

namespace interec::rules {

/// Pass::acts. Relies on every earlier pass having claimed what it
/// understood: the words left are conversation or not understood. First
/// makes the titles of shown items references (refer_to_shown_titles, with
/// `ctx`); the items a question asks about are the titles of
/// Parse::titles asked about or named without a stance. Claims the act
/// phrases. Sets acts, topic_switch, instead, list_reaction (a bare
/// "no" / "not" with nothing else asked),
/// surprise, more_cue, asked_items, unknown_words, and adds the pronoun
/// references of item questions and "why" questions ("why did you pick it?").
void find_acts(const Knowledge& k, Message& m, Parse& p, const ParseContext& ctx);

}  // namespace interec::rules

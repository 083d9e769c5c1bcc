// The dialogue manager's own replies, in sentences built from the catalog:
// greetings, thanks, goodbyes, small talk, help (with the words it did not
// understand), answers about an item, answers to "why", and the notes that
// acknowledge feedback ("Noted: you have seen Heat (1995).").
//
// Decisions (docs/conversation.md, "Replies"): every social reply moves the
// conversation on (thanks after a list offers more like it or something
// else); an item answer names each column in a sentence and says plainly
// what the catalog does not hold ("I don't know its cast: this catalog
// holds genres, year, avg_rating."); help is given for "what can you do?"
// or when nothing was understood, and then names the words it did not
// understand.
#pragma once

#include <string>
#include <vector>

#include "brain/dialogue/dialogue_state.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/lookup.h"
#include "brain/rules/parse.h"

namespace interec::dialogue {

/// The reply to a message that only greets, thanks, says goodbye or chats.
std::string social_reply(const rules::Knowledge& k, const rules::Parse& p, const DialogueState& st);

/// Said before the list a social message gets when the conversation goes
/// on with one (manager.cc, continue_with_list): "You're welcome! ..." --
/// the social reply without its offer of more, since the list follows.
std::string continuing_reply(const rules::Knowledge& k, const rules::Parse& p, const DialogueState& st);

/// What the agent can do; with `unknown` words, first says it did not
/// understand them.
std::string help_reply(const rules::Knowledge& k, const std::vector<std::string>& unknown);

/// Beside a list, the words of the message it could not use ("also with
/// Tom Hanks": a cast the catalog does not hold), said rather than
/// dropped silently, with the columns the catalog does hold; "" when every
/// word was used.
std::string unused_words_reply(const rules::Knowledge& k, const std::vector<std::string>& unknown);

/// Sentences about `item`: the columns asked (all when asked.all or none),
/// or, when the question is about something the catalog does not hold
/// (`unheld`, e.g. "its cast"), says so and what it does hold.
std::string item_answer(const rules::Knowledge& k, ItemIndex item, const rules::AskedColumns& asked,
                        const std::string& unheld);

/// Why `item` was recommended, from the reasons recorded with the list it
/// was shown in; honest when it was not recommended at all.
std::string why_answer(const rules::Knowledge& k, const DialogueState& st, ItemIndex item);

/// "Noted: you have seen X; you loved Y." for what a message said about
/// items (ids); "" when it said nothing.
struct Noted {
  std::vector<std::string> liked, disliked, seen, rejected;
};
std::string noted_reply(const rules::Knowledge& k, const Noted& noted);

/// What the tools produced for a plan with a list.
struct ListOutcome {
  std::vector<ItemIndex> picked;
  std::vector<std::string> texts;  // lookup answers
  std::string error;               // the first failing step's message
  std::vector<std::string> relaxed;  // condition labels reflection dropped
  size_t strict = 0;               // how many picks (the first ones) met every condition
};

/// The reply for an executed plan: the brain's note, what could not be met
/// and what was relaxed, the picked items numbered (or why nothing was
/// found). A condition stated in this very turn (plan.stated_now) that had
/// to be relaxed is named as not met, and the items as the nearest ones.
std::string list_reply(const Catalog& catalog, const BrainPlan& plan, const ListOutcome& outcome);

/// "A, B and C".
std::string join_and(const std::vector<std::string>& parts);

}  // namespace interec::dialogue

// References and directions, the first parsing pass: what a message says
// relative to the conversation. "the second one", "#3", "the first two",
// "the last one" point into a list shown earlier ("the second one from
// before": the list before the latest); a shown item the seeds pass found
// by its title (Parse::titles) is a reference too; "it" / "that one" next to a reaction ("seen it", "love that
// one") points at the item the message or the conversation is about. Each
// reference carries what the message says of it (Reaction: liked, seen,
// rejected, "more like"). "older", "more recent", "too expensive", "darker"
// are directions relative to what was shown (or to the title after
// "than"). "any year", "doesn't have to be a comedy" lift a condition.
//
// Decisions (docs/conversation.md): an ordinal is a reference only with a
// determiner before it ("the", "that", "your") or a reference noun after it
// ("one", "pick", "movie"), so "first, a comedy" is none and "one" in "not
// the first one" is never a count; a pronoun is a reference only next to a
// reaction, so "it also has ..." refers to nothing; a longer exact title
// starting at the same word wins over a reference or a direction ("The
// Third Man", "Cheaper by the Dozen").
#pragma once

#include <vector>

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// What the conversation so far tells the passes (read-only).
struct ParseContext {
  /// The lists shown in this conversation, oldest first, each in the order
  /// shown; their titles are references when the message names them.
  std::vector<std::vector<ItemIndex>> lists;
};

/// Pass::references. Runs first: relies on no earlier pass. Claims the
/// references, the reaction words around them, the reactions to the whole
/// list said on their own ("meh", "not those", "those are great"), the
/// directions (with "than" and a title after it) and the lifting phrases
/// with the column or value they lift. Sets references, list_reaction,
/// directions, lifted_columns, lifted_values.
void find_references(const Knowledge& k, Message& m, Parse& p);

/// Part of Pass::acts (it needs the seeds pass's titles): each title of
/// Parse::titles that names an item of a list shown is a reference to it
/// (Reference::Kind::title), its reaction the stance toward the title
/// ("seen Heat": seen; "anything but Heat": rejected; "like Heat": more
/// like it), else the reaction phrase around it, which it claims. A title
/// of a shown item the seeds pass did not take for want of evidence (a
/// one-word title that is also a word: "contact is great") is taken here
/// when a reaction is said about it.
void refer_to_shown_titles(const Knowledge& k, Message& m, Parse& p, const ParseContext& ctx);

/// The reaction the words around tokens [begin, end) state about what those
/// tokens name, within their clause; claims the words it read when `claim`
/// (a pass must be running then).
Reaction reaction_around(Message& m, size_t begin, size_t end, bool claim);

}  // namespace interec::rules

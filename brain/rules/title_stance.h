// The stance a message takes toward an item it names, read from the words
// around the name: "I loved Fargo" (liked), "Chinatown (1974) will always
// be a favorite" (liked), "I didn't like Titanic", "not a big fan of X",
// "X was boring" (disliked), "I've seen Heat" (seen; "I haven't seen Heat"
// is no stance), "tell me about Top Gun", "who is in Click (2006)?"
// (asked_about; "have you seen X?" and "what about X?" suggest X rather
// than ask about it), "anything but Titanic" (excluded).
//
// Decisions: only the sentence around the name counts (up to . ! ? ;),
// at most kStanceWindow words on each side; a verb before the name wins
// over words after it ("I liked X but it was long"), a question about the
// item over both; a negation up to three words before a verb turns it
// ("never been a fan of", "didn't really like").
#pragma once

#include <cstddef>

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

inline constexpr size_t kStanceWindow = 8;

/// The learned classifier (tools/models/stance_model.h) decides a mention's
/// stance only when the stance words found none (neutral) and it is at
/// least this sure; chosen on ReDial's dev part (docs/evaluation.md,
/// "The stance classifier").
inline constexpr float kLearnedStanceConfidence = 0.6f;

/// The stance toward the item named by tokens [begin, stop) when no cue
/// right before it said one.
TitleMention::Role stance_toward(const Message& m, size_t begin, size_t stop);

/// The words around tokens [begin, stop) speak of an item, whatever the
/// stance: a verb of taste or of watching, even negated ("I haven't seen
/// X", "check X out", "heard of X"), praise or blame on either side, a
/// question about it.
bool speaks_of_an_item(const Message& m, size_t begin, size_t stop);

/// With a stance model (Knowledge::stance): every neutral mention of
/// p.titles whose class the model gives with kLearnedStanceConfidence or
/// more takes that class's role (liked, disliked, seen); a mention the
/// words call seen becomes liked or disliked when the model says so. The
/// other titles of the message are one placeholder word to it, as in
/// training.
void apply_learned_stance(const Knowledge& k, const Message& m, Parse& p);

/// The message's tokens as the stance model reads them for mention `x`.
std::vector<std::string> stance_view(const Message& m, const Parse& p, const TitleMention& x, size_t& at);

/// A stance a cue gave ("fan of X" liked, "similar to X" seed) corrected
/// by a negation before the cue ("not a big fan of X", "I don't like
/// movies like X": disliked).
/// `cue_begin` is the cue's first token.
TitleMention::Role negated_stance(const Message& m, size_t cue_begin, TitleMention::Role role);

}  // namespace interec::rules

// Cue words, the third parsing pass: "highly rated" (a rating of at least
// three quarters of the scale), "recent" (the catalog's last five years),
// "popular" (rank by popularity), and the words that show a message asks
// for recommendations at all ("suggest", "something") or for more of the
// same ("more", "else").
#pragma once

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// Pass::cues. Relies on Pass::seeds (a title's words are not cues: "The
/// Best Years of Our Lives") and Pass::numbers ("rated above 4" is a range
/// already, not "rated" here). Claims "highly rated", "recent", "popular"
/// and their companions; recommendation and "more" cues are not claimed
/// (they may also be values or counts). Sets numeric, popularity, rec_cue
/// and more_cue.
void find_cues(const Knowledge& k, Message& m, Parse& p);

}  // namespace interec::rules

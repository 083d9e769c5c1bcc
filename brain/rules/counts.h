// Counts, the last parsing pass: how many items the user wants ("top 3",
// "3 comedies", "give me three", "a few", "a couple of").
#pragma once

#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// Pass::count. Relies on every earlier pass having claimed its numbers:
/// a title's ("Apollo 13"), a range's ("after 1995", "4 stars"), so that
/// only a free number can be the count. Claims the count's words; the first
/// count found wins. Sets n.
void find_count(Message& m, Parse& p);

}  // namespace interec::rules

// Titles and seeds, the first parsing pass: the items a message names and
// what it says about them. "like Heat", "similar to toy story", "fans of X"
// make seeds (recommend items like them); "I loved Fargo" is a seed and a
// lasting like; "I hated Titanic" a dislike; "I've already seen Heat" a
// consumed item. A message that is only a title asks for items like it.
#pragma once

#include <cstddef>
#include <optional>

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// A title found in the message: the item and the token just past it.
struct TitleSpan {
  ItemIndex item;
  size_t end;
};

/// The title starting at token `pos`, which no pass may have claimed: the
/// longest exact title (a year after it picks among remakes; a single common
/// word or catalog value is a title only with its year); with
/// `allow_fuzzy`, else the best near match of the words up to one that
/// cannot belong to a title (typos: "stra wars").
std::optional<TitleSpan> title_at(const Knowledge& k, const Message& m, size_t pos,
                                  bool allow_fuzzy);

/// Pass::seeds. Relies on no earlier pass: it runs first, so that the words
/// of a title are claimed before any later pass reads them as values,
/// numbers or counts ("Se7en", "1941", "Three Colors: Red"). Claims the
/// titles it finds and the cue words before them. Sets seeds, liked_items,
/// disliked_items, consumed_items and rec_cue.
void find_seeds(const Knowledge& k, Message& m, Parse& p);

}  // namespace interec::rules

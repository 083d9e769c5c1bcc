// Titles and seeds, the first parsing pass: the items a message names and
// the stance it takes toward each (Parse::titles). "like Heat", "similar to
// toy story", "fans of X" make seeds (recommend items like them); "I loved
// Fargo" is a seed and a lasting like; "I hated Titanic", "not a big fan
// of X" a dislike; "I've already seen Heat" a consumed item. A message that
// is only a title asks for items like it.
//
// Decisions (docs/understanding.md): a title is taken after a cue, or
// anywhere on good evidence (title_evidence.h: its year, quotes, title
// case, distinctive words; precision first); the stance comes from the
// cue, else from the words around it (title_stance.h). Named without a
// stance (neutral) or asked about, an item is still a seed: the user talks
// about it. A year after a title ("Total Recall (1990)") belongs to the
// title, and a year in brackets after any word is claimed as a title's
// year even when the catalog lacks the title: never a condition.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// A title found in the message: the item and the token just past it.
struct TitleSpan {
  ItemIndex item;
  size_t end;
};

/// The title starting at token `pos`, which no pass may have claimed, as
/// after a cue: the longest exact name (a year after it picks among
/// remakes) on enough evidence (title_evidence.h); with `allow_fuzzy`,
/// else the best near match of the words up to one that cannot belong to
/// a title (typos: "stra wars").
std::optional<TitleSpan> title_at(const Knowledge& k, const Message& m, size_t pos,
                                  bool allow_fuzzy);

/// The longest exact name of one of `items` starting at unclaimed token
/// `pos`, on no further evidence: for the titles of items the user was
/// shown ("contact is great" after a list holding Contact), where naming
/// an item of the list is the evidence. A title only: a year after it is
/// not taken.
std::optional<TitleSpan> title_among(const Knowledge& k, const Message& m, size_t pos,
                                     const std::vector<ItemIndex>& items);

/// Pass::seeds. Runs right after Pass::references (which takes only
/// ordinal references, pronouns with a reaction, directions and lifted
/// conditions, and leaves a longer exact title alone), so that the words of a title
/// are claimed before any later pass reads them as values, numbers or
/// counts ("Se7en", "1941", "Three Colors: Red"). Claims the
/// titles it finds and the cue words before them. Sets seeds, liked_items,
/// disliked_items, consumed_items and rec_cue.
void find_seeds(const Knowledge& k, Message& m, Parse& p);

}  // namespace interec::rules

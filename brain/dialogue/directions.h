// Directions ("older", "more recent", "cheaper", "darker") as constraints,
// relative to the items they are about.
//
// Decisions (docs/conversation.md, "Directions"): a direction is relative
// to the items it names ("more recent than Heat"), else to the items the
// same message compares with ("like Groundhog Day but more recent"; not a
// title it says it loved), else to the latest
// list shown, else to the item in focus. Relative to items it means beyond
// every one of them: "older" = before the oldest, "newer" = after the
// newest, "cheaper" = below the cheapest, "pricier" = above the dearest,
// "less popular" = below the least popular; "better rated" = above the
// middle of them. With nothing to be relative to, "newer" is the catalog's
// last five years (as "recent"), "older" before its lower quartile of years,
// "cheaper" its cheapest quarter, "pricier" its dearest quarter, "better
// rated" its top quarter of ratings, "less popular" its less popular half.
// "lighter" excludes the catalog's dark-toned values (horror, thriller,
// war, "dark" ...), "darker" wants any of them, in the column that holds
// most of them. "more popular" ranks by popularity (no constraint).
#pragma once

#include <optional>
#include <vector>

#include "brain/dialogue/dialogue_state.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/parse.h"

namespace interec::dialogue {

/// The constraint `d` states relative to `anchor` (may be empty), stated in
/// turn `turn`; nullopt when the catalog has no column for it (no price
/// column for "cheaper") or for more_popular.
std::optional<Constraint> direction_constraint(const rules::Knowledge& k, rules::Direction d,
                                               const std::vector<ItemIndex>& anchor, int turn);

}  // namespace interec::dialogue

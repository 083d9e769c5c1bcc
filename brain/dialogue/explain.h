// Why each recommended item is there, taken from what the plan did: the
// conditions it meets, the seed item it is similar to and what they share,
// the user's history items that scored it, and its popularity and rating.
// Shown with each item (TurnReply items[].why, the CLI, the web cards) and
// kept in the dialogue state for "why the first one?".
//
// Decisions (docs/conversation.md, "Explanations"): a reason is said only
// when it is true of the item: "similar to" a seed only when the item is
// among the seed's item-kNN neighbours (or it among the item's); an item
// that is no seed's neighbour (soft_filter filled the list with it: it
// meets the conditions) says it is not among the titles closest to the
// seed, and what it shares with one, if anything; history
// items only when they are among the item's item-kNN neighbours (at most
// two, the most similar); the conditions are the plan's, and the items
// picked after relaxing say which condition they were picked without.
// the soft preferences ("something heartwarming") name the wanted values
// the item holds and the unwanted ones it holds despite them. Short
// phrases, at most four per item.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tools/plan.h"
#include "tools/user_context.h"

namespace interec {
struct Toolbox;
}

namespace interec::dialogue {

/// The reasons for each item of a list, one vector of phrases per item.
using Reasons = std::vector<std::vector<std::string>>;

/// The reasons for each of `picked` (same order). `relaxed`: the condition
/// labels reflection dropped; `strict`: how many of the first picks met
/// them too.
Reasons explain(const Toolbox& box, const Plan& plan, const UserContext& user,
                const std::vector<ItemIndex>& picked, const std::vector<std::string>& relaxed,
                size_t strict);

/// explain() bound to a toolbox: what a session is given to explain its
/// lists without holding the models itself (actors/session.h).
using Explainer = std::function<Reasons(const Plan& plan, const UserContext& user,
                                        const std::vector<ItemIndex>& picked,
                                        const std::vector<std::string>& relaxed, size_t strict)>;
Explainer explainer_of(std::shared_ptr<const Toolbox> box);

}  // namespace interec::dialogue

// The in-process baselines of `interec eval simulate` (docs/evaluation.md):
// agents that read no text and meet the same simulated users as the real
// agent. Each turn shows k new items, never one of the user's history or one
// shown before.
//   random      k items drawn at random
//   popularity  the most popular items
//   one-shot    `rank` (schema preference) for the user's history, ignoring
//               the conversation
//   naive       every fact the user stated so far is an exact filter (the
//               structured clues, so it never misreads one); what is left,
//               by popularity
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <random>
#include <unordered_set>
#include <vector>

#include "tools/eval/conversation_metrics.h"
#include "tools/eval/simulated_conversation.h"
#include "tools/tool.h"

namespace interec {

struct Toolbox;

/// What a baseline shows for the conversation so far: at most k items, none
/// of `skip`.
using BaselinePick =
  std::function<std::vector<ItemIndex>(const SimulatedConversation&, const std::unordered_set<ItemIndex>& skip)>;

/// One conversation between `user` and a baseline, for at most `max_turns`
/// turns; the user accepts when `target` is in the top k.
SessionOutcome converse_with(SimulatedConversation& user, ItemIndex target, const std::vector<ItemIndex>& history,
                             size_t max_turns, size_t k, const BaselinePick& pick);

class Baselines {
 public:
  /// `sim` (its matches() is the naive filter) must outlive this.
  Baselines(std::shared_ptr<const Toolbox> box, const RulesSimulator& sim, size_t k);

  /// The naive agent: the most popular items meeting every clue.
  std::vector<ItemIndex> naive(const std::vector<Clue>& stated, const std::unordered_set<ItemIndex>& skip) const;
  /// The first k items of `order` not in `skip`.
  std::vector<ItemIndex> first(const std::vector<ItemIndex>& order, const std::unordered_set<ItemIndex>& skip) const;
  /// k distinct items at random, none in `skip`.
  std::vector<ItemIndex> random(std::mt19937_64& rng, const std::unordered_set<ItemIndex>& skip) const;

  /// The whole catalog by popularity.
  const std::vector<ItemIndex>& by_popularity() const { return by_popularity_; }
  /// The order `rank` gives `items` (the whole catalog when null) for a user
  /// with `history`, by `schema` (preference: the best trained model, as
  /// in production; popularity).
  std::vector<ItemIndex> ranked(const std::vector<ItemIndex>* items, const std::vector<ItemIndex>& history,
                                RankSchema schema);

 private:
  std::shared_ptr<const Toolbox> box_;
  const RulesSimulator& sim_;
  size_t k_;
  std::unique_ptr<Tool> rank_;
  std::vector<ItemIndex> by_popularity_;
};

}  // namespace interec

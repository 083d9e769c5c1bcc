#include "tools/eval/baselines.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "tools/toolbox.h"

namespace interec {

SessionOutcome converse_with(SimulatedConversation& user, ItemIndex target, const std::vector<ItemIndex>& history,
                             size_t max_turns, size_t k, const BaselinePick& pick) {
  std::unordered_set<ItemIndex> skip(history.begin(), history.end());
  SessionOutcome out;
  AgentAnswer answer;
  for (size_t turn = 1; turn <= max_turns; ++turn) {
    user.next(turn == 1 ? nullptr : &answer);
    const auto t0 = std::chrono::steady_clock::now();
    answer.items = pick(user, skip);
    out.turn_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (answer.items.empty()) ++out.failed_plans;
    if (target_in_top_k(target, answer.items, k)) {
      out.hit_turn = turn;
      break;
    }
    skip.insert(answer.items.begin(), answer.items.end());
  }
  user.finish(answer);
  return out;
}

Baselines::Baselines(std::shared_ptr<const Toolbox> box, const RulesSimulator& sim, size_t k)
    : box_(std::move(box)), sim_(sim), k_(k), rank_(make_tool(ToolKind::rank, box_)) {
  by_popularity_ = ranked(nullptr, {}, RankSchema::popularity);
}

std::vector<ItemIndex> Baselines::ranked(const std::vector<ItemIndex>* items, const std::vector<ItemIndex>& history,
                                         RankSchema schema) {
  Bus bus;
  if (items) {
    bus.all = false;
    bus.items = *items;
  }
  UserContext user;
  user.history = history;
  return rank_->run(bus, RankStep{schema, {}, {}, {}}, user).bus.items;
}

std::vector<ItemIndex> Baselines::naive(const std::vector<Clue>& stated,
                                        const std::unordered_set<ItemIndex>& skip) const {
  std::vector<ItemIndex> out;
  for (ItemIndex i : by_popularity_) {
    if (out.size() >= k_) break;
    if (skip.count(i)) continue;
    if (std::all_of(stated.begin(), stated.end(), [&](const Clue& c) { return sim_.matches(c, i); }))
      out.push_back(i);
  }
  return out;
}

std::vector<ItemIndex> Baselines::first(const std::vector<ItemIndex>& order,
                                        const std::unordered_set<ItemIndex>& skip) const {
  std::vector<ItemIndex> out;
  for (ItemIndex i : order) {
    if (out.size() >= k_) break;
    if (!skip.count(i)) out.push_back(i);
  }
  return out;
}

std::vector<ItemIndex> Baselines::random(std::mt19937_64& rng, const std::unordered_set<ItemIndex>& skip) const {
  std::vector<ItemIndex> out;
  const size_t n = box_->dataset->catalog->size();
  std::uniform_int_distribution<ItemIndex> any(0, static_cast<ItemIndex>(n - 1));
  for (size_t tries = 0; out.size() < k_ && tries < 100 * k_; ++tries) {
    const ItemIndex i = any(rng);
    if (!skip.count(i) && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  return out;
}

}  // namespace interec

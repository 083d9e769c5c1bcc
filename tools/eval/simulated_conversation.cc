#include "tools/eval/simulated_conversation.h"

#include <algorithm>

namespace interec {

bool target_in_top_k(ItemIndex target, const std::vector<ItemIndex>& shown, size_t k) {
  const auto end = shown.begin() + static_cast<std::ptrdiff_t>(std::min(k, shown.size()));
  return std::find(shown.begin(), end, target) != end;
}

RulesConversation::RulesConversation(const RulesSimulator& sim, ItemIndex target, std::vector<ItemIndex> history,
                                     std::mt19937_64 rng)
    : sim_(sim), rng_(std::move(rng)) {
  user_ = sim_.start(target, std::move(history), rng_);
}

std::string RulesConversation::next(const AgentAnswer*) {
  std::string text = sim_.next_utterance(user_, rng_);
  stated_.assign(user_.clues.begin(), user_.clues.begin() + static_cast<std::ptrdiff_t>(user_.revealed));
  return text;
}

}  // namespace interec

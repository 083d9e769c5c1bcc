#include "tools/eval/dialogue_metrics.h"

#include <algorithm>
#include <cstdint>

namespace interec {

size_t position_in(const std::vector<ItemIndex>& list, ItemIndex item) {
  const auto it = std::find(list.begin(), list.end(), item);
  return it == list.end() ? SIZE_MAX : static_cast<size_t>(it - list.begin());
}

void DialogueMetrics::add_turn(const std::vector<ItemIndex>& list, const std::vector<ItemIndex>& truth) {
  ++seeker_turns;
  if (list.empty()) ++empty_turns;
  if (truth.empty()) return;
  ++scored_turns;
  for (ItemIndex t : truth) {
    ++samples;
    const size_t at = position_in(list, t);
    for (size_t k = 0; k < kDialogueKs.size(); ++k)
      if (at < kDialogueKs[k]) hits[k] += 1;
  }
}

void DialogueMetrics::merge(const DialogueMetrics& o) {
  dialogues += o.dialogues;
  seeker_turns += o.seeker_turns;
  empty_turns += o.empty_turns;
  scored_turns += o.scored_turns;
  samples += o.samples;
  for (size_t k = 0; k < hits.size(); ++k) hits[k] += o.hits[k];
}

double DialogueMetrics::recall(size_t k) const {
  return samples ? hits[k] / static_cast<double>(samples) : 0.0;
}

double DialogueMetrics::empty_share() const {
  return seeker_turns ? static_cast<double>(empty_turns) / static_cast<double>(seeker_turns) : 0.0;
}

}  // namespace interec

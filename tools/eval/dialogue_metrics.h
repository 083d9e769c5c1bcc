// Metrics of the real-dialogue evaluation (`eval dialogs`): Recall@k of the
// recommender's next movies in a method's list, per (turn, movie) sample as
// ReDial papers count it, and the share of seeker turns answered without
// items.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "storage/catalog.h"

namespace interec {

/// The cut-offs reported: R@1, R@5, R@10, R@50.
inline constexpr std::array<size_t, 4> kDialogueKs = {1, 5, 10, 50};

/// 0-based position of `item` in `list`, or SIZE_MAX.
size_t position_in(const std::vector<ItemIndex>& list, ItemIndex item);

struct DialogueMetrics {
  size_t dialogues = 0;
  size_t seeker_turns = 0;
  size_t empty_turns = 0;   // seeker turns answered with no item
  size_t scored_turns = 0;  // turns with a truth
  size_t samples = 0;       // (scored turn, truth movie) pairs
  std::array<double, kDialogueKs.size()> hits{};

  /// One seeker turn answered with `list` (best first); `truth` may be empty.
  void add_turn(const std::vector<ItemIndex>& list, const std::vector<ItemIndex>& truth);
  void merge(const DialogueMetrics& other);
  /// Recall at kDialogueKs[k]; 0 without samples.
  double recall(size_t k) const;
  /// empty_turns / seeker_turns; 0 without turns.
  double empty_share() const;
};

}  // namespace interec

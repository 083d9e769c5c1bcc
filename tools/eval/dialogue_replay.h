// A real dialogue replayed the way `eval dialogs` sends it to the agent: the
// seeker's turns in order, each with the movies the human recommender named
// in answer (the truth), mapped onto the catalog (storage/mention_map.h).
// Protocol: docs/evaluation.md, "Real dialogues".
#pragma once

#include <string>
#include <vector>

#include "storage/dialogue.h"
#include "storage/mention_map.h"
#include "tools/eval/dialogue_split.h"

namespace interec {

struct ReplayTurn {
  /// The seeker's consecutive messages joined into one ("Hello. I love
  /// Toy Story (1995)"), movies written as "Title (Year)".
  std::string text;
  /// Catalog items the seeker named in this turn, in order.
  std::vector<ItemIndex> named;
  /// Catalog items the recommender named in the turn(s) right after this
  /// one (up to the seeker's next message) that nobody named before in the
  /// dialogue. A turn is scored when this is not empty.
  std::vector<ItemIndex> truth;
  /// Catalog items named by either side before that answer, this turn
  /// included, oldest first.
  std::vector<ItemIndex> mentioned;
};

struct DialogueReplay {
  std::string id;
  DialoguePart part = DialoguePart::dev;
  std::vector<ReplayTurn> turns;
  /// How this dialogue's movies mapped onto the catalog.
  MentionStats mentions;
};

/// The replay of `dialogue`. Recommender messages before the seeker's first
/// turn only add to what was mentioned.
DialogueReplay replay_dialogue(const Dialogue& dialogue, const MentionMap& map);

}  // namespace interec

// A rule-based user simulator for the session-wise protocol of InteRecAgent
// (docs/evaluation.md): a user who wants one target item, knows its catalog
// attributes and their own history, never says the target's title, gives one
// or two clues per turn, rejects wrong lists and accepts when the target is
// shown. Everything it says comes from the catalog's columns, so it works on
// any dataset in the generic format.
#pragma once

#include <cstddef>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "tools/eval/clue_columns.h"

namespace interec {

struct Toolbox;

/// One conversation with one target.
struct SimulatedUser {
  ItemIndex target = -1;
  std::vector<ItemIndex> history;  // oldest first; never contains the target
  std::vector<Clue> clues;         // in the order they will be given
  size_t revealed = 0;             // clues given so far: clues[0, revealed)
  size_t turn = 0;                 // utterances made so far
};

/// The names a title goes by, normalised (normalize_title): "Lost World:
/// Jurassic Park, The (1997)" -> "the lost world jurassic park", "lost world
/// jurassic park"; "Seven (Se7en) (1995)" -> "seven", "se7en". A user may say
/// any of them, and the agent finds the item by each.
std::vector<std::string> title_forms(const std::string& title);

class RulesSimulator {
 public:
  /// Uses the catalog and the item-kNN model of `box` (to pick the history
  /// item most like the target).
  explicit RulesSimulator(std::shared_ptr<const Toolbox> box);

  /// A user wanting `target` with `history` (which must not contain it).
  /// The clue order depends only on `rng`.
  SimulatedUser start(ItemIndex target, std::vector<ItemIndex> history, std::mt19937_64& rng) const;

  /// The user's next message: the opening request on the first call, then
  /// "not those" plus one or two new clues (or, with none left, a request for
  /// other items). Never contains the target's title.
  std::string next_utterance(SimulatedUser& user, std::mt19937_64& rng) const;

  /// True when the target is among the first `k` of `shown`.
  static bool accepts(const SimulatedUser& user, const std::vector<ItemIndex>& shown, size_t k);

  /// Whether `item` satisfies `clue` (the naive agent's filter): it has the
  /// value (lacks it, negated), its number lies in the range, or it is among
  /// the item-kNN neighbours of a similar clue's item.
  bool matches(const Clue& clue, ItemIndex item) const;

  /// A one-message request naming up to `n` of the target's attributes (the
  /// paper's one-turn retrieval task); never contains the title.
  std::string describe(const SimulatedUser& user, size_t n) const;

  /// True when `text` says the target's title: its normalised title or one
  /// of its title_forms() appears in the normalised text at word boundaries. A one-word title that is a
  /// common word or a catalog value ("Heat", "Drama") cannot be avoided and
  /// counts as a leak only when it is not part of a clue value or another
  /// item's title; callers that need that distinction use
  /// `leak_exempt(target)`.
  bool says_title(ItemIndex target, const std::string& text) const;
  /// True for a target whose normalised title is a single word (see above).
  bool leak_exempt(ItemIndex target) const;
  /// The leak test for free text that may also name other things: says_title,
  /// or any title_forms() of the target (the title without its article, an
  /// alternate title) at word boundaries; for a leak-exempt target a one-word
  /// form counts only outside the `known` phrases (clue values, titles the
  /// user names for other reasons), which are struck out first.
  bool names_target(ItemIndex target, const std::string& text, const std::vector<std::string>& known) const;

  /// The item of the last 50 of `history` whose item-kNN neighbours hold
  /// `target` with the highest similarity (what people who had one also
  /// had), or -1; never an item with the target's title.
  ItemIndex most_like_target(ItemIndex target, const std::vector<ItemIndex>& history) const;

  /// The columns clues are drawn from.
  const ClueColumns& columns() const { return columns_; }

 private:
  std::shared_ptr<const Toolbox> box_;
  ClueColumns columns_;
};

}  // namespace interec

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
#include <unordered_map>
#include <vector>

#include "storage/catalog.h"

namespace interec {

struct Toolbox;

/// One fact about the target the simulated user can state. Every clue is
/// true of the target (ranges contain its value).
struct Clue {
  enum Kind { value, range, similar };
  Kind kind = value;
  size_t column = 0;     // index in Catalog::columns() (value, range)
  std::string text;      // the value (value); unused otherwise
  double lo = 0, hi = 0;  // inclusive bounds (range)
  ItemIndex item = -1;   // a history item like the target (similar)
  /// How the user says it, e.g. "genres Comedy", "year from 1990 to 1999",
  /// "something like Heat (1995)".
  std::string phrase;
};

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

  /// Whether `item` satisfies `clue` (the naive agent's filter).
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

 private:
  std::shared_ptr<const Toolbox> box_;
  std::vector<size_t> categorical_;  // text columns usable as clues
  std::vector<size_t> numeric_;      // numeric columns usable as clues
  std::vector<bool> year_like_;      // per catalog column
  std::vector<std::vector<double>> sorted_;  // per catalog column: present values, ascending
  std::vector<std::unordered_map<std::string, size_t>> value_counts_;  // per catalog column
};

}  // namespace interec

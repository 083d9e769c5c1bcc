// The state of one conversation, kept by the session between turns and
// through the memory actor across eviction: the current request (the
// frame: its conditions, where each came from, its seed items), what the
// user said of items and values in this session, the lists shown (so that
// "the second one" means something), the item in focus ("it") and the
// question the agent asked, if any.
//
// Contract: plain data, no catalog pointers -- items are external item
// ids, columns catalog column names -- so that a state survives the
// session actor, a restart of the process and a re-prepared dataset, and
// travels as JSON (to_json / state_from_json) or through CAF (inspect).
// Bounded: at most kMaxLists lists, kMaxSeeds seeds, kMaxItemsNoted items
// per kind; an idle state stays well under 5 KB (tests check it).
// Updated only by the dialogue manager (manager.h) and record_shown().
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace interec::dialogue {

inline constexpr size_t kMaxLists = 5;
inline constexpr size_t kMaxSeeds = 5;
inline constexpr size_t kMaxItemsNoted = 50;
inline constexpr size_t kMaxConstraints = 24;
/// Ranges kept apart on one numeric column ("the 90s", "nothing before 1995").
inline constexpr size_t kMaxRangesPerColumn = 3;

/// One condition of the current request and where it came from.
struct Constraint {
  enum class Kind : uint8_t {
    wanted,          // the item has the values (all of them, or any with any_or)
    excluded,        // the item has none of the values
    range,           // a numeric column lies in [lo, hi] (NaN = open)
    excluded_range,  // a numeric column does not lie in [lo, hi]
  };
  Kind kind = Kind::wanted;
  std::string column;               // the catalog column's name
  std::vector<std::string> values;  // wanted / excluded values, as the catalog spells them
  bool any_or = false;
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  bool lo_strict = false, hi_strict = false;
  int turn = 0;         // the turn that stated it (the first turn is 1)
  bool stated = true;   // false: inferred ("older" from the list shown, an answer)
};

/// The current request: what every list of this topic must meet.
struct Frame {
  std::vector<Constraint> constraints;
  std::vector<std::string> seeds;  // item ids, oldest first
  bool popularity = false;         // rank by popularity ("popular", "more popular")
  size_t count = 0;                // items per list the user asked for; 0 = the default
  int since = 0;                   // the turn this topic began
  bool empty() const { return constraints.empty() && seeds.empty() && !popularity; }
};

/// A list the agent showed.
struct ShownList {
  int turn = 0;
  std::vector<std::string> items;              // item ids, in the order shown
  std::vector<std::vector<std::string>> why;   // per item: the reasons shown with it
};

/// A question the agent asked and waits an answer to.
struct OpenQuestion {
  std::string column;               // the catalog column it asks about
  std::vector<std::string> values;  // the values it offered
  int turn = 0;
};

struct DialogueState {
  int turn = 0;  // turns answered so far
  Frame frame;
  // What the user said in this session, item ids and "column=value".
  std::vector<std::string> liked, disliked, seen, rejected;
  std::vector<std::string> liked_values, disliked_values;
  std::vector<ShownList> lists;  // oldest first, at most kMaxLists
  std::string focus;             // the item "it" means; "" = none
  std::optional<OpenQuestion> question;

  bool empty() const { return turn == 0; }
  /// The list `back` lists before the latest (0 = the latest; -1 = the
  /// oldest kept), or nullptr.
  const ShownList* list(int back) const;
};

/// Adds `id` to `list` once, keeping at most kMaxItemsNoted (oldest go).
void note(std::vector<std::string>& list, const std::string& id);

/// Records the list a turn showed (ids in order, with their reasons) as the
/// latest; keeps the last kMaxLists; a single item shown becomes the focus.
/// The reasons of lists older than the last two are dropped (size bound).
void record_shown(DialogueState& state, std::vector<std::string> items,
                  std::vector<std::vector<std::string>> why);

nlohmann::json to_json(const DialogueState& state);
/// Throws std::runtime_error naming the field on a malformed document.
DialogueState state_from_json(const nlohmann::json& j);

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Constraint& x) {
  return f(x.kind, x.column, x.values, x.any_or, x.lo, x.hi, x.lo_strict, x.hi_strict, x.turn,
           x.stated);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Frame& x) {
  return f(x.constraints, x.seeds, x.popularity, x.count, x.since);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ShownList& x) {
  return f(x.turn, x.items, x.why);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, OpenQuestion& x) {
  return f(x.column, x.values, x.turn);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, DialogueState& x) {
  return f(x.turn, x.frame, x.liked, x.disliked, x.seen, x.rejected, x.liked_values,
           x.disliked_values, x.lists, x.focus, x.question);
}

}  // namespace interec::dialogue

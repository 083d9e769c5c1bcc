// The brain turns a user's message into a plan. The session does not know
// which brain it talks to: `rules` (embedded, offline) or an LLM.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brain/dialogue/dialogue_state.h"
#include "storage/profile.h"
#include "tools/plan.h"
#include "tools/trace.h"
#include "tools/user_context.h"

namespace interec {

struct BrainRequest {
  std::string text;                   // this turn's message
  /// The list length the client asked for (TurnRequest::items), 0 = none:
  /// used when the text states no count (a count in the text wins).
  size_t items = 0;
  std::vector<std::string> dialogue;  // earlier turns, "user: ..." / "agent: ..."
  UserContext user;
  /// Conditions the reflector asked to drop, by id (Condition::id).
  std::vector<std::string> relax;
  /// Free-text advice from a critic (LLM reflection); may be empty.
  std::string advice;
  /// The conversation's state (brain/dialogue/dialogue_state.h) when the
  /// session keeps one. Without it the rules brain reads `dialogue` alone.
  std::optional<dialogue::DialogueState> state;
};

struct BrainPlan {
  Plan plan;
  /// How many items the user asked for (the map step's n).
  size_t wanted = kDefaultListLength;
  /// Rules reflection accepts a list of at least this many items without
  /// relaxing (0 = `wanted`). The dialogue manager sets 1 unless the user
  /// asked for a number of items: fewer items that meet everything asked
  /// beat a full list that drops a condition ("cheaper ones" after "horror
  /// games": the cheaper horror games there are).
  size_t enough = 0;
  /// What the brain understood, for the reply: e.g. "comedies from 1995 to 1999".
  std::string understood;
  /// What the message says about the user's lasting tastes ("I hate horror",
  /// "I loved Fargo", "I've already seen Heat"): item ids and "column=value".
  /// Empty for a plain request ("no horror this time" is a condition, not a taste).
  ProfileUpdate learned;
  /// Attribute values ("column=value") the request asks for by name; a
  /// disliked value named here is not filtered out this turn.
  std::vector<std::string> mentioned_values;
  /// Why this plan came from the rules brain instead of the configured one
  /// (the language model timed out, failed, answered garbage); empty when
  /// it did not. The reply and the trace say so.
  std::string fallback;
  /// The conversation's state after this message, set by a brain that read
  /// request.state; the session keeps it and adds the list it shows
  /// (dialogue::record_shown).
  std::optional<dialogue::DialogueState> state;
  /// Said before the result ("Noted: you have seen Heat (1995)."); may be empty.
  std::string note;
  /// What the brain made of the message in the conversation, for the trace
  /// and the tests: its dialogue acts ("request", "feedback", ...) and the
  /// items it referred to with what it said of them ("ID:seen", "ID:liked",
  /// "ID:more_like", "ID:none").
  std::vector<std::string> acts;
  std::vector<std::string> referents;
  /// Labels of the conditions the user stated in this very turn: when
  /// reflection relaxes one, the reply says so and labels the items shown
  /// as the nearest ones.
  std::vector<std::string> stated_now;
};

class Brain {
 public:
  virtual ~Brain() = default;
  virtual const char* name() const = 0;
  /// Never throws for any text: a message it cannot use gives a plan with an
  /// answer that says so.
  virtual BrainPlan plan(const BrainRequest& request) = 0;
};

/// The reflector's verdict on an executed plan.
struct Reflection {
  bool accept = true;
  /// Ids of conditions to drop in the next plan (rules reflection).
  std::vector<std::string> relax;
  /// Advice for the planner (LLM reflection); may be empty.
  std::string advice;
};

/// Rules reflection: accepts when the plan produced at least `wanted` items
/// (`enough` when set) or answered a question; otherwise asks to relax the
/// least important hard_filter condition still in the plan (lowest "priority"; among equals
/// the one that removed the most candidates). Rejects with nothing to relax
/// only when no relaxable condition is left (then accept = true).
Reflection reflect_by_rules(const BrainPlan& plan, const std::vector<StepTrace>& trace,
                            size_t picked);

}  // namespace interec

// Why a replayed dialogue turn got the list it got, read from the plan the
// brain made: the failure classes of `eval dialogs --explain` and of its
// class table (docs/evaluation.md, "Failure classes"). A diagnosis reads
// only the plan and the turn, so it works for any brain.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "tools/eval/dialogue_replay.h"

namespace interec {

struct Toolbox;

/// In order of precedence: a turn's primary class is the first that applies.
enum class TurnClass {
  answer_only,        // a reply without tools: help text, a note ("Noted: you have seen ...")
  lookup,             // a question about an item, answered by a lookup
  empty_result,       // tools ran, no item came out (every relaxation failed too)
  title_year_filter,  // a hard filter on the year of a title the seeker wrote
  wrong_title,        // a seed the seeker never named (ordinary words read as a title)
  missed_titles,      // the seeker named catalog movies this turn; none became a seed
  forgot_earlier,     // no seed although the seeker named movies in earlier turns
  filtered,           // hard-filter conditions
  seeded,             // the seeker's movies as seeds, nothing else: the intended plan
  generic,            // a generic list: no seed, no condition
};
inline constexpr size_t kTurnClasses = 10;

/// "answer_only", ...
const char* to_string(TurnClass c);

struct TurnDiagnosis {
  /// Every class that applies, in precedence order; never empty.
  std::vector<TurnClass> classes;
  /// The items the plan names (similar_to, candidate_store, prefer), resolved.
  std::vector<ItemIndex> seeds;
  /// Labels of the plan's hard-filter conditions (the SQL when unlabelled).
  std::vector<std::string> conditions;

  TurnClass primary() const { return classes.front(); }
};

/// `plan_json`: the plan as TurnReply::plan carries it; `shown`: how many
/// items the reply listed; `named_before`: catalog items the seeker named in
/// earlier turns of the dialogue.
TurnDiagnosis diagnose_turn(const ReplayTurn& turn, const std::vector<ItemIndex>& named_before,
                            const std::string& plan_json, size_t shown, const Toolbox& box);

}  // namespace interec

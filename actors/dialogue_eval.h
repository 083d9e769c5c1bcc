// `interec eval dialogs`: real recommendation dialogues (ReDial, INSPIRED)
// replayed turn by turn through the production agent (same actors, memory,
// brain and tools; a fresh profile per dialogue), the seeker's turns sent as
// a person would type them, and the movies the human recommender named next
// as the truth. Beside the agent: popularity and item-kNN baselines on the
// same turns. Protocol: docs/evaluation.md, "Real dialogues".
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/agent_run.h"
#include "storage/dialogue.h"
#include "storage/mention_map.h"
#include "tools/eval/dialogue_metrics.h"
#include "tools/eval/dialogue_split.h"
#include "tools/eval/turn_classes.h"

namespace interec {

struct Toolbox;

struct DialogueEvalOptions {
  /// Items the agent is asked for per turn (TurnRequest::items): enough for
  /// R@50, without changing the text.
  uint32_t items = 50;
  /// The agent, and how many dialogues it replays at once.
  AgentRunOptions run;
  /// When set, every turn is written here: text, plan, classes, truth and
  /// where it ranked, the first items shown.
  std::ostream* explain = nullptr;
  /// Folder for the run's throw-away profile store ("" = a fresh folder
  /// under the system's temporary directory, removed afterwards).
  std::string state_dir;
};

/// The figures of one method on the dev part, the validation part and both.
struct PartMetrics {
  DialogueMetrics dev, validation;
  DialogueMetrics all() const;
  DialogueMetrics& of(DialoguePart part) { return part == DialoguePart::dev ? dev : validation; }
};

/// The agent's figures by the primary class of the turn (turn_classes.h).
struct ClassRow {
  size_t turns = 0;  // every seeker turn of the class
  DialogueMetrics agent;
};

struct DialogueEvalReport {
  std::string dataset;
  MentionStats mentions;
  /// Methods by name: "agent", "popularity", "item_knn" (and
  /// "item_knn+dialog" when the dataset has a dialog model).
  std::map<std::string, PartMetrics> methods;
  std::array<ClassRow, kTurnClasses> classes{};
  /// Wall-clock seconds of the agent's run over the dialogues, per dialogue.
  double seconds_per_dialogue = 0;
  double turn_ms_p50 = 0;
  /// The dataset's dialog model: dialogues it learned from (0 = none) and
  /// its weight.
  size_t dialog_dialogues = 0;
  double dialog_weight = 0;
};

/// Replays `dialogues` (already selected by split) through an agent over
/// `box`. `progress` may be null. Throws std::invalid_argument when the
/// dataset's dialog model was trained on any of the dialogues (leakage: the
/// model file records the conversations it read), before anything runs.
DialogueEvalReport run_dialogue_eval(std::shared_ptr<const Toolbox> box, const std::vector<Dialogue>& dialogues,
                                     const DialogueEvalOptions& options, std::ostream* progress);

/// The report as text tables: methods by split, then the class table.
std::string dialogue_report_table(const DialogueEvalReport& report);
/// The report as one JSON object (docs/evaluation.md gives its shape).
std::string dialogue_report_json(const DialogueEvalReport& report);

/// argv[1] == "eval", argv[2] == "dialogs". Returns the exit code; throws
/// UsageError on bad arguments.
int eval_dialogs_command(int argc, char** argv);

}  // namespace interec

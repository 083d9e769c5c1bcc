// `interec eval simulate`: the session-wise evaluation of InteRecAgent run
// through the real agent (same actors, memory and tools as production; the
// rules or the openai brain), with one or more user simulators (the rules
// user of tools/eval/simulator.h, an LLM playing the user of
// actors/llm_simulator.h), and in-process baselines (tools/eval/baselines.h)
// on the same users, targets and clues. See docs/evaluation.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "actors/agent_run.h"
#include "config/llm_config.h"
#include "storage/catalog.h"
#include "tools/eval/conversation_metrics.h"
#include "tools/eval/phrasebook.h"
#include "tools/eval/simulate_report.h"

namespace interec {

struct Toolbox;

struct SimulateOptions {
  size_t sessions = 500;
  size_t max_turns = 5;
  size_t k = 5;
  uint64_t seed = 42;
  /// Test users need at least this many items before their target.
  size_t min_history = 5;
  /// The agent, and how many sessions it plays at once.
  AgentRunOptions run;
  /// Also run the baselines and the one-turn tasks.
  bool baselines = true;
  /// Negatives beside the target in the ranking task.
  size_t negatives = 19;
  /// Attributes named in the retrieval task's request.
  size_t retrieval_clues = 3;
  /// When set, every agent turn (message, plan, items) is written here.
  std::ostream* transcripts = nullptr;
  /// Who plays the user, one run each, in this order: "rules"
  /// (RulesSimulator), "paraphrase" (ParaphraseSimulator with the phrase
  /// file `phrasebook`; "" = user_phrasings.tsv of the agent's resources) or "openai" (LlmSimulator with `simulator_llm`,
  /// stating the rules user's facts). Each run gets a fresh agent, so
  /// nothing one run's users said reaches the next.
  std::vector<std::string> simulators = {"rules"};
  LlmConfig simulator_llm;
  std::string phrasebook;
};

/// One test user: the held-out last item and what came before it.
struct EvalCase {
  std::string user;                // the dataset's user id
  ItemIndex target = -1;
  std::vector<ItemIndex> history;  // oldest first, without the target
};

/// The prepared dataset with every test user's last item held out (by
/// hold_out() of tools/eval/split.h, the split of the offline evaluation): the
/// interactions, popularity and item-kNN (and mf / sasrec when the folder
/// has them) are rebuilt without those items, so neither the agent's memory
/// (which seeds a dataset user's history from the interactions) nor a model
/// has seen a target. The catalog, titles and text model are shared.
struct HeldOut {
  std::shared_ptr<const Toolbox> box;
  std::vector<EvalCase> cases;  // every user with more than min_history items
};
HeldOut hold_out_last(const Toolbox& prepared, size_t min_history);

/// Runs the evaluation on `held` (the first options.sessions cases after a
/// seeded shuffle) with every simulator of options.simulators.
/// `progress` may be null. Throws std::invalid_argument for an unknown
/// simulator, or an openai brain or simulator without an endpoint URL.
SimulateReport run_simulation(const HeldOut& held, const SimulateOptions& options,
                              std::ostream* progress);

/// argv[1] == "eval", argv[2] == "simulate". Returns the exit code; throws
/// UsageError on bad arguments.
int eval_simulate_command(int argc, char** argv);

}  // namespace interec

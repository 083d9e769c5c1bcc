// What `interec eval simulate` measured, and its text table: per user
// simulator the agent and the naive agent, then the baselines that read no
// text and the one-turn tasks. docs/evaluation.md explains every row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/eval/conversation_metrics.h"
#include "tools/eval/wording_stats.h"

namespace interec {

/// The sessions played with one user simulator.
struct SimulatorRun {
  std::string simulator;  // "rules", "paraphrase" or "openai"
  ConversationMetrics agent, naive;
  /// openai: the agent's turns, the model's answers stopped for saying the
  /// target's title, and the turns whose message was the rules simulator's
  /// instead (a leak said twice, or a failed call).
  size_t simulator_turns = 0, leaks_caught = 0, simulator_fallbacks = 0;
  /// paraphrase: how the agent followed each wording (empty otherwise).
  WordingStats wordings;
};

struct SimulateReport {
  std::string dataset;
  std::string model;  // the preference model `rank` uses
  std::string brain;  // the agent's brain
  size_t k = 5, max_turns = 5, negatives = 19, retrieval_clues = 3;
  uint64_t seed = 0;
  bool baselines = true;
  /// One per simulator, in the order asked.
  std::vector<SimulatorRun> runs;
  /// Baselines whose answers ignore what the user says (so the same for
  /// every simulator); run with the rules user.
  ConversationMetrics random, popularity, one_shot;
  /// One-turn retrieval: Recall@k of the agent / the naive filter for a
  /// request naming the target's attributes, from a user without history.
  double retrieval_agent = 0, retrieval_naive = 0;
  /// One-turn ranking: NDCG of the target among it and `negatives` items
  /// the user never had, ordered by rank's preference / popularity / at random.
  double ndcg_model = 0, ndcg_popularity = 0, ndcg_random = 0;
  size_t one_turn_cases = 0;

  /// The run of `simulator`; throws std::out_of_range when it was not run.
  const SimulatorRun& run(const std::string& simulator) const;
};

/// The report as a text table: the agent and the naive agent for each
/// simulator side by side, the baselines, the one-turn tasks, the openai
/// simulator's leak and fallback counts, and for the paraphrasing user the
/// kinds of piece and the `wording_rows` wordings the agent honoured least
/// (0: neither).
std::string report_table(const SimulateReport& report, size_t wording_rows = 25);

}  // namespace interec

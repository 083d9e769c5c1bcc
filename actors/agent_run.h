// How the offline evaluations (`eval simulate`, `eval dialogs`) drive the
// production agent: its configuration, how many cases run at once, and the
// threads that play them, each with its own scoped actor. One place, so that
// both evaluations read the same flags and run cases the same way.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

#include <caf/fwd.hpp>

#include "config/agent_config.h"

namespace interec {

class CliArgs;

struct AgentRunOptions {
  /// Cases (simulated sessions, replayed dialogues) in flight at once
  /// (0 = one per core).
  size_t concurrency = 0;
  /// Planner and tool workers of the agent (0 = one per core); replaces
  /// agent.workers.
  size_t workers = 0;
  /// The agent as chat and serve configure it (brain, LLM endpoint,
  /// reflection rounds).
  AgentConfig agent;

  /// `agent` with `workers` applied: what the evaluation spawns.
  AgentConfig agent_config() const;
};

/// Reads --concurrency and --workers (0-1024) and the brain's flags
/// (config/llm_cli.h) into `o`. Throws UsageError for a bad value.
void apply_agent_run_cli(const CliArgs& args, AgentRunOptions& o);

/// Calls play(self, i) once for every i in [0, n), `concurrency` at a time
/// (0 = one per core), each thread with its own scoped actor of `sys`; returns
/// when all are done. After every 100th case and the last, writes
/// "<label>: <done>/<n> <unit>" to `progress` (may be null). `play` must not
/// throw.
void for_each_case(caf::actor_system& sys, size_t n, size_t concurrency,
                   const std::function<void(caf::scoped_actor&, size_t)>& play, std::ostream* progress,
                   const std::string& label, const std::string& unit);

}  // namespace interec

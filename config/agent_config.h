// How the agent behaves; every field documents its meaning and default.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace interec {

struct AgentConfig {
  /// Brain that plans the tool steps: "rules" (embedded, offline).
  std::string brain = "rules";
  /// Rounds of reflection after the first execution (re-plans); 0 = none.
  size_t reflection_rounds = 2;
  /// Earlier turns of a session the brain sees (user + agent lines).
  size_t dialogue_turns = 20;
  /// Items remembered as "already shown" per session, so "more" gives new ones.
  size_t shown_memory = 200;
  /// Instances of each tool actor and of the planner; 0 = one per core.
  size_t workers = 0;
  /// Bound on one tool step; a slower step fails the turn with a clear error.
  std::chrono::milliseconds step_timeout{5000};
  /// Bound on a whole turn, from request to reply.
  std::chrono::milliseconds turn_timeout{30000};
};

}  // namespace interec

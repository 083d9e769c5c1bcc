// A plan: the tool steps the brain asks for, run in order over one bus.
// JSON form (ARCHITECTURE.md):
//   [{"tool": "hard_filter", "input": "SELECT item_id FROM items WHERE ..."},
//    {"tool": "map", "input": {"n": 5}}]
// or {"answer": "..."} for a reply without tools.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace interec {

/// The names of the tools a plan may use.
inline constexpr const char* kToolNames[] = {"lookup", "candidate_store", "hard_filter",
                                             "soft_filter", "rank", "map"};

struct Step {
  std::string tool;
  /// The step's input as JSON text (a string or an object).
  std::string input;
};

struct Plan {
  std::vector<Step> steps;
  /// A direct answer without tools (plan has no steps then).
  std::optional<std::string> answer;
};

struct PlanError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses a plan from its JSON form. Throws PlanError saying what is wrong.
Plan plan_from_json(const nlohmann::json& j);
nlohmann::json plan_to_json(const Plan& plan);

/// Where CAF messages must carry a step, they carry the JSON text.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Step& x) {
  return f(x.tool, x.input);
}

}  // namespace interec

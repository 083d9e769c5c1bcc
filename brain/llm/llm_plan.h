// Reading a plan out of what a language model wrote. Models wrap JSON in
// ```json fences, put text around it, use {"plan": [...]} or {"steps": ...},
// call a tool "hardFilter" or "ranking", or name the input "args". All of
// that is repaired here; what cannot be repaired is an error worded for the
// model (it goes back to the model, never to the user).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tools/plan.h"

namespace interec {

struct LlmPlanParse {
  /// Set when a usable plan (steps, or a direct answer) was found.
  std::optional<Plan> plan;
  /// Why not, addressed to the model ("no JSON found; answer with ...").
  std::string error;
  /// What was repaired, e.g. "tool \"ranking\" read as \"rank\"".
  std::vector<std::string> repairs;
};

/// Never throws.
LlmPlanParse parse_llm_plan(std::string_view answer);

/// The first JSON value in `text`: inside a ``` fence, the whole text, or
/// the first balanced [...] / {...} that parses. Null when there is none.
nlohmann::json extract_json(std::string_view text);

/// The real tool a near-miss name means ("HardFilter", "filter",
/// "ranking_tool", "map_items", "candidate_storage"), or nullopt.
std::optional<std::string> map_tool_name(std::string_view name);

}  // namespace interec

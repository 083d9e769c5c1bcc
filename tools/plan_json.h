// The JSON form of plans and steps (docs/architecture.md, "Tools and their
// inputs"): the only place that reads or writes it. A language model's
// answer, the --json and protocol output, the golden files and the
// demonstrations go through here; inside a turn steps stay typed.
//
// Reading accepts what a model would naturally write (a string where an
// object is expected, one name for a list) and refuses the rest with a
// PlanError that starts with the tool's name ("rank: unknown input field
// \"foo\" ..."). Writing gives one canonical form, which reads back to the
// same step.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/plan.h"

namespace interec {

/// Parses a plan: an array of {"tool", "input"} steps, {"plan": [...]} or
/// {"answer": "..."}. Throws PlanError saying what is wrong.
Plan plan_from_json(const nlohmann::json& j);
nlohmann::json plan_to_json(const Plan& plan);

/// One step from its tool's name and input. Throws PlanError.
Step step_from_json(const std::string& tool, const nlohmann::json& input);
/// The step's input in its canonical form.
nlohmann::json step_input_json(const Step& step);

/// The tool called `name`, if any.
std::optional<ToolKind> tool_kind(const std::string& name);

/// "lookup, candidate_store, ...": every tool's name, for messages and prompts.
std::string tool_names();

}  // namespace interec

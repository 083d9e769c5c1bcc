#include "tools/plan.h"

#include <cstring>

#include <nlohmann/json.hpp>

namespace interec {
namespace {

bool known_tool(const std::string& name) {
  for (const char* t : kToolNames)
    if (name == t) return true;
  return false;
}

std::string tool_list() {
  std::string s;
  for (const char* t : kToolNames) {
    if (!s.empty()) s += ", ";
    s += t;
  }
  return s;
}

std::vector<Step> steps_from_json(const nlohmann::json& arr) {
  std::vector<Step> steps;
  for (size_t k = 0; k < arr.size(); ++k) {
    const auto& s = arr[k];
    const std::string where = "plan step " + std::to_string(k + 1);
    if (!s.is_object())
      throw PlanError(where + " is not an object like {\"tool\": \"map\", \"input\": {...}}");
    auto t = s.find("tool");
    if (t == s.end()) throw PlanError(where + " has no \"tool\"");
    if (!t->is_string()) throw PlanError(where + ": \"tool\" must be a string");
    Step step;
    step.tool = t->get<std::string>();
    if (!known_tool(step.tool))
      throw PlanError(where + ": unknown tool \"" + step.tool + "\" (tools: " + tool_list() + ")");
    auto in = s.find("input");
    step.input = in == s.end() ? std::string("{}") : in->dump();
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace

Plan plan_from_json(const nlohmann::json& j) {
  Plan plan;
  if (j.is_array()) {
    plan.steps = steps_from_json(j);
    return plan;
  }
  if (!j.is_object())
    throw PlanError("a plan must be a JSON array of steps, {\"plan\": [...]} or {\"answer\": \"...\"}");
  auto p = j.find("plan");
  auto a = j.find("answer");
  if (p == j.end() && a == j.end())
    throw PlanError("a plan object needs \"plan\" (an array of steps) or \"answer\" (text)");
  if (p != j.end()) {
    if (!p->is_array()) throw PlanError("\"plan\" must be an array of steps");
    plan.steps = steps_from_json(*p);
  }
  if (a != j.end() && !a->is_null()) {
    if (!a->is_string()) throw PlanError("\"answer\" must be a string");
    if (!plan.steps.empty()) throw PlanError("a plan cannot have both tool steps and an \"answer\"");
    plan.answer = a->get<std::string>();
  }
  return plan;
}

nlohmann::json plan_to_json(const Plan& plan) {
  if (plan.answer && plan.steps.empty()) return nlohmann::json{{"answer", *plan.answer}};
  nlohmann::json arr = nlohmann::json::array();
  for (const Step& s : plan.steps) {
    nlohmann::json input = nlohmann::json::parse(s.input.empty() ? std::string("{}") : s.input,
                                                 nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded()) input = s.input;  // not JSON text: keep it as a string
    arr.push_back({{"tool", s.tool}, {"input", std::move(input)}});
  }
  return arr;
}

}  // namespace interec

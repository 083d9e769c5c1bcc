// Rules reflection (brain.h, docs/architecture.md "Reflection (rules)").
//
// Accept when the plan answered without tools, answered a question (no map
// step), or picked at least `wanted` items. Otherwise ask to relax one
// hard_filter condition: the lowest priority; among equal priorities the
// last one listed. The rules brain lists the conditions of one priority from
// the one that removes the fewest catalog items to the one that removes the
// most, so the last listed is the one that removed the most candidates (the
// trace only counts a whole step, not each condition). A hard_filter step
// whose trace shows it removed nothing is not worth relaxing. A hard_filter
// step that could not check a condition in time is not relaxed either: that
// says nothing about how many items match, and relaxing would answer another
// question as if nothing had matched; the reply carries the failure instead.
// (Another failure — a tool node lost — is relaxed: the next round runs the
// step again.) With nothing left to relax the plan is accepted as it is.
#include <optional>

#include <nlohmann/json.hpp>

#include "brain/brain.h"

namespace interec {

Reflection reflect_by_rules(const BrainPlan& plan, const std::vector<StepTrace>& trace,
                            size_t picked) {
  Reflection out;  // accept
  if (plan.plan.answer || plan.plan.steps.empty()) return out;
  bool has_map = false;
  for (const auto& s : plan.plan.steps) has_map = has_map || s.tool == "map";
  if (!has_map) return out;  // a question answered by lookup
  if (picked >= plan.wanted) return out;

  // The traces of the hard_filter steps, in order.
  std::vector<const StepTrace*> filter_traces;
  for (const auto& t : trace)
    if (t.tool == "hard_filter") filter_traces.push_back(&t);

  std::optional<std::string> best;
  long best_priority = 0;
  size_t filter_no = 0;
  for (const auto& s : plan.plan.steps) {
    if (s.tool != "hard_filter") continue;
    const StepTrace* t = filter_no < filter_traces.size() ? filter_traces[filter_no] : nullptr;
    ++filter_no;
    if (t && is_unchecked_condition_error(t->error)) return out;  // the reply says so
    if (t && t->error.empty() && t->after >= t->before) continue;  // removed nothing
    nlohmann::json input;
    try {
      input = nlohmann::json::parse(s.input);
    } catch (const std::exception&) {
      continue;
    }
    if (!input.is_object()) continue;
    auto it = input.find("conditions");
    if (it == input.end() || !it->is_array()) continue;
    for (const auto& cond : *it) {
      if (!cond.is_object()) continue;
      auto label = cond.find("label");
      if (label == cond.end() || !label->is_string()) continue;
      long priority = 0;
      if (auto p = cond.find("priority"); p != cond.end() && p->is_number())
        priority = p->get<long>();
      if (!best || priority <= best_priority) {  // "<=": the last listed wins ties
        best = label->get<std::string>();
        best_priority = priority;
      }
    }
  }
  if (!best) return out;
  out.accept = false;
  out.relax.push_back(*best);
  return out;
}

}  // namespace interec

// Rules reflection (brain.h, docs/architecture.md "Reflection (rules)").
//
// Accept when the plan answered without tools, answered a question (no map
// step), or picked at least `wanted` items (`enough`, when the brain sets
// it). Otherwise ask to relax one hard_filter condition: the lowest
// priority; among equal priorities the last one listed. The rules brain
// lists the conditions of one priority from the one that removes the
// fewest catalog items to the one that removes the most, so the last listed
// is the one that removed the most candidates (the trace only counts a
// whole step, not each condition). A hard_filter step whose trace shows it
// removed nothing is not worth relaxing. A hard_filter step that could not
// check a condition in time is not relaxed either: that says nothing about
// how many items match, and relaxing would answer another question as if
// nothing had matched; the reply carries the failure instead. (Another
// failure — a tool node lost — is relaxed: the next round runs the step
// again.) With nothing left to relax the plan is accepted as it is.
#include "brain/brain.h"

namespace interec {

Reflection reflect_by_rules(const BrainPlan& plan, const std::vector<StepTrace>& trace,
                            size_t picked) {
  Reflection out;  // accept
  if (plan.plan.answer || plan.plan.steps.empty()) return out;
  bool has_map = false;
  for (const auto& s : plan.plan.steps) has_map = has_map || std::holds_alternative<MapStep>(s);
  if (!has_map) return out;  // a question answered by lookup
  if (picked >= (plan.enough ? plan.enough : plan.wanted)) return out;

  // The executor runs the steps in order: trace[k] is step k's.
  const Condition* best = nullptr;
  for (size_t k = 0; k < plan.plan.steps.size(); ++k) {
    const auto* filter = std::get_if<HardFilterStep>(&plan.plan.steps[k]);
    if (!filter) continue;
    const StepTrace* t = k < trace.size() ? &trace[k] : nullptr;
    if (t && t->error && t->error->code == ErrorCode::condition_unchecked) return out;  // the reply says so
    if (t && !t->error && t->after >= t->before) continue;  // removed nothing
    for (const Condition& c : filter->conditions)
      if (!best || c.priority <= best->priority) best = &c;  // "<=": the last listed wins ties
  }
  if (!best) return out;
  out.accept = false;
  out.relax.push_back(best->id);
  return out;
}

}  // namespace interec

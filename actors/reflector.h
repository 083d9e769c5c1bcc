// The reflector judges an executed plan:
// (reflect_atom, BrainPlan, std::vector<StepTrace>, uint64_t picked,
//  std::string request, std::string answer) -> Reflection.
// With the rules brain it applies reflect_by_rules (brain/brain.h) and
// ignores the request and answer, which an LLM critic (actors/llm_planner.h)
// reads.
#pragma once

#include <caf/fwd.hpp>

namespace interec {

caf::actor spawn_reflector(caf::actor_system& sys);

}  // namespace interec

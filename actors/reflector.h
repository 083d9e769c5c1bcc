// The reflector judges an executed plan:
// (reflect_atom, BrainPlan, std::vector<StepTrace>, uint64_t picked) -> Reflection.
// With the rules brain it applies reflect_by_rules (actors/brain/brain.h).
#pragma once

#include <caf/fwd.hpp>

namespace interec {

caf::actor spawn_reflector(caf::actor_system& sys);

}  // namespace interec

// The planner asks a brain for a plan: (plan_atom, BrainRequest) -> BrainPlan.
// It always answers; a brain that throws gives a plan with an answer saying
// the request could not be planned.
#pragma once

#include <functional>
#include <memory>

#include <caf/fwd.hpp>

namespace interec {

class Brain;

/// Makes one brain per planner instance (brains need not be thread-safe).
using BrainFactory = std::function<std::unique_ptr<Brain>()>;

/// Spawns `instances` planners behind one round-robin handle.
caf::actor spawn_planner(caf::actor_system& sys, BrainFactory make_brain, size_t instances);

}  // namespace interec

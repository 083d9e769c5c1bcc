// A round-robin pool of identical actors behind one handle, so a stateless
// step (planning, a tool) can use every core.
#pragma once

#include <functional>

#include <caf/actor.hpp>
#include <caf/actor_pool.hpp>
#include <caf/actor_system.hpp>

namespace interec {

/// With instances <= 1 the single actor itself is returned (no pool hop).
inline caf::actor spawn_pool(caf::actor_system& sys, size_t instances,
                             const std::function<caf::actor()>& spawn_one) {
  if (instances <= 1) return spawn_one();
  return caf::actor_pool::make(sys.dummy_execution_unit(), instances, spawn_one,
                               caf::actor_pool::round_robin());
}

}  // namespace interec

// A round-robin pool of identical actors behind one handle, so a stateless
// step (planning, a tool) can use every core.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/actor_pool.hpp>
#include <caf/actor_system.hpp>

namespace interec {

/// `spawn_one()` returns the handle of one actor (typed or not); the pool
/// gets the same handle type. CAF's pool is untyped: it forwards every
/// message to a worker, so it speaks exactly the workers' interface.
/// With instances <= 1 the single actor itself is returned (no pool hop).
template <class SpawnOne>
auto spawn_pool(caf::actor_system& sys, size_t instances, SpawnOne spawn_one) -> decltype(spawn_one()) {
  using Handle = decltype(spawn_one());
  if (instances <= 1) return spawn_one();
  auto pool = caf::actor_pool::make(
    sys.dummy_execution_unit(), instances, [&] { return caf::actor_cast<caf::actor>(spawn_one()); },
    caf::actor_pool::round_robin());
  return caf::actor_cast<Handle>(pool);
}

}  // namespace interec

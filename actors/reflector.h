// The reflector judges an executed plan: (reflect_atom, ReflectRequest) ->
// Reflection, always answered (a broken critic accepts). The rules reflector
// applies reflect_by_rules (brain/brain.h) and ignores the request and
// answer, which an LLM critic (actors/llm_planner.h) reads.
#pragma once

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/messages.h"

namespace interec {

using ReflectorActor =
  caf::typed_actor<caf::replies_to<atoms::reflect_atom, ReflectRequest>::with<Reflection>>;

ReflectorActor spawn_reflector(caf::actor_system& sys);

}  // namespace interec

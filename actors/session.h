// One conversation: (turn_atom, TurnRequest) -> TurnReply.
// Turns of one session run strictly in order (later ones wait in a queue);
// each turn: memory recall -> planner -> executor -> reflector (bounded
// re-planning) -> reply. Every turn gets a reply, also when a step fails or
// times out. (reset_atom) forgets the session's dialogue and shown items.
#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>

#include "config/agent_config.h"

namespace interec {

struct Toolbox;

/// The actors a session talks to; shared by all sessions of an agent.
struct SessionDeps {
  caf::actor memory;
  caf::actor planner;
  caf::actor executor;
  caf::actor reflector;
  std::shared_ptr<const Toolbox> box;
  AgentConfig config;
};

/// With a `router` and a non-zero `config.session_idle_timeout`, a session
/// that has been idle that long sends (idle_atom, turns it received) to the
/// router, which evicts it unless a turn is on its way (see session_router.h).
caf::actor spawn_session(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps,
                         caf::actor_addr router = {});

}  // namespace interec

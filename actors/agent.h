// The whole agent of one prepared dataset: tools, planner, executor,
// reflector, memory and the session router, wired together.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system_config.hpp>

#include "config/agent_config.h"

namespace interec {

struct Toolbox;
class ProfileStore;

/// Registers interec's message types; call on every config before building
/// the actor_system.
void add_interec_types(caf::actor_system_config& cfg);

struct Agent {
  /// Send (turn_atom, TurnRequest) here; the reply is a TurnReply.
  caf::actor router;
  caf::actor memory;
  caf::actor planner;
  caf::actor executor;
  caf::actor reflector;
  std::map<std::string, caf::actor> tools;
};

/// Spawns every actor of the agent. `profiles` may be null (nothing is
/// remembered beyond a session and the dataset's history). Throws
/// std::invalid_argument for an unknown brain name in `config`.
Agent spawn_agent(caf::actor_system& sys, std::shared_ptr<const Toolbox> box,
                  const AgentConfig& config, std::shared_ptr<ProfileStore> profiles = nullptr);

/// Asks every actor of the agent to quit.
void stop_agent(caf::actor_system& sys, const Agent& agent);

}  // namespace interec

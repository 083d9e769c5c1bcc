// The whole agent of one prepared dataset: tools, planner, executor,
// reflector, memory and the session router, wired together.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system_config.hpp>

#include "actors/executor.h"
#include "actors/memory.h"
#include "actors/planner.h"
#include "actors/reflector.h"
#include "actors/session_router.h"
#include "actors/tool_actor.h"
#include "config/agent_config.h"

namespace interec {

struct Toolbox;
class ProfileStore;

/// Registers interec's message types; call on every config before building
/// the actor_system.
void add_interec_types(caf::actor_system_config& cfg);

struct Agent {
  /// Send (turn_atom, TurnRequest) here; the reply is a TurnReply.
  RouterActor router;
  MemoryActor memory;
  Planner planner;
  ExecutorActor executor;
  ReflectorActor reflector;
  std::map<std::string, ToolActor> tools;
  /// Further actors of the agent to stop with it (local fallback tools of a
  /// deployment with remote tool nodes).
  std::vector<caf::actor> others;
};

/// Loads CAF's middleman (network layer) into `cfg`: needed for remote tool
/// or memory nodes (AgentConfig::tools_at / memory_at) and to run a node.
/// With `tls_dir` (see AgentConfig::node_tls_dir), also loads CAF's OpenSSL
/// module configured with that folder's node.crt, node.key and ca.crt;
/// throws std::invalid_argument when one of them is missing.
void enable_network(caf::actor_system_config& cfg, const std::string& tls_dir = "");

/// Spawns every actor of the agent. `profiles` may be null (nothing is
/// remembered beyond a session and the dataset's history). Throws
/// std::invalid_argument for an unknown brain name in `config` or an
/// `openai` brain without an endpoint URL, DemoError for an unreadable
/// demonstration pool.
Agent spawn_agent(caf::actor_system& sys, std::shared_ptr<const Toolbox> box,
                  const AgentConfig& config, std::shared_ptr<ProfileStore> profiles = nullptr);

/// Asks every actor of the agent to quit.
void stop_agent(caf::actor_system& sys, const Agent& agent);

}  // namespace interec

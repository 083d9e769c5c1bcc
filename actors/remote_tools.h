// Tool steps sent to remote tool nodes (`interec node --role tools`) over
// CAF's middleman. The executor sees ordinary tool handles (ToolActor): one
// per tool name, like local tools.
//
// Each step goes to the connected node with the fewest steps in flight; a
// step whose node fails or times out is re-sent once to another node, then to
// the local fallback tools (when given), else it fails with a ToolReply error
// (tool_unavailable) naming the nodes and their state. Nodes that go away are
// reconnected with back-off and rejoin when they come back.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/node_address.h"
#include "actors/tool_actor.h"

namespace interec {

struct RemoteToolsOptions {
  std::vector<NodeAddress> nodes;
  /// Bound on one remote step before it is re-sent elsewhere.
  std::chrono::milliseconds step_timeout{2000};
  /// Local tool actors by name, used when no node can take a step; may be empty.
  std::map<std::string, ToolActor> local_fallback;
  /// Connect through CAF's OpenSSL module (enable_network with a TLS folder).
  bool tls = false;
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
};

/// What a tool node publishes: (tool_atom, tool name, ToolCall) -> ToolReply,
/// handed to the node's tool actor of that name.
using ToolHubActor =
  caf::typed_actor<caf::replies_to<atoms::tool_atom, std::string, ToolCall>::with<ToolReply>>;

/// Tool handles by tool_name() (every tool of kAllTools). Needs the middleman
/// (enable_network on the actor system's config).
std::map<std::string, ToolActor> spawn_remote_tools(caf::actor_system& sys, RemoteToolsOptions options);

ToolHubActor spawn_tool_hub(caf::actor_system& sys, std::map<std::string, ToolActor> tools);

}  // namespace interec

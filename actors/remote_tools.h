// Tool steps sent to remote tool nodes (`interec node --role tools`) over
// CAF's middleman. The executor sees ordinary tool handles: one per tool
// name, answering (tool_atom, ToolCall) -> ToolReply like a local tool.
//
// Each step goes to the connected node with the fewest steps in flight; a
// step whose node fails or times out is re-sent once to another node, then to
// the local fallback tools (when given), else it fails with a ToolReply error
// naming the nodes and their state. Nodes that go away are reconnected with
// back-off and rejoin when they come back.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/node_address.h"

namespace interec {

struct RemoteToolsOptions {
  std::vector<NodeAddress> nodes;
  /// Bound on one remote step before it is re-sent elsewhere.
  std::chrono::milliseconds step_timeout{2000};
  /// Local tool actors by name, used when no node can take a step; may be empty.
  std::map<std::string, caf::actor> local_fallback;
  /// Connect through CAF's OpenSSL module (enable_network with a TLS folder).
  bool tls = false;
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
};

/// Tool handles by name (every name of kToolNames). Needs the middleman
/// (enable_network on the actor system's config).
std::map<std::string, caf::actor> spawn_remote_tools(caf::actor_system& sys,
                                                     RemoteToolsOptions options);

/// What a tool node publishes: (tool_atom, std::string name, ToolCall) ->
/// ToolReply, handed to the local tool actor of that name.
caf::actor spawn_tool_hub(caf::actor_system& sys, std::map<std::string, caf::actor> tools);

}  // namespace interec

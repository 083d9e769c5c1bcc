// A tool as an actor: answers (tool_atom, ToolCall) with a ToolReply. Any
// failure of the tool, including an exception, becomes ToolReply::error; the
// actor stays alive.
#pragma once

#include <memory>
#include <string>

#include <caf/fwd.hpp>

namespace interec {

struct Toolbox;

/// Spawns the tool `name` (one of kToolNames). Throws std::invalid_argument
/// for an unknown name.
caf::actor spawn_tool(caf::actor_system& sys, const std::string& name,
                      std::shared_ptr<const Toolbox> box);

}  // namespace interec

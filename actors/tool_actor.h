// A tool as an actor: answers (tool_atom, ToolCall) with a ToolReply. Any
// failure of the tool, including an exception, becomes ToolReply::error
// (ErrorCode::tool_failed, the tool's message); the actor stays alive.
#pragma once

#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/messages.h"

namespace interec {

struct Toolbox;

/// The handle of one tool (or of a pool of identical tool actors).
using ToolActor = caf::typed_actor<caf::replies_to<atoms::tool_atom, ToolCall>::with<ToolReply>>;

/// Spawns the tool `kind`.
ToolActor spawn_tool(caf::actor_system& sys, ToolKind kind, std::shared_ptr<const Toolbox> box);

}  // namespace interec

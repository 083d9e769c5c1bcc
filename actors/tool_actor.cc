#include "actors/tool_actor.h"

#include <stdexcept>

#include "tools/tool.h"

namespace interec {
namespace {

struct ToolState {
  std::unique_ptr<Tool> tool;
};

ToolActor::behavior_type tool_actor(ToolActor::stateful_pointer<ToolState> self, ToolKind kind,
                                    std::shared_ptr<const Toolbox> box) {
  self->state.tool = make_tool(kind, box);
  return {
    [=](atoms::tool_atom, ToolCall& call) -> ToolReply {
      ToolReply reply;
      const std::string tool = self->state.tool->name();
      try {
        ToolOutput out = self->state.tool->run(call.bus, call.step, call.user);
        reply.bus = std::move(out.bus);
        reply.text = std::move(out.text);
        reply.picked = std::move(out.picked);
      } catch (const ToolError& e) {
        reply.bus = std::move(call.bus);
        reply.error = Error{e.code, e.what()};  // names the tool already
      } catch (const std::exception& e) {
        reply.bus = std::move(call.bus);
        reply.error = Error{ErrorCode::tool_failed, tool + ": " + e.what()};
      }
      return reply;
    },
  };
}

}  // namespace

ToolActor spawn_tool(caf::actor_system& sys, ToolKind kind, std::shared_ptr<const Toolbox> box) {
  if (!box) throw std::invalid_argument(std::string("no toolbox for the tool ") + tool_name(kind));
  return sys.spawn(tool_actor, kind, std::move(box));
}

}  // namespace interec

#include "actors/tool_actor.h"

#include <stdexcept>

#include "tools/tool.h"

namespace interec {
namespace {

struct ToolState {
  std::unique_ptr<Tool> tool;
};

ToolActor::behavior_type tool_actor(ToolActor::stateful_pointer<ToolState> self, std::string name,
                                    std::shared_ptr<const Toolbox> box) {
  self->state.tool = make_tool(name, box);
  return {
    [=](atoms::tool_atom, ToolCall& call) -> ToolReply {
      ToolReply reply;
      const std::string tool = self->state.tool->name();
      try {
        auto input = nlohmann::json::parse(call.input.empty() ? std::string("{}") : call.input);
        ToolOutput out = self->state.tool->run(call.bus, input, call.user);
        reply.bus = std::move(out.bus);
        reply.text = std::move(out.text);
        reply.picked = std::move(out.picked);
      } catch (const nlohmann::json::exception&) {
        reply.bus = std::move(call.bus);
        reply.error = Error{ErrorCode::tool_failed, tool + ": input is not valid JSON"};
      } catch (const ToolError& e) {
        reply.bus = std::move(call.bus);
        reply.error = Error{ErrorCode::tool_failed, e.what()};  // names the tool already
      } catch (const std::exception& e) {
        reply.bus = std::move(call.bus);
        reply.error = Error{ErrorCode::tool_failed, tool + ": " + e.what()};
      }
      return reply;
    },
  };
}

}  // namespace

ToolActor spawn_tool(caf::actor_system& sys, const std::string& name, std::shared_ptr<const Toolbox> box) {
  if (!make_tool(name, box)) throw std::invalid_argument("unknown tool: " + name);
  return sys.spawn(tool_actor, name, std::move(box));
}

}  // namespace interec

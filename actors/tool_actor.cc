#include "actors/tool_actor.h"

#include <stdexcept>

#include "actors/messages.h"
#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

struct ToolState {
  std::unique_ptr<Tool> tool;
};

caf::behavior tool_actor(caf::stateful_actor<ToolState>* self, std::string name,
                         std::shared_ptr<const Toolbox> box) {
  self->state.tool = make_tool(name, box);
  return {
    [=](atoms::tool_atom, ToolCall& call) -> ToolReply {
      ToolReply reply;
      try {
        auto input = nlohmann::json::parse(call.input.empty() ? std::string("{}") : call.input);
        ToolOutput out = self->state.tool->run(call.bus, input, call.user);
        reply.bus = std::move(out.bus);
        reply.text = std::move(out.text);
        reply.picked = std::move(out.picked);
      } catch (const nlohmann::json::exception& e) {
        reply.bus = std::move(call.bus);
        reply.error = std::string(self->state.tool->name()) + ": input is not valid JSON";
      } catch (const std::exception& e) {
        reply.bus = std::move(call.bus);
        reply.error = e.what();
      }
      return reply;
    },
  };
}

}  // namespace

caf::actor spawn_tool(caf::actor_system& sys, const std::string& name,
                      std::shared_ptr<const Toolbox> box) {
  if (!make_tool(name, box)) throw std::invalid_argument("unknown tool: " + name);
  return sys.spawn(tool_actor, name, std::move(box));
}

}  // namespace interec

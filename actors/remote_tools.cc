#include "actors/remote_tools.h"

#include "actors/node_links.h"
#include "tools/plan.h"

namespace interec {
namespace {

using RouterActor = ToolHubActor::extend_with<NodeLinkMessages>;

struct ToolRouterState {
  NodeLinks<ToolHubActor> links;
  RemoteToolsOptions options;
};

using ToolRouter = RouterActor::stateful_pointer<ToolRouterState>;

ToolReply failed_call(const ToolCall& call, std::string why) {
  ToolReply reply;
  reply.bus = call.bus;
  reply.error = Error{ErrorCode::tool_unavailable, std::move(why)};
  return reply;
}

void dispatch(ToolRouter self, caf::typed_response_promise<ToolReply> rp, const std::string& name,
              const ToolCall& call, int exclude, int attempt) {
  auto& st = self->state;
  const int i = st.links.pick(exclude);
  if (i < 0) {
    auto local = st.options.local_fallback.find(name);
    if (local == st.options.local_fallback.end()) {
      rp.deliver(failed_call(call, name + ": no tool node reachable (" + st.links.describe() + ")"));
      return;
    }
    self->request(local->second, st.options.step_timeout, atoms::tool_atom_v, call)
      .then([rp](ToolReply& reply) mutable { rp.deliver(std::move(reply)); },
            [rp, call, name](caf::error&) mutable {
              rp.deliver(failed_call(call, name + ": the local fallback did not answer"));
            });
    return;
  }
  auto& link = st.links[static_cast<size_t>(i)];
  ++link.in_flight;
  const std::string address = link.address.text();
  self->request(link.handle, st.options.step_timeout, atoms::tool_atom_v, name, call)
    .then(
      [=](ToolReply& reply) mutable {
        auto& l = self->state.links[static_cast<size_t>(i)];
        if (l.in_flight) --l.in_flight;
        rp.deliver(std::move(reply));
      },
      [=](caf::error& err) mutable {
        auto& l = self->state.links[static_cast<size_t>(i)];
        if (l.in_flight) --l.in_flight;
        if (attempt == 0) {
          dispatch(self, rp, name, call, i, 1);  // once more, elsewhere
          return;
        }
        ToolReply reply = failed_call(call, name + ": tool node " + address + " failed (" +
                                         self->system().render(err) + ")");
        if (err == caf::sec::request_timeout) reply.error->code = ErrorCode::tool_timeout;
        rp.deliver(std::move(reply));
      });
}

RouterActor::behavior_type tool_router_actor(ToolRouter self, RemoteToolsOptions options) {
  self->state.links = NodeLinks<ToolHubActor>(options.nodes, options.min_backoff, options.max_backoff, options.tls);
  self->state.options = std::move(options);
  self->set_down_handler([=](caf::down_msg& down) { self->state.links.on_down(self, down); });
  self->state.links.start(self);
  return {
    [=](atoms::connected_atom, size_t i, const caf::actor& handle) {
      self->state.links.on_connected(self, i, handle);
    },
    [=](atoms::reconnect_atom, size_t i) { self->state.links.on_reconnect(self, i); },
    [=](atoms::tool_atom, const std::string& name, const ToolCall& call) -> caf::result<ToolReply> {
      auto rp = self->make_response_promise<ToolReply>();
      dispatch(self, rp, name, call, -1, 0);
      return rp;
    },
  };
}

// Gives the executor a handle per tool name that speaks the local protocol.
// Linked to the router: stopping the tool handles (stop_agent) stops it too.
ToolActor::behavior_type adapter_actor(ToolActor::pointer self, std::string name, RouterActor router) {
  self->link_to(router);
  return {
    [=](atoms::tool_atom atom, ToolCall& call) {
      return self->delegate(router, atom, name, std::move(call));
    },
  };
}

ToolHubActor::behavior_type hub_actor(ToolHubActor::pointer self, std::map<std::string, ToolActor> tools) {
  return {
    [=](atoms::tool_atom atom, const std::string& name, const ToolCall& call) -> caf::result<ToolReply> {
      auto it = tools.find(name);
      if (it == tools.end()) return failed_call(call, "unknown tool '" + name + "' on this node");
      // The caller bounds the step; local tools always answer.
      auto rp = self->make_response_promise<ToolReply>();
      self->request(it->second, caf::infinite, atom, call)
        .then([rp](ToolReply& reply) mutable { rp.deliver(std::move(reply)); },
              [rp, call, name](caf::error&) mutable {
                rp.deliver(failed_call(call, name + ": the tool on this node failed"));
              });
      return rp;
    },
  };
}

}  // namespace

std::map<std::string, ToolActor> spawn_remote_tools(caf::actor_system& sys, RemoteToolsOptions options) {
  auto router = sys.spawn(tool_router_actor, std::move(options));
  std::map<std::string, ToolActor> out;
  for (ToolKind kind : kAllTools) out[tool_name(kind)] = sys.spawn(adapter_actor, std::string(tool_name(kind)), router);
  return out;
}

ToolHubActor spawn_tool_hub(caf::actor_system& sys, std::map<std::string, ToolActor> tools) {
  return sys.spawn(hub_actor, std::move(tools));
}

}  // namespace interec

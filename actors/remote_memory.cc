#include "actors/remote_memory.h"

#include <nlohmann/json.hpp>

#include "actors/messages.h"
#include "actors/node_links.h"

namespace interec {
namespace {

struct ProxyState {
  NodeLinks links;
  std::chrono::milliseconds timeout{5000};
};

using Proxy = caf::stateful_actor<ProxyState>;

std::string unreachable(Proxy* self) {
  return "memory node unreachable (" + self->state.links.describe() + ")";
}

// Forwards one request to the node and answers with its reply, or with
// `fallback(why)` when the node is down or fails.
template <class Reply, class Fallback, class... Ts>
caf::result<Reply> forward(Proxy* self, Fallback fallback, Ts... xs) {
  const int i = self->state.links.pick();
  if (i < 0) return fallback(unreachable(self));
  auto rp = self->make_response_promise<Reply>();
  self->request(self->state.links[static_cast<size_t>(i)].handle, self->state.timeout, xs...)
    .then([rp](Reply& reply) mutable { rp.deliver(std::move(reply)); },
          [rp, fallback, self](caf::error& err) mutable {
            rp.deliver(fallback("memory node failed (" + self->system().render(err) + ")"));
          });
  return rp;
}

caf::behavior proxy_actor(Proxy* self, NodeAddress node, bool tls, std::chrono::milliseconds timeout) {
  self->state.links = NodeLinks({node}, std::chrono::milliseconds(200), std::chrono::milliseconds(5000), tls);
  self->state.timeout = timeout;
  self->set_down_handler([=](caf::down_msg& down) { self->state.links.on_down(self, down); });
  self->state.links.start(self);
  auto as_text = [](const std::string& why) { return why; };
  return {
    [=](atoms::connected_atom, size_t i, const caf::actor& handle) {
      self->state.links.on_connected(self, i, handle);
    },
    [=](atoms::reconnect_atom, size_t i) { self->state.links.on_reconnect(self, i); },
    [=](atoms::recall_atom a, const std::string& channel, const std::string& user) {
      return forward<UserContext>(self, [](const std::string&) { return UserContext{}; }, a, channel, user);
    },
    [=](atoms::remember_atom a, const std::string& channel, const std::string& user,
        const ProfileUpdate& update) {
      return forward<std::string>(self, as_text, a, channel, user, update);
    },
    [=](atoms::forget_atom a, const std::string& channel, const std::string& user) {
      return forward<std::string>(self, as_text, a, channel, user);
    },
    [=](atoms::profile_atom a, const std::string& channel, const std::string& user) {
      return forward<std::string>(
        self, [](const std::string& why) { return nlohmann::json({{"error", why}}).dump(); }, a, channel,
        user);
    },
  };
}

}  // namespace

caf::actor spawn_remote_memory(caf::actor_system& sys, NodeAddress node, bool tls,
                               std::chrono::milliseconds timeout) {
  return sys.spawn(proxy_actor, std::move(node), tls, timeout);
}

}  // namespace interec

#include "actors/remote_memory.h"

#include "actors/node_links.h"

namespace interec {
namespace {

using ProxyActor = MemoryActor::extend_with<NodeLinkMessages>;

struct ProxyState {
  NodeLinks<MemoryActor> links;
  std::chrono::milliseconds timeout{5000};
};

using Proxy = ProxyActor::stateful_pointer<ProxyState>;

Error remote_unavailable(const std::string& why) { return Error{ErrorCode::memory_unavailable, "memory: " + why}; }

// Each reply type, answered without the node: an error and nothing else.
template <class Reply>
Reply failed_reply(Error error) {
  Reply reply;
  reply.error = std::move(error);
  return reply;
}

// Forwards one request to the node and answers with its reply, or with an
// error reply when the node is down or fails.
template <class Reply, class... Ts>
caf::result<Reply> forward(Proxy self, Ts... xs) {
  const int i = self->state.links.pick();
  if (i < 0) return failed_reply<Reply>(remote_unavailable("memory node unreachable (" + self->state.links.describe() + ")"));
  auto rp = self->template make_response_promise<Reply>();
  self->request(self->state.links[static_cast<size_t>(i)].handle, self->state.timeout, xs...)
    .then([rp](Reply& reply) mutable { rp.deliver(std::move(reply)); },
          [rp, self](caf::error& err) mutable {
            rp.deliver(failed_reply<Reply>(remote_unavailable("memory node failed (" + self->system().render(err) + ")")));
          });
  return rp;
}

ProxyActor::behavior_type proxy_actor(Proxy self, NodeAddress node, bool tls, std::chrono::milliseconds timeout) {
  self->state.links =
    NodeLinks<MemoryActor>({node}, std::chrono::milliseconds(200), std::chrono::milliseconds(5000), tls);
  self->state.timeout = timeout;
  self->set_down_handler([=](caf::down_msg& down) { self->state.links.on_down(self, down); });
  self->state.links.start(self);
  return {
    [=](atoms::connected_atom, size_t i, const caf::actor& handle) {
      self->state.links.on_connected(self, i, handle);
    },
    [=](atoms::reconnect_atom, size_t i) { self->state.links.on_reconnect(self, i); },
    [=](atoms::recall_atom a, const std::string& channel, const std::string& user) {
      return forward<Recall>(self, a, channel, user);
    },
    [=](atoms::remember_atom a, const std::string& channel, const std::string& user, const ProfileUpdate& update) {
      return forward<MemoryAck>(self, a, channel, user, update);
    },
    [=](atoms::forget_atom a, const std::string& channel, const std::string& user) {
      return forward<MemoryAck>(self, a, channel, user);
    },
    [=](atoms::profile_atom a, const std::string& channel, const std::string& user) {
      return forward<ProfileReply>(self, a, channel, user);
    },
    [=](atoms::resume_atom a, const std::string& channel, const std::string& user, const std::string& session) {
      return forward<Resumed>(self, a, channel, user, session);
    },
  };
}

}  // namespace

MemoryActor spawn_remote_memory(caf::actor_system& sys, NodeAddress node, bool tls,
                                std::chrono::milliseconds timeout) {
  return sys.spawn(proxy_actor, std::move(node), tls, timeout);
}

}  // namespace interec

#include "actors/session_router.h"

#include <unordered_map>

#include "actors/messages.h"

namespace interec {
namespace {

struct RouterState {
  std::shared_ptr<const SessionDeps> deps;
  std::unordered_map<std::string, caf::actor> sessions;
  std::unordered_map<caf::actor_addr, std::string> keys;
};

using Self = caf::stateful_actor<RouterState>;

// '\x1f' (unit separator) cannot appear in the JSON-decoded ids we accept
// from channels without being escaped, so keys never collide.
std::string session_key(const std::string& channel, const std::string& user,
                        const std::string& session) {
  return channel + '\x1f' + user + '\x1f' + session;
}

caf::actor session_for(Self* self, const std::string& key) {
  auto& st = self->state;
  auto it = st.sessions.find(key);
  if (it != st.sessions.end()) return it->second;
  auto session = spawn_session(self->system(), st.deps);
  self->monitor(session);
  st.keys.emplace(session.address(), key);
  st.sessions.emplace(key, session);
  return session;
}

caf::behavior router_actor(Self* self, std::shared_ptr<const SessionDeps> deps) {
  self->state.deps = std::move(deps);
  self->set_down_handler([=](caf::down_msg& down) {
    auto it = self->state.keys.find(down.source);
    if (it == self->state.keys.end()) return;
    self->state.sessions.erase(it->second);
    self->state.keys.erase(it);
  });
  // Sessions are not linked to the router (one failing session must not take
  // the others down), so the router ends them when it is told to quit.
  self->set_exit_handler([=](caf::exit_msg& msg) {
    for (auto& [key, session] : self->state.sessions) self->send_exit(session, msg.reason);
    self->state.sessions.clear();
    self->state.keys.clear();
    self->quit(msg.reason);
  });
  return {
    [=](atoms::turn_atom atom, TurnRequest& request) {
      auto session = session_for(self, session_key(request.channel, request.user, request.session));
      return self->delegate(session, atom, std::move(request));
    },
    [=](atoms::reset_atom atom, const std::string& channel, const std::string& user,
        const std::string& session) {
      auto it = self->state.sessions.find(session_key(channel, user, session));
      if (it != self->state.sessions.end()) self->send(it->second, atom);
    },
  };
}

}  // namespace

caf::actor spawn_session_router(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps) {
  return sys.spawn(router_actor, std::move(deps));
}

}  // namespace interec

#include "actors/session_router.h"

#include <unordered_map>

namespace interec {
namespace {

struct Entry {
  SessionActor actor;
  uint64_t delegated = 0;  // turns sent to it, for the idle handshake
};

struct SessionRouterState {
  std::shared_ptr<const SessionDeps> deps;
  std::unordered_map<std::string, Entry> sessions;
  std::unordered_map<caf::actor_addr, std::string> keys;
};

using RouterSelf = RouterActor::stateful_pointer<SessionRouterState>;

// '\x1f' (unit separator) cannot appear in the JSON-decoded ids we accept
// from channels without being escaped, so keys never collide.
std::string session_key(const std::string& channel, const std::string& user,
                        const std::string& session) {
  return channel + '\x1f' + user + '\x1f' + session;
}

Entry& session_for(RouterSelf self, const std::string& key) {
  auto& st = self->state;
  auto it = st.sessions.find(key);
  if (it != st.sessions.end()) return it->second;
  auto session = spawn_session(self->system(), st.deps, self->address());
  self->monitor(session);
  st.keys.emplace(session.address(), key);
  return st.sessions.emplace(key, Entry{session, 0}).first->second;
}

RouterActor::behavior_type session_router_actor(RouterSelf self, std::shared_ptr<const SessionDeps> deps) {
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
    for (auto& [key, entry] : self->state.sessions) self->send_exit(entry.actor, msg.reason);
    self->state.sessions.clear();
    self->state.keys.clear();
    self->quit(msg.reason);
  });
  return {
    [=](atoms::turn_atom atom, TurnRequest& request) {
      auto& entry = session_for(self, session_key(request.channel, request.user, request.session));
      ++entry.delegated;
      return self->delegate(entry.actor, atom, std::move(request));
    },
    [=](atoms::idle_atom, uint64_t received) {
      auto& st = self->state;
      auto key = st.keys.find(caf::actor_cast<caf::actor_addr>(self->current_sender()));
      if (key == st.keys.end()) return;
      auto it = st.sessions.find(key->second);
      if (it == st.sessions.end() || it->second.delegated != received) return;
      self->demonitor(it->second.actor.address());
      // Not exit_reason::normal: unlinked actors ignore that one.
      self->send_exit(it->second.actor, caf::exit_reason::user_shutdown);
      st.sessions.erase(it);
      st.keys.erase(key);
    },
    [=](atoms::feedback_atom atom, const std::string& channel, const std::string& user,
        const std::string& session, ProfileUpdate& update) {
      auto& entry = session_for(self, session_key(channel, user, session));
      return self->delegate(entry.actor, atom, channel, user, std::move(update));
    },
    [=](atoms::sessions_atom) { return static_cast<uint64_t>(self->state.sessions.size()); },
    [=](atoms::reset_atom atom, const std::string& channel, const std::string& user,
        const std::string& session) {
      auto it = self->state.sessions.find(session_key(channel, user, session));
      if (it != self->state.sessions.end()) self->send(it->second.actor, atom);
      // The stored dialogue state too, or an evicted session would resume it.
      ProfileUpdate erase;
      erase.session = session;
      erase.forget_conversation = true;
      self->request(self->state.deps->memory, self->state.deps->config.step_timeout, atoms::remember_atom_v,
                    channel, user, std::move(erase))
        .then([](MemoryAck&) {}, [](caf::error&) {});
    },
  };
}

}  // namespace

RouterActor spawn_session_router(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps) {
  return sys.spawn(session_router_actor, std::move(deps));
}

}  // namespace interec

// Routes each TurnRequest to the session actor of its (channel, user,
// session), creating it on first use. A session that dies is forgotten; the
// next turn gets a fresh one.
// Idle eviction (AgentConfig::session_idle_timeout): a session idle that long
// reports (idle_atom, turns it received); the router evicts it only when that
// equals the turns it delegated to it, so a turn on its way is never lost.
// Eviction drops the session's dialogue; long-term profiles stay in memory's
// store.
#pragma once

#include <memory>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/session.h"

namespace interec {

///   (turn_atom, TurnRequest) -> TurnReply
///   (reset_atom, channel, user, session): forgets that session's dialogue,
///   its stored dialogue state included (also when the session was evicted)
///   (sessions_atom) -> live sessions (for tests and benchmarks)
///   (feedback_atom, channel, user, session, ProfileUpdate) -> MemoryAck:
///   delegated to that session (session.h)
///   (idle_atom, turns received): from an idle session (above)
using RouterActor = caf::typed_actor<
  caf::replies_to<atoms::turn_atom, TurnRequest>::with<TurnReply>,
  caf::reacts_to<atoms::reset_atom, std::string, std::string, std::string>,
  caf::replies_to<atoms::feedback_atom, std::string, std::string, std::string, ProfileUpdate>::with<MemoryAck>,
  caf::replies_to<atoms::sessions_atom>::with<uint64_t>>::extend_with<IdleListener>;

RouterActor spawn_session_router(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps);

}  // namespace interec

// Routes each TurnRequest to the session actor of its (channel, user,
// session), creating it on first use: (turn_atom, TurnRequest) -> TurnReply.
// (reset_atom, channel, user, session) forgets that session's dialogue.
// (sessions_atom) -> uint64_t: the live sessions (for tests and benchmarks).
// A session that dies is forgotten; the next turn gets a fresh one.
// Idle eviction (AgentConfig::session_idle_timeout): a session idle that long
// reports (idle_atom, turns it received); the router evicts it only when that
// equals the turns it delegated to it, so a turn on its way is never lost.
// Eviction drops the session's dialogue; long-term profiles stay in memory's
// store.
#pragma once

#include <memory>

#include <caf/fwd.hpp>

#include "actors/session.h"

namespace interec {

caf::actor spawn_session_router(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps);

}  // namespace interec

// Routes each TurnRequest to the session actor of its (channel, user,
// session), creating it on first use: (turn_atom, TurnRequest) -> TurnReply.
// (reset_atom, channel, user, session) forgets that session's dialogue.
// A session that dies is forgotten; the next turn gets a fresh one.
#pragma once

#include <memory>

#include <caf/fwd.hpp>

#include "actors/session.h"

namespace interec {

caf::actor spawn_session_router(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps);

}  // namespace interec

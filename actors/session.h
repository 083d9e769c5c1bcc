// One conversation: (turn_atom, TurnRequest) -> TurnReply.
// Turns of one session run strictly in order (later ones wait in a queue);
// each turn: memory recall -> planner -> executor -> reflector (bounded
// re-planning) -> [planner composes the reply, when it offers to] -> memory
// remember (the turn's lines, what it learned and the dialogue state, in one
// write) -> reply. A session's first turn first resumes the dialogue state
// stored for (channel, user, session), so a conversation survives eviction
// and restarts. Every turn gets a reply, also when a step fails or
// times out; TurnReply::error then says what failed, and the reply in words.
// (reset_atom) forgets the session's dialogue and shown items.
#pragma once

#include <memory>

#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/executor.h"
#include "actors/memory.h"
#include "actors/messages.h"
#include "actors/planner.h"
#include "actors/reflector.h"
#include "brain/dialogue/explain.h"
#include "config/agent_config.h"

namespace interec {

/// The router as a session sees it: told (idle_atom, turns received) when
/// the session has been idle (session_router.h).
using IdleListener = caf::typed_actor<caf::reacts_to<atoms::idle_atom, uint64_t>>;

/// (idle_atom, timer generation) is the session's own idle timer.
/// (feedback_atom, channel, user, update) -> MemoryAck: a verdict given with
/// a button, applied to the profile as a taste learned from words; its items
/// count as shown in this session.
using SessionActor =
  caf::typed_actor<caf::replies_to<atoms::turn_atom, TurnRequest>::with<TurnReply>,
                   caf::reacts_to<atoms::idle_atom, uint64_t>, caf::reacts_to<atoms::reset_atom>,
                   caf::replies_to<atoms::feedback_atom, std::string, std::string, ProfileUpdate>::with<MemoryAck>>;

/// The actors a session talks to; shared by all sessions of an agent. The
/// session needs the catalog (ids and titles for the reply), not the models:
/// those stay behind the tool actors.
struct SessionDeps {
  MemoryActor memory;
  PlannerActor planner;
  PlannerOffers offers;
  ExecutorActor executor;
  ReflectorActor reflector;
  std::shared_ptr<const Catalog> catalog;
  /// The reasons for each listed item (items[].why and the dialogue state's
  /// lists), worked out where the models are; empty: no reasons.
  dialogue::Explainer explain;
  AgentConfig config;
};

/// With a `router` and a non-zero `config.session_idle_timeout`, a session
/// that has been idle that long sends (idle_atom, turns it received) to the
/// router, which evicts it unless a turn is on its way (see session_router.h).
SessionActor spawn_session(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps,
                           caf::actor_addr router = {});

}  // namespace interec

// The planner asks a brain for a plan. The session talks to every brain
// through this one interface; what a brain offers beyond plans is said by
// PlannerOffers, so the session never needs to know which brain it is.
//   (plan_atom, BrainRequest) -> BrainPlan: always answered; a brain that
//     throws answers with an error (the session reports brain_failed).
//   (compose_atom, request, draft) -> std::string: the reply the user sees,
//     rewritten from the template draft; a planner that does not compose
//     answers the draft itself.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/messages.h"

namespace interec {

class Brain;

using PlannerActor = caf::typed_actor<
  caf::replies_to<atoms::plan_atom, BrainRequest>::with<BrainPlan>,
  caf::replies_to<atoms::compose_atom, std::string, std::string>::with<std::string>>;

/// What a planner offers beyond plans.
struct PlannerOffers {
  /// The configured brain's name and the one that plans when it cannot
  /// (BrainPlan::fallback), for the trace note of a fallback plan.
  std::string brain = "rules";
  std::string fallback_brain = "rules";
  /// compose_atom rewrites the reply (worth a round trip per turn).
  bool composes_replies = false;
  /// Its reflector judges the reply text (ReflectRequest::answer); the rules
  /// reflection reads only the trace, so the session skips writing it.
  bool critic_reads_answer = false;
};

/// A planner handle and what it offers.
struct Planner {
  PlannerActor actor;
  PlannerOffers offers;
};

/// Makes one brain per planner instance (brains need not be thread-safe).
using BrainFactory = std::function<std::unique_ptr<Brain>()>;

/// Spawns `instances` planners behind one round-robin handle. They offer
/// plans only (no composing, no critic).
Planner spawn_planner(caf::actor_system& sys, BrainFactory make_brain, size_t instances);

}  // namespace interec

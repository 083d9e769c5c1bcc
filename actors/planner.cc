#include "actors/planner.h"

#include "actors/messages.h"
#include "actors/pool.h"

namespace interec {
namespace {

struct PlannerState {
  std::unique_ptr<Brain> brain;
};

caf::behavior planner_actor(caf::stateful_actor<PlannerState>* self, BrainFactory make_brain) {
  self->state.brain = make_brain();
  return {
    [=](atoms::plan_atom, const BrainRequest& request) -> BrainPlan {
      try {
        return self->state.brain->plan(request);
      } catch (const std::exception& e) {
        BrainPlan failed;
        failed.plan.answer = std::string("Sorry, I could not plan that request (") + e.what() + ").";
        return failed;
      }
    },
  };
}

}  // namespace

caf::actor spawn_planner(caf::actor_system& sys, BrainFactory make_brain, size_t instances) {
  return spawn_pool(sys, instances, [&sys, make_brain] { return sys.spawn(planner_actor, make_brain); });
}

}  // namespace interec

#include "actors/planner.h"

#include "actors/pool.h"

namespace interec {
namespace {

struct PlannerState {
  std::unique_ptr<Brain> brain;
};

PlannerActor::behavior_type planner_actor(PlannerActor::stateful_pointer<PlannerState> self,
                                          BrainFactory make_brain) {
  self->state.brain = make_brain();
  return {
    [=](atoms::plan_atom, const BrainRequest& request) -> caf::result<BrainPlan> {
      try {
        return self->state.brain->plan(request);
      } catch (const std::exception& e) {
        return caf::make_error(caf::sec::runtime_error, std::string(e.what()));
      }
    },
    [=](atoms::compose_atom, const std::string&, const std::string& draft) { return draft; },
  };
}

}  // namespace

Planner spawn_planner(caf::actor_system& sys, BrainFactory make_brain, size_t instances) {
  Planner planner;
  planner.actor = spawn_pool(sys, instances, [&sys, make_brain] { return sys.spawn(planner_actor, make_brain); });
  return planner;
}

}  // namespace interec

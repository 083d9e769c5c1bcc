#include "actors/reflector.h"

#include "actors/messages.h"

namespace interec {
namespace {

caf::behavior reflector_actor(caf::event_based_actor*) {
  return {
    [](atoms::reflect_atom, const BrainPlan& plan, const std::vector<StepTrace>& trace,
       uint64_t picked, const std::string&, const std::string&) -> Reflection {
      try {
        return reflect_by_rules(plan, trace, picked);
      } catch (const std::exception&) {
        return Reflection{};  // accept: a broken critic must not block the reply
      }
    },
  };
}

}  // namespace

caf::actor spawn_reflector(caf::actor_system& sys) { return sys.spawn(reflector_actor); }

}  // namespace interec

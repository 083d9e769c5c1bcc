#include "actors/reflector.h"

namespace interec {
namespace {

ReflectorActor::behavior_type reflector_actor(ReflectorActor::pointer) {
  return {
    [](atoms::reflect_atom, const ReflectRequest& r) -> Reflection {
      try {
        return reflect_by_rules(r.plan, r.trace, r.picked);
      } catch (const std::exception&) {
        return Reflection{};  // accept: a broken critic must not block the reply
      }
    },
  };
}

}  // namespace

ReflectorActor spawn_reflector(caf::actor_system& sys) { return sys.spawn(reflector_actor); }

}  // namespace interec

#include "actors/reflector.h"

namespace interec {
namespace {

// A class, not a function: CAF 0.17 spawns a function that takes no
// arguments through a null argument tuple (init_fun_factory.hpp:85), which
// UBSan reports as a reference bound to null.
class Reflector : public ReflectorActor::base {
 public:
  using ReflectorActor::base::base;

  behavior_type make_behavior() override {
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
};

}  // namespace

ReflectorActor spawn_reflector(caf::actor_system& sys) { return sys.spawn<Reflector>(); }

}  // namespace interec

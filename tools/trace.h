// What one executed step did, for the JSON output and the reflector.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tools/error.h"

namespace interec {

struct StepTrace {
  std::string tool;
  std::string input;     // JSON text, as run
  uint64_t before = 0;   // candidates on the bus before the step
  uint64_t after = 0;    // and after it
  double ms = 0;         // wall time of the step
  std::optional<Error> error;  // none when the step succeeded
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StepTrace& x) {
  return f(x.tool, x.input, x.before, x.after, x.ms, x.error);
}

}  // namespace interec

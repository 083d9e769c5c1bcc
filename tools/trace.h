// What one executed step did, for the JSON output and the reflector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace interec {

struct StepTrace {
  std::string tool;
  std::string input;     // JSON text, as run
  uint64_t before = 0;   // candidates on the bus before the step
  uint64_t after = 0;    // and after it
  double ms = 0;         // wall time of the step
  std::string error;     // empty when the step succeeded
};

/// The error of a hard_filter step that could not check a condition within
/// the time bound: its result is unknown, not empty, so rules reflection must
/// not relax a condition as if nothing had matched. One function writes it,
/// one recognises it (a stand-in until the typed Error of issue 12 carries a
/// code for it).
inline std::string unchecked_condition_error(const std::string& label, size_t items, const std::string& why) {
  return "hard_filter: could not check \"" + label + "\" over " + std::to_string(items) + " items in time (" +
         why + ")";
}
inline bool is_unchecked_condition_error(const std::string& error) {
  return error.rfind("hard_filter: could not check \"", 0) == 0;
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StepTrace& x) {
  return f(x.tool, x.input, x.before, x.after, x.ms, x.error);
}

}  // namespace interec

// The executor runs a plan's steps in order over one candidate bus, each step
// on its tool actor, and answers with an ExecResult. It always answers: a
// failing, unknown or timed-out step ends the plan with ExecResult::error.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include <caf/fwd.hpp>

namespace interec {

/// Messages: (run_atom, std::vector<Step>, uint64_t wanted, UserContext)
///   -> ExecResult.
/// A plan with no `map` step (and not only lookups) gets {"tool":"map",
/// "input":{"n": wanted}} appended, as in the paper.
caf::actor spawn_executor(caf::actor_system& sys, std::map<std::string, caf::actor> tools,
                          size_t catalog_size, std::chrono::milliseconds step_timeout);

}  // namespace interec

// The executor runs a plan's steps in order over one candidate bus, each step
// on its tool actor, and answers with an ExecResult. It always answers: a
// failing, unknown or timed-out step ends the plan with ExecResult::error
// (tool_failed, tool_unavailable, tool_timeout).
// A plan with no map step (and not only lookups) gets MapStep{wanted}
// appended, as in the paper.
// It holds no per-plan state between messages: a plan in flight is a chain
// of requests, so one executor interleaves many plans.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/messages.h"
#include "actors/tool_actor.h"

namespace interec {

/// (run_atom, steps, wanted, user) -> ExecResult.
using ExecutorActor = caf::typed_actor<
  caf::replies_to<atoms::run_atom, std::vector<Step>, uint64_t, UserContext>::with<ExecResult>>;

/// `tools` by tool_name(); a step of a tool not in it fails with tool_unavailable.
ExecutorActor spawn_executor(caf::actor_system& sys, std::map<std::string, ToolActor> tools,
                             size_t catalog_size, std::chrono::milliseconds step_timeout);

}  // namespace interec

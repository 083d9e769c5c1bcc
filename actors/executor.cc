#include "actors/executor.h"

#include <chrono>
#include <memory>

#include "tools/plan_json.h"

namespace interec {
namespace {

using Clock = std::chrono::steady_clock;

// One plan in flight. Shared by the continuation handlers of its steps.
struct Run {
  std::vector<Step> steps;
  size_t next = 0;
  Bus bus;
  UserContext user;
  ExecResult result;
  caf::typed_response_promise<ExecResult> promise;
};

bool needs_map(const std::vector<Step>& steps) {
  bool only_lookups = !steps.empty();
  for (const auto& s : steps) {
    if (std::holds_alternative<MapStep>(s)) return false;
    if (!std::holds_alternative<LookupStep>(s)) only_lookups = false;
  }
  return !only_lookups;
}

struct ExecutorState {
  std::map<std::string, ToolActor> tools;
  size_t catalog_size = 0;
  std::chrono::milliseconds step_timeout{5000};
};

using ExecutorSelf = ExecutorActor::stateful_pointer<ExecutorState>;

// Ends the plan at its current step, which failed with `error`.
void stop(Run& run, StepTrace trace, Error error) {
  trace.error = error;
  trace.after = trace.before;
  run.result.error = std::move(error);
  run.result.trace.push_back(std::move(trace));
  run.promise.deliver(std::move(run.result));
}

void run_next(ExecutorSelf self, std::shared_ptr<Run> run) {
  if (run->next >= run->steps.size()) {
    run->promise.deliver(std::move(run->result));
    return;
  }
  const Step& step = run->steps[run->next++];
  StepTrace trace;
  trace.tool = tool_name(step);
  // The trace is output (--json, the protocol): written once, never read back.
  trace.input = step_input_json(step).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  trace.before = run->bus.size(self->state.catalog_size);
  auto it = self->state.tools.find(trace.tool);
  if (it == self->state.tools.end()) {
    stop(*run, std::move(trace), Error{ErrorCode::tool_unavailable, "no tool actor for '" + trace.tool + "'"});
    return;
  }
  const auto started = Clock::now();
  const auto timeout = self->state.step_timeout;
  ToolCall call{run->bus, step, run->user};
  self->request(it->second, timeout, atoms::tool_atom_v, std::move(call))
    .then(
      [=](ToolReply& reply) mutable {
        trace.ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        if (reply.error) {
          stop(*run, std::move(trace), std::move(*reply.error));
          return;
        }
        run->bus = std::move(reply.bus);
        trace.after = run->bus.size(self->state.catalog_size);
        run->result.trace.push_back(std::move(trace));
        if (!reply.text.empty()) run->result.texts.push_back(std::move(reply.text));
        if (!reply.picked.empty()) run->result.picked = std::move(reply.picked);
        run_next(self, run);
      },
      [=](caf::error& err) mutable {
        trace.ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        const std::string& tool = trace.tool;
        Error error = err == caf::sec::request_timeout
                        ? Error{ErrorCode::tool_timeout, tool + ": no answer within the step time limit (" +
                                                           std::to_string(timeout.count()) + " ms)"}
                        : Error{ErrorCode::tool_unavailable,
                                tool + ": tool unavailable (" + self->system().render(err) + ")"};
        stop(*run, std::move(trace), std::move(error));
      });
}

ExecutorActor::behavior_type executor_actor(ExecutorSelf self, std::map<std::string, ToolActor> tools,
                                            size_t catalog_size, std::chrono::milliseconds step_timeout) {
  self->state.tools = std::move(tools);
  self->state.catalog_size = catalog_size;
  self->state.step_timeout = step_timeout;
  return {
    [=](atoms::run_atom, std::vector<Step>& steps, uint64_t wanted,
        UserContext& user) -> caf::result<ExecResult> {
      auto run = std::make_shared<Run>();
      if (needs_map(steps)) steps.push_back(MapStep{static_cast<size_t>(wanted), true});
      run->steps = std::move(steps);
      run->user = std::move(user);
      run->promise = self->make_response_promise<ExecResult>();
      run_next(self, run);
      return run->promise;
    },
  };
}

}  // namespace

ExecutorActor spawn_executor(caf::actor_system& sys, std::map<std::string, ToolActor> tools,
                             size_t catalog_size, std::chrono::milliseconds step_timeout) {
  return sys.spawn(executor_actor, std::move(tools), catalog_size, step_timeout);
}

}  // namespace interec

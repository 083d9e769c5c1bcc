// Actor unit tests without threads or sleeps: an actor system on CAF's
// test_coordinator (every message runs when the test says so, timeouts fire
// when the test triggers them), and fake tool, planner, executor, reflector
// and memory actors whose answers each test scripts.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <gtest/gtest.h>

#include "actors/agent.h"
#include "actors/executor.h"
#include "actors/memory.h"
#include "actors/messages.h"
#include "actors/planner.h"
#include "actors/reflector.h"
#include "actors/tool_actor.h"

namespace interec::test {

/// An actor system whose scheduler runs nothing by itself.
class Deterministic : public ::testing::Test {
 protected:
  Deterministic()
      : sys_(configure(cfg_)), self_(sys_, true),
        sched_(dynamic_cast<caf::scheduler::test_coordinator&>(sys_.scheduler())) {}
  // Actors no test handle refers to any more end when the scheduler runs
  // their clean-up; the system waits for them when it is destroyed.
  ~Deterministic() override {
    sched_.trigger_timeouts();
    run();
  }

  /// Runs every message until nothing is left to do (timeouts not included).
  void run() { sched_.run(); }
  /// Fires every pending timeout (request time limits, delayed sends), then runs.
  void expire() {
    sched_.trigger_timeouts();
    run();
  }

  /// The next message the test's own actor received, which must be a T.
  template <class T>
  T received() {
    std::optional<T> out;
    self_->receive([&](T& x) { out = std::move(x); },
                   caf::after(std::chrono::seconds(0)) >> [] {});
    if (!out) {
      ADD_FAILURE() << "no answer arrived";
      return T{};
    }
    return std::move(*out);
  }
  /// True when the test's actor has nothing in its mailbox.
  bool nothing_received() {
    bool none = true;
    self_->receive([&](caf::message&) { none = false; }, caf::after(std::chrono::seconds(0)) >> [] {});
    return none;
  }

  caf::actor_system_config cfg_;
  caf::actor_system sys_;
  caf::scoped_actor self_;
  caf::scheduler::test_coordinator& sched_;

 private:
  static caf::actor_system_config& configure(caf::actor_system_config& cfg) {
    add_interec_types(cfg);
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.file-verbosity", caf::atom("quiet"));
    cfg.set("logger.console-verbosity", caf::atom("quiet"));
    return cfg;
  }
};

// --- fakes -----------------------------------------------------------------
// Each answers with what its function returns; std::nullopt = never answers
// (the caller's time limit is what the test exercises).

template <class Reply, class... Args>
using Script = std::function<std::optional<Reply>(Args...)>;

namespace fake_detail {

inline ToolActor::behavior_type tool(ToolActor::pointer self, Script<ToolReply, ToolCall&> answer) {
  return {[=](atoms::tool_atom, ToolCall& call) -> caf::result<ToolReply> {
    if (auto r = answer(call)) return std::move(*r);
    return self->make_response_promise<ToolReply>();  // never delivered
  }};
}

inline ExecutorActor::behavior_type executor(
  ExecutorActor::pointer self, Script<ExecResult, const std::vector<Step>&, uint64_t, const UserContext&> answer) {
  return {[=](atoms::run_atom, std::vector<Step>& steps, uint64_t wanted, UserContext& user) -> caf::result<ExecResult> {
    if (auto r = answer(steps, wanted, user)) return std::move(*r);
    return self->make_response_promise<ExecResult>();
  }};
}

inline PlannerActor::behavior_type planner(PlannerActor::pointer self, Script<BrainPlan, const BrainRequest&> plan,
                                           std::function<std::string(const std::string&)> compose) {
  return {
    [=](atoms::plan_atom, const BrainRequest& request) -> caf::result<BrainPlan> {
      if (auto r = plan(request)) return std::move(*r);
      return self->make_response_promise<BrainPlan>();
    },
    [=](atoms::compose_atom, const std::string&, const std::string& draft) { return compose(draft); },
  };
}

inline ReflectorActor::behavior_type reflector(ReflectorActor::pointer,
                                               std::function<Reflection(const ReflectRequest&)> judge) {
  return {[=](atoms::reflect_atom, const ReflectRequest& r) { return judge(r); }};
}

inline MemoryActor::behavior_type memory(MemoryActor::pointer self, Script<Recall, const std::string&> recall,
                                         std::function<MemoryAck(const ProfileUpdate&)> remember) {
  return {
    [=](atoms::recall_atom, const std::string&, const std::string& user) -> caf::result<Recall> {
      if (auto r = recall(user)) return std::move(*r);
      return self->make_response_promise<Recall>();
    },
    [=](atoms::remember_atom, const std::string&, const std::string&, const ProfileUpdate& update) {
      return remember(update);
    },
    [=](atoms::forget_atom, const std::string&, const std::string&) { return MemoryAck{}; },
    [=](atoms::profile_atom, const std::string&, const std::string&) { return ProfileReply{"null", std::nullopt}; },
    [=](atoms::resume_atom, const std::string&, const std::string&, const std::string&) { return Resumed{}; },
  };
}

}  // namespace fake_detail

inline ToolActor fake_tool(caf::actor_system& sys, Script<ToolReply, ToolCall&> answer) {
  return sys.spawn(fake_detail::tool, std::move(answer));
}
inline ExecutorActor fake_executor(caf::actor_system& sys,
                                   Script<ExecResult, const std::vector<Step>&, uint64_t, const UserContext&> answer) {
  return sys.spawn(fake_detail::executor, std::move(answer));
}
/// `compose` rewrites a draft reply (the identity by default).
inline PlannerActor fake_planner(caf::actor_system& sys, Script<BrainPlan, const BrainRequest&> plan,
                                 std::function<std::string(const std::string&)> compose =
                                   [](const std::string& draft) { return draft; }) {
  return sys.spawn(fake_detail::planner, std::move(plan), std::move(compose));
}
inline ReflectorActor fake_reflector(caf::actor_system& sys, std::function<Reflection(const ReflectRequest&)> judge) {
  return sys.spawn(fake_detail::reflector, std::move(judge));
}
inline MemoryActor fake_memory(caf::actor_system& sys, Script<Recall, const std::string&> recall,
                               std::function<MemoryAck(const ProfileUpdate&)> remember =
                                 [](const ProfileUpdate&) { return MemoryAck{}; }) {
  return sys.spawn(fake_detail::memory, std::move(recall), std::move(remember));
}

}  // namespace interec::test

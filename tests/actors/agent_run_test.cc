#include "actors/agent_run.h"

#include <atomic>
#include <sstream>
#include <vector>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "config/cli_args.h"
#include "config/llm_cli.h"

namespace interec {
namespace {

TEST(AgentRun, EveryCaseIsPlayedOnceAndProgressIsCounted) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  std::vector<std::atomic<int>> played(250);
  std::ostringstream progress;
  for_each_case(
    sys, played.size(), 3, [&](caf::scoped_actor& self, size_t i) { ++played[i]; }, &progress, "agent", "cases");
  for (size_t i = 0; i < played.size(); ++i) EXPECT_EQ(played[i].load(), 1) << "case " << i;
  EXPECT_EQ(progress.str(), "agent: 100/250 cases\nagent: 200/250 cases\nagent: 250/250 cases\n");
}

TEST(AgentRun, NoCasesIsNothingToDo) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  bool called = false;
  for_each_case(sys, 0, 0, [&](caf::scoped_actor&, size_t) { called = true; }, nullptr, "agent", "cases");
  EXPECT_FALSE(called);
}

CliArgs args(std::vector<std::string> words) {
  static std::vector<std::string> keep;
  keep = std::move(words);
  static std::vector<char*> argv;
  argv.clear();
  for (auto& w : keep) argv.push_back(w.data());
  return CliArgs(static_cast<int>(argv.size()), argv.data(), 1, with_brain_options({"concurrency", "workers"}), {});
}

TEST(AgentRun, FlagsSetConcurrencyWorkersAndTheBrain) {
  AgentRunOptions o;
  apply_agent_run_cli(args({"interec", "--concurrency", "3", "--workers", "2", "--brain", "rules"}), o);
  EXPECT_EQ(o.concurrency, 3u);
  EXPECT_EQ(o.workers, 2u);
  EXPECT_EQ(o.agent.brain, "rules");
  EXPECT_EQ(o.agent_config().workers, 2u);
  AgentRunOptions bad;
  EXPECT_THROW(apply_agent_run_cli(args({"interec", "--workers", "5000"}), bad), UsageError);
}

}  // namespace
}  // namespace interec

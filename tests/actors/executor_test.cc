// The executor with fake tools on the deterministic scheduler: step order,
// the bus passed along, the appended map step, and each way a step fails.
#include "actors/executor.h"

#include <nlohmann/json.hpp>

#include "tests/actors/deterministic.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using namespace std::chrono_literals;
using test::fake_tool;

constexpr size_t kCatalogSize = 100;
constexpr auto kStepLimit = 5000ms;

Bus bus_of(std::vector<ItemIndex> items) {
  Bus bus;
  bus.all = false;
  bus.items = std::move(items);
  return bus;
}

// A step as a plan's JSON would give it.
Step step(const char* tool, const char* input) { return step_from_json(tool, nlohmann::json::parse(input)); }

class ExecutorTest : public test::Deterministic {
 protected:
  /// Tools that log their calls: hard_filter keeps items 3, 1, 2; rank
  /// reverses the bus; map picks the first "n"; lookup answers text.
  std::map<std::string, ToolActor> logging_tools() {
    auto log = log_;
    std::map<std::string, ToolActor> tools;
    tools["hard_filter"] = fake_tool(sys_, [log](ToolCall& call) -> std::optional<ToolReply> {
      log->push_back("hard_filter " + step_input_json(call.step).dump());
      return ToolReply{bus_of({3, 1, 2}), "", {}, std::nullopt};
    });
    tools["rank"] = fake_tool(sys_, [log](ToolCall& call) -> std::optional<ToolReply> {
      log->push_back("rank");
      Bus bus = call.bus;
      std::reverse(bus.items.begin(), bus.items.end());
      return ToolReply{bus, "", {}, std::nullopt};
    });
    tools["map"] = fake_tool(sys_, [log](ToolCall& call) -> std::optional<ToolReply> {
      log->push_back("map " + step_input_json(call.step).dump());
      const size_t n = std::get<MapStep>(call.step).n;
      std::vector<ItemIndex> picked(call.bus.items.begin(), call.bus.items.begin() + std::min(n, call.bus.items.size()));
      return ToolReply{call.bus, "", picked, std::nullopt};
    });
    tools["lookup"] = fake_tool(sys_, [log](ToolCall&) -> std::optional<ToolReply> {
      log->push_back("lookup");
      return ToolReply{Bus{}, "year: 1996", {}, std::nullopt};
    });
    return tools;
  }

  ExecResult execute(std::map<std::string, ToolActor> tools, std::vector<Step> steps, uint64_t wanted = 2) {
    auto executor = spawn_executor(sys_, std::move(tools), kCatalogSize, kStepLimit);
    self_->send(executor, atoms::run_atom_v, std::move(steps), wanted, UserContext{});
    run();
    if (nothing_arrived_yet()) expire();
    return received<ExecResult>();
  }

  bool nothing_arrived_yet() { return self_->mailbox().empty(); }

  std::shared_ptr<std::vector<std::string>> log_ = std::make_shared<std::vector<std::string>>();
};

TEST_F(ExecutorTest, StepsRunInOrderOverOneBusAndMapIsAppended) {
  auto result = execute(logging_tools(), {step("hard_filter", "\"SELECT item_id FROM items\""), step("rank", "{}")});
  EXPECT_FALSE(result.error);
  EXPECT_EQ(*log_, (std::vector<std::string>{"hard_filter \"SELECT item_id FROM items\"", "rank", "map {\"n\":2}"}));
  EXPECT_EQ(result.picked, (std::vector<ItemIndex>{2, 1}));  // 3 1 2 reversed, first two
  ASSERT_EQ(result.trace.size(), 3u);
  EXPECT_EQ(result.trace[0].tool, "hard_filter");
  EXPECT_EQ(result.trace[0].before, kCatalogSize);  // the whole catalog at first
  EXPECT_EQ(result.trace[0].after, 3u);
  EXPECT_EQ(result.trace[2].tool, "map");
  for (const auto& t : result.trace) EXPECT_FALSE(t.error) << t.tool;
}

TEST_F(ExecutorTest, APlanOfLookupsGetsNoMap) {
  auto result = execute(logging_tools(), {step("lookup", "\"SELECT year FROM items\"")});
  EXPECT_EQ(*log_, (std::vector<std::string>{"lookup"}));
  EXPECT_EQ(result.texts, (std::vector<std::string>{"year: 1996"}));
  EXPECT_TRUE(result.picked.empty());
}

TEST_F(ExecutorTest, AFailingToolStopsThePlanWithItsError) {
  auto tools = logging_tools();
  tools["rank"] = fake_tool(sys_, [](ToolCall& call) -> std::optional<ToolReply> {
    return ToolReply{call.bus, "", {}, Error{ErrorCode::tool_failed, "rank: unknown input field \"foo\""}};
  });
  auto result = execute(tools, {step("hard_filter", "\"q\""), step("rank", "{}")});
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, ErrorCode::tool_failed);
  EXPECT_EQ(result.error->message, "rank: unknown input field \"foo\"");
  EXPECT_EQ(*log_, (std::vector<std::string>{"hard_filter \"q\""}));  // map never ran
  ASSERT_EQ(result.trace.size(), 2u);
  EXPECT_EQ(result.trace[1].error, result.error);
  EXPECT_EQ(result.trace[1].after, result.trace[1].before);
  EXPECT_TRUE(result.picked.empty());
}

TEST_F(ExecutorTest, ASilentToolTimesOutAtTheStepLimit) {
  auto tools = logging_tools();
  tools["rank"] = fake_tool(sys_, [](ToolCall&) -> std::optional<ToolReply> { return std::nullopt; });
  auto executor = spawn_executor(sys_, tools, kCatalogSize, kStepLimit);
  self_->send(executor, atoms::run_atom_v, std::vector<Step>{step("hard_filter", "\"q\""), step("rank", "{}")}, uint64_t{2},
              UserContext{});
  run();
  EXPECT_TRUE(nothing_received()) << "the executor must wait for the step";
  expire();
  auto result = received<ExecResult>();
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, ErrorCode::tool_timeout);
  EXPECT_EQ(result.error->message, "rank: no answer within the step time limit (5000 ms)");
  EXPECT_EQ(*log_, (std::vector<std::string>{"hard_filter \"q\""}));
}

TEST_F(ExecutorTest, AMissingOrDeadToolIsUnavailable) {
  auto result = execute(logging_tools(), {step("soft_filter", R"({"text": "heist"})")});
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, ErrorCode::tool_unavailable);
  EXPECT_NE(result.error->message.find("soft_filter"), std::string::npos);

  auto tools = logging_tools();
  caf::anon_send_exit(tools["rank"], caf::exit_reason::user_shutdown);
  run();
  result = execute(tools, {step("rank", "{}")});
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, ErrorCode::tool_unavailable);
  EXPECT_EQ(result.error->message.rfind("rank: tool unavailable", 0), 0u) << result.error->message;
}

TEST_F(ExecutorTest, PlansInFlightInterleaveAndEachGetsItsAnswer) {
  // Both plans are sent before either runs: the executor interleaves their steps.
  auto tools = logging_tools();
  auto executor = spawn_executor(sys_, tools, kCatalogSize, kStepLimit);
  self_->send(executor, atoms::run_atom_v, std::vector<Step>{step("hard_filter", "\"a\"")}, uint64_t{1}, UserContext{});
  self_->send(executor, atoms::run_atom_v, std::vector<Step>{step("hard_filter", "\"b\"")}, uint64_t{3}, UserContext{});
  run();
  std::vector<size_t> sizes{received<ExecResult>().picked.size(), received<ExecResult>().picked.size()};
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<size_t>{1, 3}));
  EXPECT_EQ(*log_, (std::vector<std::string>{"hard_filter \"a\"", "hard_filter \"b\"", "map {\"n\":1}",
                                             "map {\"n\":3}"}));
}

}  // namespace
}  // namespace interec

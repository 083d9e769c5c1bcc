// The session with fake memory, planner, executor and reflector on the
// deterministic scheduler: the order of a turn's steps, turns in order,
// relaxation rounds, what the planner offers, and every way a turn can fail
// still getting a reply that says what failed.
#include "actors/session.h"

#include <nlohmann/json.hpp>

#include "storage/catalog.h"
#include "tests/actors/deterministic.h"
#include "tests/test_data.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const Catalog> tiny_catalog() {
  static auto catalog = Catalog::open(test::tiny() + "/catalog.db");
  return catalog;
}

Step filter_step() { return HardFilterStep{"SELECT item_id FROM items", {}}; }

class SessionTest : public test::Deterministic {
 protected:
  SessionTest() {
    deps_.catalog = tiny_catalog();
    deps_.config.step_timeout = 1000ms;
    deps_.config.turn_timeout = 30000ms;
    deps_.config.reflection_rounds = 2;
    auto log = log_;
    // Defaults: every fake answers at once; each test replaces what it tests.
    recall_ = [log](const std::string& user) -> std::optional<Recall> {
      log->push_back("recall " + user);
      return Recall{};
    };
    plan_ = [log](const BrainRequest& r) -> std::optional<BrainPlan> {
      log->push_back("plan " + r.text);
      BrainPlan plan;
      plan.plan.steps = {filter_step()};
      plan.wanted = 2;
      plan.understood = r.text;
      return plan;
    };
    execute_ = [log](const std::vector<Step>&, uint64_t wanted, const UserContext&) -> std::optional<ExecResult> {
      log->push_back("run");
      ExecResult result;
      for (ItemIndex i = 0; i < static_cast<ItemIndex>(wanted); ++i) result.picked.push_back(i);
      return result;
    };
    judge_ = [log](const ReflectRequest&) {
      log->push_back("reflect");
      return Reflection{};
    };
    remember_ = [log](const ProfileUpdate&) {
      log->push_back("remember");
      return MemoryAck{};
    };
  }

  SessionActor start() {
    deps_.memory = test::fake_memory(sys_, recall_, remember_);
    deps_.planner = test::fake_planner(sys_, plan_, compose_);
    deps_.executor = test::fake_executor(sys_, execute_);
    deps_.reflector = test::fake_reflector(sys_, judge_);
    return spawn_session(sys_, std::make_shared<SessionDeps>(deps_));
  }

  void send(const SessionActor& session, const std::string& text) {
    self_->send(session, atoms::turn_atom_v, TurnRequest{"test", "u1", "", text});
  }

  TurnReply ask(const SessionActor& session, const std::string& text) {
    send(session, text);
    run();
    return received<TurnReply>();
  }

  std::string title(ItemIndex i) { return std::string(tiny_catalog()->title(i)); }

  SessionDeps deps_;
  std::shared_ptr<std::vector<std::string>> log_ = std::make_shared<std::vector<std::string>>();
  test::Script<Recall, const std::string&> recall_;
  test::Script<BrainPlan, const BrainRequest&> plan_;
  test::Script<ExecResult, const std::vector<Step>&, uint64_t, const UserContext&> execute_;
  std::function<Reflection(const ReflectRequest&)> judge_;
  std::function<MemoryAck(const ProfileUpdate&)> remember_;
  std::function<std::string(const std::string&)> compose_ = [](const std::string& draft) { return draft; };
};

TEST_F(SessionTest, ATurnRecallsPlansRunsReflectsRemembersAndAnswers) {
  auto reply = ask(start(), "two comedies");
  EXPECT_EQ(*log_, (std::vector<std::string>{"recall u1", "plan two comedies", "run", "reflect", "remember"}));
  EXPECT_FALSE(reply.error);
  ASSERT_EQ(reply.items.size(), 2u);
  EXPECT_EQ(reply.items[0].title, title(0));
  EXPECT_EQ(reply.items[0].item_id, tiny_catalog()->id(0));
  EXPECT_NE(reply.reply.find("Here are 2 picks for two comedies:\n1. " + title(0)), std::string::npos) << reply.reply;
  EXPECT_EQ(reply.plan, plan_to_json(Plan{{filter_step()}, std::nullopt}).dump());
}

TEST_F(SessionTest, TurnsOfOneSessionRunOneAfterAnotherInOrder) {
  auto session = start();
  for (const char* text : {"first", "second", "third"}) send(session, text);
  run();
  for (const char* text : {"first", "second", "third"})
    EXPECT_NE(received<TurnReply>().reply.find(std::string("picks for ") + text), std::string::npos) << text;
  // No turn began before the one ahead of it had been remembered.
  std::vector<std::string> expected;
  for (const char* text : {"first", "second", "third"})
    for (std::string step : {std::string("recall u1"), std::string("plan ") + text, std::string("run"),
                             std::string("reflect"), std::string("remember")})
      expected.push_back(step);
  EXPECT_EQ(*log_, expected);
}

TEST_F(SessionTest, ASilentPlannerFailsTheTurnAndTheNextTurnStillRuns) {
  plan_ = [](const BrainRequest&) -> std::optional<BrainPlan> { return std::nullopt; };
  auto session = start();
  send(session, "one");
  send(session, "two");
  run();
  EXPECT_TRUE(nothing_received());
  expire();
  auto reply = received<TurnReply>();
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::brain_failed);
  EXPECT_EQ(reply.reply, "Sorry, I could not finish that request: the planner did not answer in time.");
  expire();  // the second turn's planner request
  reply = received<TurnReply>();
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::brain_failed);
}

TEST_F(SessionTest, AFailingToolIsNamedInTheReplyWithItsCode) {
  execute_ = [](const std::vector<Step>&, uint64_t, const UserContext&) -> std::optional<ExecResult> {
    ExecResult result;
    result.error = Error{ErrorCode::tool_timeout, "rank: no answer within the step time limit (1000 ms)"};
    result.trace.push_back(StepTrace{"rank", "{}", 10, 10, 1000, result.error});
    return result;
  };
  auto reply = ask(start(), "two comedies");
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::tool_timeout);
  EXPECT_TRUE(reply.items.empty());
  EXPECT_EQ(reply.reply, "Sorry, I could not finish that request: rank: no answer within the step time limit (1000 ms).");
  ASSERT_EQ(reply.trace.size(), 1u);
  EXPECT_EQ(reply.trace[0].error, reply.error);
}

TEST_F(SessionTest, AnExecutorThatNeverAnswersIsATimeoutNotAToolError) {
  execute_ = [](const std::vector<Step>&, uint64_t, const UserContext&) -> std::optional<ExecResult> {
    return std::nullopt;
  };
  auto session = start();
  send(session, "two comedies");
  run();
  EXPECT_TRUE(nothing_received());
  expire();
  auto reply = received<TurnReply>();
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::timeout);
  EXPECT_NE(reply.reply.find("did not finish within the turn's time limit (30000 ms)"), std::string::npos)
    << reply.reply;
}

TEST_F(SessionTest, WithMemoryDownTheTurnIsAnsweredAndSaysItIsNotPersonalised) {
  recall_ = [](const std::string&) -> std::optional<Recall> { return std::nullopt; };
  auto session = start();
  send(session, "two comedies");
  run();
  expire();  // the recall's time limit
  auto reply = received<TurnReply>();
  EXPECT_EQ(reply.items.size(), 2u);
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::memory_unavailable);
  EXPECT_NE(reply.reply.find("I could not read your profile, so this answer is not personalised"), std::string::npos)
    << reply.reply;
}

TEST_F(SessionTest, AProfileThatCannotBeSavedIsSaid) {
  auto base = plan_;
  plan_ = [base](const BrainRequest& r) {
    auto plan = base(r);
    plan->learned.dislike_values = {"genres=Horror"};
    return plan;
  };
  remember_ = [](const ProfileUpdate& update) {
    EXPECT_EQ(update.dislike_values, std::vector<std::string>{"genres=Horror"});
    return MemoryAck{Error{ErrorCode::memory_unavailable, "memory: disk full"}};
  };
  auto reply = ask(start(), "I hate horror");
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::memory_unavailable);
  EXPECT_NE(reply.reply.find("(I could not save what you told me about your tastes: memory: disk full)"),
            std::string::npos)
    << reply.reply;
}

TEST_F(SessionTest, RelaxationIsBoundedAndKeepsTheStrictPicksFirst) {
  auto relaxes = std::make_shared<std::vector<std::vector<std::string>>>();
  plan_ = [relaxes](const BrainRequest& r) -> std::optional<BrainPlan> {
    relaxes->push_back(r.relax);
    BrainPlan plan;
    plan.plan.steps = {filter_step()};
    plan.wanted = 3;
    return plan;
  };
  auto round = std::make_shared<int>(0);
  execute_ = [round](const std::vector<Step>&, uint64_t, const UserContext&) -> std::optional<ExecResult> {
    ExecResult result;
    // Round 0 finds one item; every relaxed round finds others behind it.
    result.picked = *round == 0 ? std::vector<ItemIndex>{5} : std::vector<ItemIndex>{7, 5, 8};
    ++*round;
    return result;
  };
  judge_ = [round](const ReflectRequest& r) {
    Reflection verdict;
    verdict.accept = false;
    verdict.relax = {"condition " + std::to_string(*round)};
    EXPECT_EQ(r.answer, "") << "the default offers have no critic reading answers";
    return verdict;
  };
  auto reply = ask(start(), "three westerns from the 1940s");
  // Two rounds allowed: three plans, each relaxing one more condition.
  EXPECT_EQ(*relaxes, (std::vector<std::vector<std::string>>{
                        {}, {"condition 1"}, {"condition 1", "condition 2"}}));
  EXPECT_EQ(reply.relaxed, (std::vector<std::string>{"condition 1", "condition 2"}));
  ASSERT_EQ(reply.items.size(), 3u);
  EXPECT_EQ(reply.items[0].title, title(5));
  EXPECT_NE(reply.reply.find("Only 1 matched everything"), std::string::npos) << reply.reply;
}

TEST_F(SessionTest, NoNewRoundPastHalfTheTurnTime) {
  auto& clock = sched_.clock();
  execute_ = [&clock](const std::vector<Step>&, uint64_t, const UserContext&) -> std::optional<ExecResult> {
    clock.current_time += 16s;  // the plan took more than half of the 30 s
    return ExecResult{};
  };
  judge_ = [](const ReflectRequest&) {
    ADD_FAILURE() << "no reflection after half the turn's time";
    return Reflection{};
  };
  auto reply = ask(start(), "two comedies");
  EXPECT_FALSE(reply.error);
}

TEST_F(SessionTest, WhatThePlannerOffersDecidesComposingAndTheCriticsAnswer) {
  auto answers = std::make_shared<std::vector<std::string>>();
  judge_ = [answers](const ReflectRequest& r) {
    answers->push_back(r.answer);
    return Reflection{};
  };
  compose_ = [](const std::string& draft) { return "Rewritten: " + draft.substr(0, 9); };
  auto plain = ask(start(), "two comedies");
  EXPECT_EQ(plain.reply.rfind("Here are 2", 0), 0u) << plain.reply;

  deps_.offers.composes_replies = true;
  deps_.offers.critic_reads_answer = true;
  auto rewritten = ask(start(), "two comedies");
  EXPECT_EQ(rewritten.reply, "Rewritten: Here are ");
  ASSERT_EQ(answers->size(), 2u);
  EXPECT_EQ((*answers)[0], "");
  EXPECT_NE((*answers)[1].find(title(0)), std::string::npos) << (*answers)[1];
}

TEST_F(SessionTest, AFallbackPlanIsNotedWithTheBrainsTheOffersName) {
  deps_.offers.brain = "openai";
  auto base = plan_;
  plan_ = [base](const BrainRequest& r) {
    auto plan = base(r);
    plan->fallback = "HTTP 500";
    return plan;
  };
  auto reply = ask(start(), "two comedies");
  ASSERT_FALSE(reply.trace.empty());
  EXPECT_EQ(reply.trace[0].tool, "brain");
  EXPECT_EQ(reply.trace[0].input, R"({"instead_of":"openai","planned_by":"rules","reason":"HTTP 500"})");
  EXPECT_NE(reply.reply.find("The language model was unavailable: HTTP 500"), std::string::npos);
}

}  // namespace
}  // namespace interec

// The planner actor with scripted brains on the deterministic scheduler.
#include "actors/planner.h"

#include <atomic>
#include <set>

#include "tests/actors/deterministic.h"

namespace interec {
namespace {

// A brain that plans one step naming the request, or throws on "crash".
class ScriptedBrain : public Brain {
 public:
  explicit ScriptedBrain(std::shared_ptr<std::atomic<int>> made) : id_(++*made) {}
  const char* name() const override { return "scripted"; }
  BrainPlan plan(const BrainRequest& request) override {
    if (request.text == "crash") throw std::runtime_error("the brain fell over");
    BrainPlan plan;
    plan.plan.answer = "brain " + std::to_string(id_) + " planned " + request.text;
    return plan;
  }

 private:
  int id_;
};

class PlannerTest : public test::Deterministic {
 protected:
  Planner spawn(size_t instances) {
    auto made = made_;
    return spawn_planner(sys_, [made] { return std::make_unique<ScriptedBrain>(made); }, instances);
  }
  std::shared_ptr<std::atomic<int>> made_ = std::make_shared<std::atomic<int>>(0);
};

TEST_F(PlannerTest, PlansWithItsBrainAndOffersNothingElse) {
  Planner planner = spawn(1);
  EXPECT_FALSE(planner.offers.composes_replies);
  EXPECT_FALSE(planner.offers.critic_reads_answer);
  self_->send(planner.actor, atoms::plan_atom_v, BrainRequest{"comedies", 0, {}, {}, {}, "", {}});
  run();
  EXPECT_EQ(received<BrainPlan>().plan.answer, std::optional<std::string>("brain 1 planned comedies"));
  // A planner that does not compose answers the draft itself.
  self_->send(planner.actor, atoms::compose_atom_v, std::string("comedies"), std::string("Here are 5 picks"));
  run();
  EXPECT_EQ(received<std::string>(), "Here are 5 picks");
}

TEST_F(PlannerTest, ABrainThatThrowsIsAnErrorAndThePlannerLivesOn) {
  Planner planner = spawn(1);
  self_->send(planner.actor, atoms::plan_atom_v, BrainRequest{"crash", 0, {}, {}, {}, "", {}});
  run();
  // The session turns this into brain_failed with the message.
  auto error = received<caf::error>();
  EXPECT_EQ(error, caf::sec::runtime_error);
  EXPECT_NE(sys_.render(error).find("the brain fell over"), std::string::npos) << sys_.render(error);
  self_->send(planner.actor, atoms::plan_atom_v, BrainRequest{"dramas", 0, {}, {}, {}, "", {}});
  run();
  EXPECT_EQ(received<BrainPlan>().plan.answer, std::optional<std::string>("brain 1 planned dramas"));
}

TEST_F(PlannerTest, EachInstanceOfAPoolHasItsOwnBrain) {
  Planner planner = spawn(3);
  for (int k = 0; k < 3; ++k) self_->send(planner.actor, atoms::plan_atom_v, BrainRequest{"x", 0, {}, {}, {}, "", {}});
  run();
  EXPECT_EQ(made_->load(), 3);
  std::set<std::string> answers;
  for (int k = 0; k < 3; ++k) answers.insert(*received<BrainPlan>().plan.answer);
  EXPECT_EQ(answers, (std::set<std::string>{"brain 1 planned x", "brain 2 planned x", "brain 3 planned x"}));
}

}  // namespace
}  // namespace interec

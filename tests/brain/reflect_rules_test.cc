// reflect_by_rules: accept / relax decisions on hand-made plans and traces.
// A condition to relax is named by its id.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/brain.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using json = nlohmann::json;

// The id of a condition that is only a label.
std::string id_of(const std::string& label) { return condition_id("", label); }

Step filter(const std::vector<std::pair<std::string, int>>& conds) {
  HardFilterStep step{"SELECT item_id FROM items WHERE 1", {}};
  for (auto& [label, priority] : conds) step.conditions.push_back({id_of(label), label, priority, "", std::nullopt});
  return step;
}

Step hard_filter_json(const char* input) { return step_from_json("hard_filter", json::parse(input)); }

BrainPlan rec_plan(std::vector<Step> steps, size_t wanted = 5) {
  BrainPlan p;
  p.plan.steps = std::move(steps);
  p.plan.steps.push_back(RankStep{});
  p.plan.steps.push_back(MapStep{wanted, true});
  p.wanted = wanted;
  return p;
}

std::vector<StepTrace> trace_filter(uint64_t before, uint64_t after) {
  StepTrace t;
  t.tool = "hard_filter";
  t.before = before;
  t.after = after;
  return {t};
}

TEST(ReflectByRules, AcceptsAnswers) {
  BrainPlan p;
  p.plan.answer = "hello";
  p.wanted = 5;
  auto r = reflect_by_rules(p, {}, 0);
  EXPECT_TRUE(r.accept);
  EXPECT_TRUE(r.relax.empty());
}

TEST(ReflectByRules, AcceptsLookups) {
  BrainPlan p;
  p.plan.steps.push_back(LookupStep{"SELECT * FROM items WHERE item_id = '1'"});
  p.wanted = 0;
  EXPECT_TRUE(reflect_by_rules(p, {}, 0).accept);
  p.wanted = 5;  // a lookup answers a question whatever `wanted` says
  EXPECT_TRUE(reflect_by_rules(p, {}, 0).accept);
}

TEST(ReflectByRules, AcceptsEnoughItems) {
  auto p = rec_plan({filter({{"genres: Comedy", 2}})}, 5);
  EXPECT_TRUE(reflect_by_rules(p, trace_filter(1682, 505), 5).accept);
  EXPECT_TRUE(reflect_by_rules(p, trace_filter(1682, 505), 7).accept);
}

TEST(ReflectByRules, RelaxesLowestPriority) {
  auto p = rec_plan({filter({{"not genres: Horror", 3}, {"genres: Comedy", 2}, {"year 1995–1999", 1}})});
  auto r = reflect_by_rules(p, trace_filter(1682, 2), 2);
  EXPECT_FALSE(r.accept);
  ASSERT_EQ(r.relax.size(), 1u);
  EXPECT_EQ(r.relax[0], id_of("year 1995–1999"));
}

TEST(ReflectByRules, PriorityNotPosition) {
  // The lowest priority wins wherever it is listed.
  auto p = rec_plan({filter({{"year 1990–1999", 1}, {"genres: Comedy", 2}, {"not genres: War", 3}})});
  auto r = reflect_by_rules(p, trace_filter(1682, 0), 0);
  ASSERT_EQ(r.relax.size(), 1u);
  EXPECT_EQ(r.relax[0], id_of("year 1990–1999"));
}

TEST(ReflectByRules, TiesGoToTheLastListed) {
  // The brain lists equal priorities from fewest to most removed items.
  auto p = rec_plan({filter({{"genres: Comedy", 2}, {"genres: Romance", 2}, {"not genres: Horror", 3}})});
  auto r = reflect_by_rules(p, trace_filter(1682, 1), 1);
  ASSERT_EQ(r.relax.size(), 1u);
  EXPECT_EQ(r.relax[0], id_of("genres: Romance"));
}

TEST(ReflectByRules, ExclusionsAreRelaxedLast) {
  auto p = rec_plan({filter({{"not genres: Horror", 3}})});
  auto r = reflect_by_rules(p, trace_filter(1682, 0), 0);
  ASSERT_EQ(r.relax.size(), 1u);
  EXPECT_EQ(r.relax[0], id_of("not genres: Horror"));
}

TEST(ReflectByRules, NothingToRelaxAccepts) {
  // No hard_filter at all.
  auto p = rec_plan({SoftFilterStep{{"Heat (1995)"}, ""}});
  auto r = reflect_by_rules(p, {}, 1);
  EXPECT_TRUE(r.accept);
  EXPECT_TRUE(r.relax.empty());
  // A hard_filter written as a bare SQL string has no conditions to relax.
  auto q = rec_plan({HardFilterStep{"SELECT item_id FROM items WHERE year = 1995", {}}});
  EXPECT_TRUE(reflect_by_rules(q, trace_filter(1682, 3), 3).accept);
}

TEST(ReflectByRules, FilterThatRemovedNothingIsNotRelaxed) {
  auto p = rec_plan({filter({{"genres: Comedy", 2}})});
  auto r = reflect_by_rules(p, trace_filter(3, 3), 3);
  EXPECT_TRUE(r.accept);
}

TEST(ReflectByRules, FailedFilterIsRelaxed) {
  auto p = rec_plan({filter({{"genres: Comedy", 2}})});
  auto t = trace_filter(1682, 1682);
  t[0].error = Error{ErrorCode::tool_failed, "hard_filter: no such column"};
  auto r = reflect_by_rules(p, t, 0);
  EXPECT_FALSE(r.accept);
  ASSERT_EQ(r.relax.size(), 1u);
  EXPECT_EQ(r.relax[0], id_of("genres: Comedy"));
}

TEST(ReflectByRules, AConditionNotCheckedInTimeIsNotRelaxed) {
  // Its result is unknown: relaxing would answer "nothing matched" to a
  // question nobody answered. The failure is the reply.
  auto p = rec_plan({filter({{"not genres: Horror", 3}, {"genres: Comedy", 2}, {"year 1995–1999", 1}})});
  auto t = trace_filter(1682, 1682);
  t[0].error = Error{ErrorCode::condition_unchecked,
                     "hard_filter: could not check \"genres: Comedy\" over 1682 items in time (500 ms)"};
  auto r = reflect_by_rules(p, t, 0);
  EXPECT_TRUE(r.accept);
  EXPECT_TRUE(r.relax.empty());
}

TEST(ReflectByRules, MalformedConditionsAreNoConditions) {
  // What the JSON form leaves out of a model's conditions is never relaxed.
  BrainPlan p = rec_plan({hard_filter_json(R"({"sql":"q","conditions":[1,{"priority":2},{"label":7}]})"),
                          hard_filter_json(R"({"sql":"q","conditions":{"label":"x"}})")});
  Reflection r;
  EXPECT_NO_THROW(r = reflect_by_rules(p, {}, 0));
  EXPECT_TRUE(r.accept);
  // A condition without a priority counts as priority 0.
  BrainPlan q = rec_plan({filter({{"genres: Comedy", 2}}), hard_filter_json(R"({"sql":"q","conditions":[{"label":"odd"}]})")});
  r = reflect_by_rules(q, {}, 0);
  ASSERT_EQ(r.relax.size(), 1u);
  EXPECT_EQ(r.relax[0], id_of("odd"));
}

}  // namespace
}  // namespace interec

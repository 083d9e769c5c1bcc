#include "tools/plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace interec {
namespace {

using nlohmann::json;

TEST(Plan, ParsesAnArrayOfSteps) {
  const json j = json::parse(R"J([
    {"tool": "hard_filter", "input": "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'"},
    {"tool": "soft_filter", "input": {"similar_to": ["Toy Story (1995)"]}},
    {"tool": "rank", "input": {"schema": "preference", "prefer": [], "unwanted": []}},
    {"tool": "map"}])J");
  const Plan p = plan_from_json(j);
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_FALSE(p.answer);
  EXPECT_EQ(p.steps[0].tool, "hard_filter");
  EXPECT_EQ(json::parse(p.steps[0].input), "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'");
  EXPECT_EQ(json::parse(p.steps[1].input)["similar_to"][0], "Toy Story (1995)");
  EXPECT_EQ(p.steps[3].input, "{}");  // a missing input
}

TEST(Plan, ParsesPlanObjectAndAnswer) {
  const Plan p = plan_from_json(json::parse(R"J({"plan": [{"tool": "map", "input": {"n": 3}}]})J"));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(json::parse(p.steps[0].input)["n"], 3);

  const Plan a = plan_from_json(json::parse(R"J({"answer": "Hello!"})J"));
  EXPECT_TRUE(a.steps.empty());
  ASSERT_TRUE(a.answer);
  EXPECT_EQ(*a.answer, "Hello!");

  const Plan empty = plan_from_json(json::array());
  EXPECT_TRUE(empty.steps.empty());
  EXPECT_FALSE(empty.answer);
}

TEST(Plan, IgnoresExtraStepFields) {
  const Plan p = plan_from_json(json::parse(R"J([{"tool": "map", "input": {}, "why": "show"}])J"));
  ASSERT_EQ(p.steps.size(), 1u);
}

void expect_plan_error(const std::string& text, const std::string& fragment) {
  try {
    plan_from_json(json::parse(text));
    ADD_FAILURE() << "no PlanError for " << text;
  } catch (const PlanError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << "message '" << e.what() << "' lacks '" << fragment << "'";
  }
}

TEST(Plan, RejectsMalformedPlansWithPreciseMessages) {
  expect_plan_error(R"J("map")J", "JSON array");
  expect_plan_error(R"J(42)J", "JSON array");
  expect_plan_error(R"J({"steps": []})J", "\"plan\"");
  expect_plan_error(R"J({"plan": {"tool": "map"}})J", "must be an array");
  expect_plan_error(R"J({"answer": 3})J", "\"answer\" must be a string");
  expect_plan_error(R"J([{"input": {}}])J", "step 1 has no \"tool\"");
  expect_plan_error(R"J([{"tool": "map"}, {"tool": 7}])J", "step 2: \"tool\" must be a string");
  expect_plan_error(R"J([{"tool": "map"}, "rank"])J", "step 2 is not an object");
  expect_plan_error(R"J([{"tool": "search"}])J", "unknown tool \"search\"");
  expect_plan_error(R"J({"plan": [{"tool": "map"}], "answer": "x"})J", "both");
}

TEST(Plan, RoundTripsThroughJson) {
  const json j = json::parse(R"J([
    {"tool": "candidate_store", "input": ["Heat (1995)", "Toy Story"]},
    {"tool": "lookup", "input": "SELECT title FROM items LIMIT 1"},
    {"tool": "map", "input": {"n": 5, "exclude_seen": false}}])J");
  const Plan p = plan_from_json(j);
  EXPECT_EQ(plan_to_json(p), j);
  EXPECT_EQ(plan_from_json(plan_to_json(p)).steps.size(), 3u);

  Plan a;
  a.answer = "hi";
  EXPECT_EQ(plan_to_json(a), json::parse(R"J({"answer": "hi"})J"));
  EXPECT_EQ(plan_to_json(Plan{}), json::array());
}

}  // namespace
}  // namespace interec

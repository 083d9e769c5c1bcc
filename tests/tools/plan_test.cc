// The JSON form of plans (tools/plan_json.h): what it reads into typed steps,
// what it refuses, and that writing reads back to the same plan.
#include "tools/plan_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace interec {
namespace {

using nlohmann::json;

void expect_input_error(const std::string& tool, const json& input, const std::string& start) {
  try {
    step_from_json(tool, input);
    ADD_FAILURE() << "no PlanError for " << tool << " " << input.dump();
  } catch (const PlanError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(start, 0), 0u) << e.what();
  }
}

TEST(Plan, ParsesAnArrayOfSteps) {
  const json j = json::parse(R"J([
    {"tool": "hard_filter", "input": "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'"},
    {"tool": "soft_filter", "input": {"similar_to": ["Toy Story (1995)"]}},
    {"tool": "rank", "input": {"schema": "preference", "prefer": [], "unwanted": []}},
    {"tool": "map"}])J");
  const Plan p = plan_from_json(j);
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_FALSE(p.answer);
  ASSERT_EQ(kind_of(p.steps[0]), ToolKind::hard_filter);
  EXPECT_EQ(std::get<HardFilterStep>(p.steps[0]).sql, "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'");
  EXPECT_TRUE(std::get<HardFilterStep>(p.steps[0]).conditions.empty());
  EXPECT_EQ(std::get<SoftFilterStep>(p.steps[1]).similar_to, std::vector<std::string>{"Toy Story (1995)"});
  EXPECT_EQ(std::get<RankStep>(p.steps[2]).schema, RankSchema::preference);
  // A missing input is the tool's defaults.
  EXPECT_EQ(std::get<MapStep>(p.steps[3]).n, kDefaultListLength);
  EXPECT_TRUE(std::get<MapStep>(p.steps[3]).exclude_seen);
}

TEST(Plan, ReadsConditionsWithIdsDerivedFromTheirSql) {
  const json j = json::parse(R"J([{"tool": "hard_filter", "input": {
    "sql": "SELECT item_id FROM items WHERE year > 1990 AND genres LIKE '%Comedy%'",
    "conditions": [{"label": "after 1990", "priority": 1, "sql": "year > 1990"},
                   {"label": "comedy", "priority": 2, "sql": "genres LIKE '%Comedy%'"},
                   "a stray note",
                   {"label": "named", "priority": 3, "id": "mine"}]}}])J");
  const Plan p = plan_from_json(j);
  const auto& filter = std::get<HardFilterStep>(p.steps[0]);
  ASSERT_EQ(filter.conditions.size(), 3u);
  EXPECT_EQ(filter.conditions[0].id, condition_id("year > 1990", "after 1990"));
  EXPECT_EQ(filter.conditions[0].priority, 1);
  EXPECT_EQ(filter.sql, conjunction_sql({filter.conditions[0], filter.conditions[1]}));
  EXPECT_EQ(filter.conditions[2].id, "mine");
  EXPECT_NE(condition_id("year > 1990", "x"), condition_id("year > 1991", "x"));
  EXPECT_EQ(condition_id("year > 1990", "x"), condition_id("year > 1990", "y"));  // the SQL decides
  ASSERT_TRUE(find_condition(p, filter.conditions[1].id));
  EXPECT_EQ(find_condition(p, filter.conditions[1].id)->label, "comedy");
  EXPECT_FALSE(find_condition(p, "c00000000"));
  // A derived id is not written; a given one is.
  const json back = plan_to_json(p)[0]["input"]["conditions"];
  EXPECT_FALSE(back[0].contains("id"));
  EXPECT_EQ(back[2]["id"], "mine");
  EXPECT_EQ(plan_to_json(plan_from_json(plan_to_json(p))), plan_to_json(p));
}

TEST(Plan, RefusesBadInputsNamingTheTool) {
  expect_input_error("lookup", json{{"query", "x"}}, "lookup: input must be SQL text");
  expect_input_error("hard_filter", 3, "hard_filter: input must be SQL text");
  expect_input_error("candidate_store", json::array(), "candidate_store: no item names given");
  expect_input_error("soft_filter", "toy story", "soft_filter: input must be");
  expect_input_error("soft_filter", json{{"text", "  "}}, "soft_filter: give item names");
  expect_input_error("rank", json{{"schema", "random"}}, "rank: unknown schema \"random\"");
  expect_input_error("rank", json{{"foo", 1}}, "rank: unknown input field \"foo\"");
  expect_input_error("map", json{{"n", "five"}}, "map: \"n\" must be a number");
  EXPECT_EQ(std::get<MapStep>(step_from_json("map", json{{"n", 1000}})).n, kMaxListLength);
  EXPECT_EQ(std::get<MapStep>(step_from_json("map", json{{"n", 0}})).n, 1u);
}

TEST(Plan, ParsesPlanObjectAndAnswer) {
  const Plan p = plan_from_json(json::parse(R"J({"plan": [{"tool": "map", "input": {"n": 3}}]})J"));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(std::get<MapStep>(p.steps[0]).n, 3u);

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


TEST(Plan, RankReadsAndWritesSoftValues) {
  const json input = json::parse(
      R"J({"schema": "similarity", "soft": [{"column": "tags", "value": "feel-good", "weight": 0.8},
                                             {"column": "tags", "value": "gore", "weight": -3}]})J");
  const Step step = step_from_json("rank", input);
  const auto& rank = std::get<RankStep>(step);
  ASSERT_EQ(rank.soft.size(), 2u);
  EXPECT_EQ(rank.soft[0].column, "tags");
  EXPECT_EQ(rank.soft[0].value, "feel-good");
  EXPECT_FLOAT_EQ(rank.soft[0].weight, 0.8f);
  EXPECT_FLOAT_EQ(rank.soft[1].weight, -1.0f);  // clamped
  const json back = step_input_json(step);
  EXPECT_EQ(back.at("soft").at(0).at("weight"), 0.8);
  EXPECT_EQ(std::get<RankStep>(step_from_json("rank", back)).soft.size(), 2u);
  expect_input_error("rank", json::parse(R"J({"soft": [{"column": "tags"}]})J"), "rank: \"soft\" must be");
  expect_input_error("rank", json::parse(R"J({"soft": "tags"})J"), "rank: \"soft\" must be");
}

}  // namespace
}  // namespace interec

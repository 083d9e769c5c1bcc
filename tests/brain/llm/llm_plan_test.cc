// Reading plans out of what models write: a table of answers and the plan
// (canonical JSON) or the error each must give.
#include "brain/llm/llm_plan.h"
#include "tools/plan_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace interec {
namespace {

struct ParseCase {
  const char* name;
  const char* answer;
  const char* plan;   // canonical plan JSON, or nullptr when an error is expected
  const char* error;  // substring of the error
};

const ParseCase kCases[] = {
  {"bare array", R"([{"tool":"map","input":{"n":3}}])", R"([{"input":{"n":3},"tool":"map"}])", nullptr},
  {"json fence with prose",
   "Sure! Here is the plan:\n```json\n[{\"tool\": \"hard_filter\", \"input\": \"SELECT item_id FROM items WHERE year > 1990\"}]\n```\nHope it helps.",
   R"([{"input":"SELECT item_id FROM items WHERE year > 1990","tool":"hard_filter"}])", nullptr},
  {"fence without language", "```\n[{\"tool\":\"rank\",\"input\":{\"schema\":\"popularity\"}}]\n```",
   R"([{"input":{"schema":"popularity"},"tool":"rank"}])", nullptr},
  {"text around the array", "Plan: [{\"tool\":\"map\",\"input\":{\"n\":2}}] -- done",
   R"([{"input":{"n":2},"tool":"map"}])", nullptr},
  {"plan object", R"({"plan": [{"tool": "map", "input": {"n": 4}}]})", R"([{"input":{"n":4},"tool":"map"}])", nullptr},
  {"steps object", R"({"steps": [{"tool": "map", "input": {"n": 4}}]})", R"([{"input":{"n":4},"tool":"map"}])", nullptr},
  {"single step object", R"({"tool": "map", "input": {"n": 1}})", R"([{"input":{"n":1},"tool":"map"}])", nullptr},
  {"answer object", R"({"answer": "Hello there"})", R"({"answer":"Hello there"})", nullptr},
  {"response key read as answer", R"({"response": "Hi"})", R"({"answer":"Hi"})", nullptr},
  {"camel case tool", R"([{"tool":"HardFilter","input":"SELECT item_id FROM items"}])",
   R"([{"input":"SELECT item_id FROM items","tool":"hard_filter"}])", nullptr},
  {"alias ranking", R"([{"tool":"ranking","input":{"schema":"preference"}}])",
   R"([{"input":{"schema":"preference"},"tool":"rank"}])", nullptr},
  {"tool suffix", R"([{"tool":"soft_filter_tool","input":{"similar_to":["Heat"]}}])",
   R"([{"input":{"similar_to":["Heat"]},"tool":"soft_filter"}])", nullptr},
  {"typo", R"([{"tool":"candidate_stor","input":["Heat"]}])", R"([{"input":["Heat"],"tool":"candidate_store"}])", nullptr},
  {"name and arguments keys", R"([{"name":"mapping","arguments":{"n":2}}])", R"([{"input":{"n":2},"tool":"map"}])", nullptr},
  {"tool as key", R"([{"lookup": "SELECT title FROM items"}])", R"([{"input":"SELECT title FROM items","tool":"lookup"}])", nullptr},
  {"input as JSON text", R"([{"tool":"rank","input":"{\"schema\": \"popularity\"}"}])",
   R"([{"input":{"schema":"popularity"},"tool":"rank"}])", nullptr},
  {"query field read as sql", R"([{"tool":"lookup","input":{"query":"SELECT 1"}}])",
   R"([{"input":"SELECT 1","tool":"lookup"}])", nullptr},
  {"map input as a number", R"([{"tool":"map","input":7}])", R"([{"input":{"n":7},"tool":"map"}])", nullptr},
  {"empty answer", "   ", nullptr, "empty"},
  {"prose only", "I think you would enjoy Heat and Casino.", nullptr, "no JSON plan"},
  {"unknown tool", R"([{"tool":"teleport","input":{}}])", nullptr, "unknown tool \"teleport\""},
  {"empty plan", "[]", nullptr, "no steps"},
  {"step not an object", R"(["map"])", nullptr, "not an object"},
  {"answer and steps", R"({"plan":[{"tool":"map"}],"answer":"x"})", nullptr, "both"},
  {"json but not a plan", R"({"foo": 1})", nullptr, "not a plan"},
  {"truncated json", "[{\"tool\": \"map\", \"input\": {\"n\"", nullptr, "no JSON plan"},
};

TEST(LlmPlanParse, Table) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    LlmPlanParse p = parse_llm_plan(c.answer);
    if (c.plan) {
      ASSERT_TRUE(p.plan.has_value()) << p.error;
      EXPECT_EQ(plan_to_json(*p.plan), nlohmann::json::parse(c.plan));
    } else {
      EXPECT_FALSE(p.plan.has_value());
      EXPECT_NE(p.error.find(c.error), std::string::npos) << p.error;
      // The error teaches the model the format.
      EXPECT_NE(p.error.find("JSON array of steps"), std::string::npos) << p.error;
    }
  }
}

TEST(LlmPlanParse, RepairsAreReported) {
  LlmPlanParse p = parse_llm_plan(R"([{"tool":"ranking","input":{"schema":"popularity"}}])");
  ASSERT_TRUE(p.plan);
  ASSERT_EQ(p.repairs.size(), 1u);
  EXPECT_NE(p.repairs[0].find("\"ranking\" read as \"rank\""), std::string::npos);
}

TEST(LlmPlanParse, ToolNames) {
  const std::pair<const char*, const char*> names[] = {
    {"lookup", "lookup"}, {"Lookup", "lookup"}, {"sql_query", "lookup"}, {"candidate-store", "candidate_store"},
    {"CandidateStore", "candidate_store"}, {"store_candidates", "candidate_store"}, {"filter", "hard_filter"},
    {"hard filter", "hard_filter"}, {"similarity", "soft_filter"}, {"SoftFilterTool", "soft_filter"},
    {"sort", "rank"}, {"rank_tool", "rank"}, {"map_items", "map"}, {"topn", "map"}, {"mapp", "map"},
  };
  for (const auto& [given, real] : names) {
    auto m = map_tool_name(given);
    ASSERT_TRUE(m.has_value()) << given;
    EXPECT_EQ(*m, real) << given;
  }
  for (const char* nonsense : {"teleport", "x", "", "delete_everything"})
    EXPECT_FALSE(map_tool_name(nonsense).has_value()) << nonsense;
}

TEST(LlmPlanParse, NeverThrowsOnGarbage) {
  for (const char* g : {"{{{{", "]]]", "```json\n```", "\x01\x02\xff", "[{\"tool\": 5}]", "null", "42"})
    EXPECT_NO_THROW(parse_llm_plan(g));
  std::string deep(100000, '[');
  EXPECT_NO_THROW(parse_llm_plan(deep));
}

}  // namespace
}  // namespace interec

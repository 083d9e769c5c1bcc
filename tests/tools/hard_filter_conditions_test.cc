// hard_filter runs a conjunction the rules brain wrote condition by
// condition (each one cached) and intersects: the result must be exactly the
// whole query's, for every hard_filter plan of the golden files.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_data.h"
#include "tests/tools/tools_fixture.h"

namespace interec {
namespace {

using json = nlohmann::json;

// Every hard_filter input of a golden plan file.
std::vector<json> golden_filters(const std::string& file) {
  std::ifstream in(test::source_root() + "/tests/golden/" + file);
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const json plan = json::parse(line.substr(tab + 1), nullptr, false);
    if (!plan.is_array()) continue;
    for (const auto& step : plan)
      if (step.value("tool", "") == "hard_filter" && step["input"].is_object()) out.push_back(step["input"]);
  }
  return out;
}

TEST(HardFilterConditions, ConditionByConditionEqualsTheWholeQuery) {
  INTEREC_REQUIRE_BOX(box);
  const std::vector<json> filters = golden_filters("rules_brain_ml100k.tsv");
  ASSERT_GE(filters.size(), 50u);
  size_t several = 0;
  for (const json& input : filters) {
    ASSERT_TRUE(input["conditions"].is_array()) << input.dump();
    several += input["conditions"].size() > 1;
    // A fresh tool each time: nothing cached from the other path.
    const ToolOutput parts = test::run_tool(box, "hard_filter", Bus{}, input);
    const ToolOutput whole = test::run_tool(box, "hard_filter", Bus{}, json(input["sql"]));
    EXPECT_EQ(parts.bus.items, whole.bus.items) << input.dump();
  }
  EXPECT_GE(several, 20u) << "the golden plans should exercise conjunctions";
}

TEST(HardFilterConditions, ConditionsThatDoNotMakeUpTheQueryAreNotTrusted) {
  INTEREC_REQUIRE_BOX(box);
  // The labels say Comedy, the query says Horror: the query decides.
  const json input = {
    {"sql", "SELECT item_id FROM items WHERE ('|' || genres || '|') LIKE '%|Horror|%'"},
    {"conditions", json::array({{{"label", "genres: Comedy"},
                                 {"priority", 2},
                                 {"sql", "('|' || genres || '|') LIKE '%|Comedy|%'"}}})}};
  const ToolOutput out = test::run_tool(box, "hard_filter", Bus{}, input);
  ASSERT_FALSE(out.bus.items.empty());
  for (ItemIndex i : out.bus.items) EXPECT_TRUE(test::has_genre(*box, i, "Horror"));
}

TEST(HardFilterConditions, AConditionSharedByTwoQueriesGivesEachItsOwnResult) {
  INTEREC_REQUIRE_BOX(box);
  auto tool = make_tool("hard_filter", box);
  auto cond = [](const std::string& label, const std::string& sql) {
    return json{{"label", label}, {"priority", 1}, {"sql", sql}};
  };
  const json comedy = cond("genres: Comedy", "('|' || genres || '|') LIKE '%|Comedy|%'");
  const json nineties = cond("year 1990–1999", "year BETWEEN 1990 AND 1999");
  const json eighties = cond("year 1980–1989", "year BETWEEN 1980 AND 1989");
  auto input = [](const std::vector<json>& conds) {
    std::string sql = "SELECT item_id FROM items WHERE ";
    for (size_t k = 0; k < conds.size(); ++k) sql += (k ? " AND " : "") + conds[k]["sql"].get<std::string>();
    return json{{"sql", sql}, {"conditions", conds}};
  };
  const ToolOutput a = tool->run(Bus{}, input({comedy, nineties}), {});
  const ToolOutput b = tool->run(Bus{}, input({comedy, eighties}), {});
  ASSERT_FALSE(a.bus.items.empty());
  ASSERT_FALSE(b.bus.items.empty());
  for (ItemIndex i : a.bus.items) EXPECT_TRUE(test::has_genre(*box, i, "Comedy"));
  // The same sets as the plain queries.
  EXPECT_EQ(b.bus.items, test::run_tool(box, "hard_filter", Bus{}, json(input({comedy, eighties})["sql"])).bus.items);
}

}  // namespace
}  // namespace interec

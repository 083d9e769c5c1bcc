// hard_filter runs a conjunction the rules brain wrote condition by
// condition and intersects, each condition answered by the catalog index
// (storage/sql_predicate.h) or, when the index cannot, by SQL: the result
// must be exactly what the whole query selects in SQLite, for every
// hard_filter plan of the golden files.
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/readonly_sql.h"
#include "storage/sql_predicate.h"
#include "tests/test_data.h"
#include "tests/tools/tools_fixture.h"
#include "tools/tool.h"
#include "tools/trace.h"

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
  auto tool = make_tool(ToolKind::hard_filter, box);
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
  const ToolOutput a = tool->run(Bus{}, step_from_json("hard_filter", input({comedy, nineties})), {});
  const ToolOutput b = tool->run(Bus{}, step_from_json("hard_filter", input({comedy, eighties})), {});
  ASSERT_FALSE(a.bus.items.empty());
  ASSERT_FALSE(b.bus.items.empty());
  for (ItemIndex i : a.bus.items) EXPECT_TRUE(test::has_genre(*box, i, "Comedy"));
  // The same sets as the plain queries.
  EXPECT_EQ(b.bus.items, test::run_tool(box, "hard_filter", Bus{}, json(input({comedy, eighties})["sql"])).bus.items);
}

// The golden requests' filters through the index path against SQLite on the
// whole query: the same items, and every golden condition really answered by
// the index (none fell back to SQL).
void index_path_equals_sql_path(const std::shared_ptr<const Toolbox>& box, const std::string& golden) {
  ASSERT_NE(box->dataset->index, nullptr) << "the prepared folder has no catalog.idx";
  const Catalog& catalog = *box->dataset->catalog;
  ReadOnlySql sql(catalog.db_path(), std::chrono::milliseconds(10000), catalog.size() + 1);
  const std::vector<json> filters = golden_filters(golden);
  ASSERT_GE(filters.size(), 20u) << golden;
  for (const json& input : filters) {
    for (const json& cond : input["conditions"]) {
      auto preds = predicates_of_where(cond["sql"].get<std::string>(), catalog);
      ASSERT_TRUE(preds.has_value()) << "not translated: " << cond.dump();
      for (const auto& p : *preds) EXPECT_EQ(box->dataset->index->unsupported(p), "") << cond.dump();
    }
    const ToolOutput by_index = test::run_tool(box, "hard_filter", Bus{}, input);
    std::vector<ItemIndex> by_sql;
    for (const auto& row : sql.query(input["sql"].get<std::string>()).rows)
      by_sql.push_back(*catalog.find(row[0]));
    std::sort(by_sql.begin(), by_sql.end());
    EXPECT_EQ(by_index.bus.items, by_sql) << input.dump();
  }
}

TEST(HardFilterConditions, IndexPathSelectsWhatSqlSelectsOnTheGoldenRequestsMl100k) {
  INTEREC_REQUIRE_BOX(box);
  index_path_equals_sql_path(box, "rules_brain_ml100k.tsv");
}

TEST(HardFilterConditions, IndexPathSelectsWhatSqlSelectsOnTheGoldenRequestsMlLatest) {
  const std::string dir = test::prepared("ml-latest-small");
  if (dir.empty()) GTEST_SKIP() << "../shared/data/ml-latest-small is absent: this test needs it";
  index_path_equals_sql_path(Toolbox::open(dir), "rules_brain_ml_latest.tsv");
}

TEST(HardFilterConditions, AConditionPastTheTimeBoundIsNamedNotEmpty) {
  INTEREC_REQUIRE_BOX(box);
  // A condition SQLite cannot finish (an endless recursive CTE), beside one
  // the index answers: the step fails naming it, it does not come back empty.
  const std::string slow =
      "item_id IN (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n)";
  const std::string comedy = "('|' || genres || '|') LIKE '%|Comedy|%'";
  const json input = {{"sql", "SELECT item_id FROM items WHERE " + comedy + " AND " + slow},
                      {"conditions", json::array({{{"label", "genres: Comedy"}, {"priority", 2}, {"sql", comedy}},
                                                  {{"label", "endless"}, {"priority", 1}, {"sql", slow}}})}};
  try {
    test::run_tool(box, "hard_filter", Bus{}, input);
    ADD_FAILURE() << "the endless condition came back";
  } catch (const ToolError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("hard_filter: could not check \"endless\" over 1682 items in time"), std::string::npos) << msg;
    EXPECT_EQ(e.code, ErrorCode::condition_unchecked) << msg;
    EXPECT_NE(msg.find("500 ms"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace interec

// Values named after their column, long product titles and two-word column
// names, on a generated catalog shaped like the Steam and Amazon data: a
// brand column with over a hundred values (each on a few items, so the brain does
// not know them unprompted), a two-word yes/no column whose name is also a
// genre ("early access"), and titles of twenty words and more.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/rules/rules_brain.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using json = nlohmann::json;

const char* const kLongTitle =
  "Neiko 50458A Snap Ring Shop Assortment, 300 Count 18 Sizes (1/8 - 1-1/4) Hardened Steel "
  "with Storage Case and Extra Long Reach Pliers Set";

class ColumnValues : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = test::scratch_dir("column-values-src");
    std::ofstream items(src + "/items.tsv");
    items << "item_id\ttitle\tbrand\tgenres\tearly_access\n";
    for (int i = 0; i < 300; ++i) {
      const std::string brand = i == 7 ? "LD Carlson" : i == 8 ? "Sealed Unit Parts Co., Inc." : "Maker " + std::to_string(i % 118);
      const std::string genres = i % 3 == 0 ? "Action|Early Access" : i % 3 == 1 ? "Action" : "Puzzle";
      const std::string title = i == 9 ? kLongTitle : "Item number " + std::to_string(i);
      items << i << "\t" << title << "\t" << brand << "\t" << genres << "\t" << (i % 2 ? "true" : "false") << "\n";
    }
    items.close();
    std::ofstream inter(src + "/interactions.tsv");
    inter << "user_id\titem_id\n";
    for (int u = 0; u < 40; ++u)
      for (int i = u % 7; i < 300; i += 7) inter << u << "\t" << i << "\n";
    inter.close();
    const std::string out = test::prepare_into(src, test::scratch_dir("column-values-prepared"));
    brain_ = std::make_shared<RulesBrain>(Toolbox::open(out));
  }
  static void TearDownTestSuite() { brain_.reset(); }
  static json steps(const std::string& text) {
    BrainRequest r;
    r.text = text;
    return plan_to_json(brain_->plan(r).plan);
  }
  static std::string sql(const std::string& text) {
    for (const auto& s : steps(text))
      if (s["tool"] == "hard_filter") return s["input"]["sql"];
    return "";
  }
  static inline std::shared_ptr<RulesBrain> brain_;
};

TEST_F(ColumnValues, ARareValueCountsRightAfterItsColumnsName) {
  const std::string w = "SELECT item_id FROM items WHERE ";
  EXPECT_EQ(sql("something with brand LD Carlson"), w + "brand = 'LD Carlson'");
  EXPECT_EQ(sql("brand: Sealed Unit Parts Co., Inc. please"), w + "brand = 'Sealed Unit Parts Co., Inc.'");
  // Unprompted, a value on one item of a 120-value column is not a value.
  EXPECT_EQ(sql("something from LD Carlson"), "");
}

TEST_F(ColumnValues, ATwoWordColumnNameIsNotTakenForAValue) {
  const std::string w = "SELECT item_id FROM items WHERE ";
  EXPECT_EQ(sql("an action game with early access true"),
            w + "('|' || genres || '|') LIKE '%|Action|%' AND early_access = 'true'");
  // Without a value after it, "early access" is the genre.
  EXPECT_EQ(sql("an early access game"), w + "('|' || genres || '|') LIKE '%|Early Access|%'");
}

TEST_F(ColumnValues, ALongTitleIsOneSeedWithNoConditionsFromItsWords) {
  const json plan = steps(std::string("something like ") + kLongTitle);
  ASSERT_GE(plan.size(), 1u) << plan.dump();
  EXPECT_EQ(plan[0]["tool"], "soft_filter") << plan.dump();
  EXPECT_EQ(plan[0]["input"]["similar_to"], json::array({kLongTitle})) << plan.dump();
  // "300 Count" is part of the name, not how many to show.
  EXPECT_EQ(plan.back()["input"]["n"], 5) << plan.dump();
}

}  // namespace
}  // namespace interec

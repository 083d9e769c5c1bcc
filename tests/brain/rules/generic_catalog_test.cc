// The rules brain knows no domain: on a small generic catalog (tools, with a
// single-valued brand, multi-valued categories, a price and a release date)
// it learns the same kinds of things it learns from MovieLens.
#include <filesystem>
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

class GenericCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = test::scratch_dir("generic-brain-src");
    std::ofstream items(src + "/items.csv");
    items << "item_id,title,brand,categories,price,release_date\n"
             "1,Claw Hammer,Stanley,Hand Tools|Hammers,12.5,2015-03-01\n"
             "2,Cordless Drill,Bosch,Power Tools|Drills,89.99,2019-06-10\n"
             "3,Tape Measure,Stanley,Hand Tools|Measuring,7.25,2012-01-20\n"
             "4,Safety Glasses,3M,Safety|Eyewear,4.99,2018-09-09\n"
             "5,Jigsaw,Bosch,Power Tools|Saws,65,2016-11-30\n"
             "6,Utility Knife,Stanley,Hand Tools|Knives,9.5,2020-02-02\n"
             "7,Ear Plugs,3M,Safety|Hearing,3.5,2014-05-05\n"
             "8,Hand Saw,Irwin,Hand Tools|Saws,19,2011-07-07\n";
    items.close();
    std::ofstream inter(src + "/interactions.csv");
    inter << "user_id,item_id\n";
    for (int u = 1; u <= 6; ++u)
      for (int i = 1; i <= 8; ++i)
        if ((u + i) % 3 != 0) inter << u << "," << i << "\n";
    inter.close();
    const std::string out = test::prepare_into(src, test::scratch_dir("generic-brain-prepared"));
    box_ = Toolbox::open(out);
    brain_ = std::make_shared<RulesBrain>(box_);
  }
  static void TearDownTestSuite() {
    brain_.reset();
    box_.reset();
  }
  static std::string plan(const std::string& text) {
    BrainRequest r;
    r.text = text;
    return plan_to_json(brain_->plan(r).plan).dump();
  }
  static std::string sql(const std::string& text) {
    BrainRequest r;
    r.text = text;
    for (const auto& s : brain_->plan(r).plan.steps)
      if (const auto* filter = std::get_if<HardFilterStep>(&s)) return filter->sql;
    return "";
  }
  static inline std::shared_ptr<const Toolbox> box_;
  static inline std::shared_ptr<RulesBrain> brain_;
};

TEST_F(GenericCatalog, LearnsRoles) {
  const Vocabulary& v = brain_->vocabulary();
  ASSERT_NE(v.role(NumericRole::price), nullptr);
  EXPECT_EQ(v.role(NumericRole::price)->name, "price");
  ASSERT_NE(v.role(NumericRole::year), nullptr);
  EXPECT_EQ(v.role(NumericRole::year)->name, "release_date_year");
  EXPECT_EQ(v.role(NumericRole::rating), nullptr);
}

TEST_F(GenericCatalog, Plans) {
  const std::string w = "SELECT item_id FROM items WHERE ";
  // Single-valued text column: equality; several values: IN.
  EXPECT_EQ(sql("something from Stanley"), w + "brand = 'Stanley'");
  EXPECT_EQ(sql("stanley or bosch"), w + "brand IN ('Stanley', 'Bosch')");
  EXPECT_EQ(sql("no bosch"), w + "COALESCE(brand, '') <> 'Bosch'");
  // Multi-valued column with multi-word values.
  EXPECT_EQ(sql("hand tools"), w + "('|' || categories || '|') LIKE '%|Hand Tools|%'");
  EXPECT_EQ(sql("power tool"), w + "('|' || categories || '|') LIKE '%|Power Tools|%'");
  // Price phrases.
  EXPECT_EQ(sql("hand tools under $10"),
            w + "('|' || categories || '|') LIKE '%|Hand Tools|%' AND price < 10");
  EXPECT_EQ(sql("cheaper than 20 dollars"), w + "price < 20");
  EXPECT_EQ(sql("a saw for less than 50 bucks"),
            w + "('|' || categories || '|') LIKE '%|Saws|%' AND price < 50");
  EXPECT_EQ(sql("price at least 60"), w + "price >= 60");
  // A date column through its _year companion.
  EXPECT_EQ(sql("released after 2015"), w + "release_date_year >= 2016");
  EXPECT_EQ(sql("stanley from the 2010s"),
            w + "brand = 'Stanley' AND release_date_year BETWEEN 2010 AND 2019");
  // Rating phrases on a catalog without ratings are ignored.
  EXPECT_EQ(sql("rated above 4"), "");
  // Seeds and counts.
  EXPECT_EQ(plan("2 like the claw hammer"),
            R"([{"input":{"similar_to":["Claw Hammer"]},"tool":"soft_filter"},)"
            R"({"input":{"schema":"similarity"},"tool":"rank"},{"input":{"n":2},"tool":"map"}])");
  // Lookups choose the columns the question names.
  EXPECT_EQ(plan("how much is the Jigsaw?"),
            R"([{"input":"SELECT title, price FROM items WHERE item_id = '5'","tool":"lookup"}])");
  EXPECT_EQ(plan("when was the Jigsaw released?"),
            R"([{"input":"SELECT title, release_date FROM items WHERE item_id = '5'","tool":"lookup"}])");
  EXPECT_EQ(plan("what brand is the Jigsaw?"),
            R"([{"input":"SELECT title, brand FROM items WHERE item_id = '5'","tool":"lookup"}])");
  // Help names this catalog's columns.
  BrainRequest r;
  r.text = "hello";
  auto help = brain_->plan(r);
  ASSERT_TRUE(help.plan.answer);
  EXPECT_NE(help.plan.answer->find("brand"), std::string::npos);
  EXPECT_NE(help.plan.answer->find("price"), std::string::npos);
}

}  // namespace
}  // namespace interec

// A value of a single-valued column too rare to be recognised in any word
// (a brand on three of 240 items) is understood when the user writes it as
// a name: with a capital, or after "by" / "from" (docs/understanding.md,
// "Rare values named as names"); and a column's name before its value is
// understood with it, not reported as a word it could not use.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/rules/rules_brain.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using json = nlohmann::json;

class RareValues : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = test::scratch_dir("rare-values-src");
    std::ofstream items(src + "/items.csv");
    // 240 items: 115 brands on two items each (so the brand column has
    // over 100 distinct values, where values on fewer than 5 items are not
    // recognised unprompted), Mitutoyo on 3, Stanley on 7; tags are free
    // (multi-valued, over 100 distinct) and "gauge" is on 3 items only.
    items << "item_id,title,brand,categories,tags\n";
    for (int i = 0; i < 230; ++i)
      items << i << ",Widget " << i << ",Maker" << i / 2 << ",Tools|Misc,shiny|tag" << i << "\n";
    for (int i = 230; i < 233; ++i) items << i << ",Caliper " << i << ",Mitutoyo,Tools|Calipers,precise|gauge\n";
    for (int i = 233; i < 240; ++i) items << i << ",Hammer " << i << ",Stanley,Tools|Hammers,heavy\n";
    items.close();
    std::ofstream inter(src + "/interactions.csv");
    inter << "user_id,item_id\n";
    for (int u = 1; u <= 20; ++u)
      for (int i = 0; i < 240; i += 1 + u % 7) inter << u << "," << i << "\n";
    inter.close();
    box_ = Toolbox::open(test::prepare_into(src, test::scratch_dir("rare-values")));
    brain_ = std::make_shared<RulesBrain>(box_);
  }
  static void TearDownTestSuite() {
    brain_.reset();
    box_.reset();
  }
  static json understood(const std::string& text) { return brain_->understand(text); }
  static inline std::shared_ptr<const Toolbox> box_;
  static inline std::shared_ptr<RulesBrain> brain_;
};

TEST_F(RareValues, ANameWithACapitalIsTheRareValue) {
  EXPECT_EQ(understood("Mitutoyo calipers").value("conditions", json::array()),
            json({"brand: Mitutoyo", "categories: Calipers"}));
}

TEST_F(RareValues, ANameAfterByOrFromIsTheRareValue) {
  EXPECT_EQ(understood("something from mitutoyo").value("conditions", json::array()), json({"brand: Mitutoyo"}));
  EXPECT_EQ(understood("anything made by mitutoyo").value("conditions", json::array()), json({"brand: Mitutoyo"}));
}

TEST_F(RareValues, AnUncuedLowerCaseRareValueIsNotGuessed) {
  const json u = understood("calipers mitutoyo");
  EXPECT_EQ(u.value("conditions", json::array()), json({"categories: Calipers"}));
  EXPECT_EQ(u.value("unknown", json::array()), json({"mitutoyo"}));
}

TEST_F(RareValues, RareFreeTagsStayUnread) {
  // "gauge" is a tag on 3 items: a multi-valued column's rare values are noise.
  EXPECT_EQ(understood("something from Gauge").value("conditions", json::array()), json::array());
}

TEST_F(RareValues, TheColumnNameBeforeItsValueIsUnderstood) {
  const json u = understood("brand mitutoyo");
  EXPECT_EQ(u.value("conditions", json::array()), json({"brand: Mitutoyo"}));
  EXPECT_FALSE(u.contains("unknown")) << u.dump();
}

}  // namespace
}  // namespace interec

// A value of a single-valued column too rare to be recognised in any word
// (a brand on three of 240 items) is understood when the user writes it as
// a name: with a capital, or after "by" / "from" (docs/understanding.md,
// "Rare values named as names"); and a column's name before its value is
// understood with it, not reported as a word it could not use.
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
    // 240 items: 115 brands on two items each (so the brand column has
    // over 100 distinct values, where values on fewer than 5 items are not
    // recognised unprompted), Mitutoyo on 3, Stanley on 7; tags are free
    // (multi-valued, over 100 distinct) and "gauge" is on 3 items only.
    std::string items = "item_id,title,brand,categories,tags\n";
    for (int i = 1; i <= 230; ++i)
      items += std::to_string(i) + ",Widget " + std::to_string(i) + ",Maker" + std::to_string((i + 1) / 2) +
               ",Tools|Misc,shiny|tag" + std::to_string(i) + "\n";
    for (int i = 231; i <= 233; ++i) items += std::to_string(i) + ",Caliper " + std::to_string(i) + ",Mitutoyo,Tools|Calipers,precise|gauge\n";
    for (int i = 234; i <= 240; ++i) items += std::to_string(i) + ",Hammer " + std::to_string(i) + ",Stanley,Tools|Hammers,heavy\n";
    box_ = Toolbox::open(test::small_dataset("rare-values", items));
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

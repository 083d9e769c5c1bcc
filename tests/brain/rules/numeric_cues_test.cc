// Words that set a numeric condition without a comparator of their own, or
// name the column after the number: "cheap", "doesn't cost anything",
// "scoring 80 or more on metascore" (docs/conversation.md, "Vague words are
// read inclusively"), on a small generic catalog with a price, a
// metascore and ratings.
#include <gtest/gtest.h>

#include "brain/rules/rules_brain.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

class NumericCues : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Prices sorted: 0, 0, 2.99, 4.99, 9.99, 14.99, 19.99, 39.99: a quarter
    // of the items stay under the third, 2.99. Ratings from small_dataset.
    box_ = Toolbox::open(test::small_dataset("numeric-cues", "item_id,title,genres,metascore,price\n"
                                                              "1,Star Tactics,Strategy,88,19.99\n"
                                                              "2,Field Marshal,Strategy,72,0\n"
                                                              "3,Tile Trouble,Puzzle,91,4.99\n"
                                                              "4,Box Logic,Puzzle,65,0\n"
                                                              "5,Road Kings,Racing,80,14.99\n"
                                                              "6,Dust Rally,Racing,58,2.99\n"
                                                              "7,Empire Builder,Strategy,94,39.99\n"
                                                              "8,Word Grid,Puzzle,77,9.99\n"));
    brain_ = std::make_shared<RulesBrain>(box_);
  }
  static void TearDownTestSuite() {
    brain_.reset();
    box_.reset();
  }
  // The hard_filter's condition labels of the plan for `text`.
  static std::vector<std::string> conditions(const std::string& text) {
    BrainRequest r;
    r.text = text;
    std::vector<std::string> out;
    for (const auto& s : brain_->plan(r).plan.steps)
      if (const auto* filter = std::get_if<HardFilterStep>(&s))
        for (const auto& c : filter->conditions) out.push_back(c.label);
    return out;
  }
  using Labels = std::vector<std::string>;
  static inline std::shared_ptr<const Toolbox> box_;
  static inline std::shared_ptr<RulesBrain> brain_;
};

TEST_F(NumericCues, ACheapWordIsTheCheapestQuarter) {
  EXPECT_EQ(conditions("cheap puzzle games"), (Labels{"genres: Puzzle", "price at most 2.99"}));
  EXPECT_EQ(conditions("something affordable"), (Labels{"price at most 2.99"}));
}

TEST_F(NumericCues, APriceSaidBesideCheapWins) {
  EXPECT_EQ(conditions("cheap strategy games under 20 dollars"), (Labels{"genres: Strategy", "price below 20"}));
}

TEST_F(NumericCues, CostingNothingIsAPriceOfZero) {
  EXPECT_EQ(conditions("a strategy game that doesn't cost anything"), (Labels{"genres: Strategy", "price at most 0"}));
  EXPECT_EQ(conditions("puzzles that cost nothing"), (Labels{"genres: Puzzle", "price at most 0"}));
  EXPECT_EQ(conditions("racing games that do not cost a thing"), (Labels{"genres: Racing", "price at most 0"}));
  // Its negation is the phrase's: nothing is excluded.
  for (const auto& label : conditions("a strategy game that doesn't cost anything"))
    EXPECT_EQ(label.rfind("not ", 0), std::string::npos) << label;
}

TEST_F(NumericCues, AColumnNamedAfterTheNumberBeatsARoleWordBeforeIt) {
  EXPECT_EQ(conditions("strategy games scoring 80 or more on metascore"),
            (Labels{"genres: Strategy", "metascore at least 80"}));
  // With no column named, "scoring" still means the rating.
  EXPECT_EQ(conditions("games scoring 3 or more"), (Labels{"avg_rating at least 3"}));
}

}  // namespace
}  // namespace interec

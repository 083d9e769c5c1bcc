// The parsing passes on a small catalog written here: which pass claims
// which words, so that the order of passes.h is checked, not assumed.
#include <cmath>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "brain/rules/knowledge.h"
#include "brain/rules/passes.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec::rules {
namespace {

class Passes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    box_ = Toolbox::open(test::small_dataset("passes", "item_id,title,genres,year\n"
                                                         "1,Apollo 13,Drama|Adventure,1995\n"
                                                         "2,Heat,Action|Crime,1995\n"
                                                         "3,Scream,Horror|Thriller,1996\n"
                                                         "4,Toy Story,Comedy|Animation,1995\n"
                                                         "5,Airplane!,Comedy,1980\n"
                                                         "6,Alien,Horror|Sci-Fi,1979\n"
                                                         "7,Fargo,Crime|Drama,1996\n"
                                                         "8,Clueless,Comedy|Romance,1995\n"));
    knowledge_ = std::make_unique<Knowledge>(box_->dataset->catalog, box_->titles, "");
  }
  static void TearDownTestSuite() {
    knowledge_.reset();
    box_.reset();
  }

  // The pass that claimed each token of `text`, by the token's normal form.
  static std::vector<std::pair<std::string, Pass>> claims(const std::string& text, Parse* out = nullptr) {
    Message m(text, tokenize_text(text));
    Parse p = parse(*knowledge_, m);
    if (out) *out = p;
    std::vector<std::pair<std::string, Pass>> by;
    for (size_t i = 0; i < m.tokens.size(); ++i) by.emplace_back(m.tokens[i].norm, m.claims.by(i));
    return by;
  }

  static inline std::shared_ptr<const Toolbox> box_;
  static inline std::unique_ptr<Knowledge> knowledge_;
};

using Claims = std::vector<std::pair<std::string, Pass>>;

TEST_F(Passes, EachWordGoesToThePassThatMeansIt) {
  Parse p;
  EXPECT_EQ(claims("3 like Apollo 13 from the 90s, no horror", &p),
            (Claims{{"3", Pass::count},
                    {"like", Pass::seeds},
                    {"apollo", Pass::seeds},
                    {"13", Pass::seeds},  // a title's number: not a count, not a range
                    {"from", Pass::numbers},
                    {"the", Pass::numbers},
                    {"90s", Pass::numbers},
                    {",", Pass::none},
                    {"no", Pass::values},
                    {"horror", Pass::values}}));
  ASSERT_EQ(p.seeds.size(), 1u);
  EXPECT_EQ(knowledge_->catalog->title(p.seeds[0]), "Apollo 13");
  EXPECT_EQ(p.n, 3u);
  ASSERT_EQ(p.excluded.size(), 1u);
  EXPECT_EQ(p.excluded[0].second, "Horror");
  EXPECT_EQ(p.numeric.size(), 1u);
}

TEST_F(Passes, CuesAndCountsTakeOnlyWhatIsLeft) {
  EXPECT_EQ(claims("two popular comedies after 1990"),
            (Claims{{"two", Pass::count},
                    {"popular", Pass::cues},
                    {"comedies", Pass::values},
                    {"after", Pass::numbers},
                    {"1990", Pass::numbers}}));
}

// The year range a message asks for ([lo, hi], NaN = open), none when it asks none.
std::optional<std::pair<double, double>> years_of(const Parse& p) {
  if (p.numeric.size() != 1 || !p.numeric.begin()->second.has_range) return std::nullopt;
  return std::make_pair(p.numeric.begin()->second.lo, p.numeric.begin()->second.hi);
}

TEST_F(Passes, TheLastYearsCountBackFromTheNewestItem) {
  // The newest item is from 1996: the last 5 years are 1991 on.
  for (const std::string text : {"comedies from the last 5 years", "made in the past five years",
                                 "nothing older than 5 years", "something recent, like the last 5 years"}) {
    Parse p;
    claims(text, &p);
    auto y = years_of(p);
    ASSERT_TRUE(y) << text;
    EXPECT_EQ(y->first, 1991) << text;
    EXPECT_TRUE(std::isnan(y->second)) << text;
    EXPECT_FALSE(p.n) << text << ": the years are no count";
  }
  Parse p;
  claims("comedies older than 5 years", &p);  // not negated: no "recent" range
  EXPECT_FALSE(years_of(p) && years_of(p)->first == 1991);
}

TEST_F(Passes, AUnitTypedWithASlipIsStillAUnitNotACount) {
  for (const std::string text : {"at least 3 sars", "3 strs or more"}) {
    Parse p;
    claims(text, &p);
    EXPECT_FALSE(p.n) << text;
    ASSERT_EQ(p.numeric.size(), 1u) << text;
    EXPECT_EQ(knowledge_->vocab.numeric()[p.numeric.begin()->first].role, NumericRole::rating) << text;
    EXPECT_EQ(p.numeric.begin()->second.lo, 3) << text;
  }
  Parse p;
  claims("comedies from the last 5 yeras", &p);
  auto y = years_of(p);
  ASSERT_TRUE(y);
  EXPECT_EQ(y->first, 1991);
  claims("3 comedies", &p);
  EXPECT_EQ(p.n, 3u);
}

TEST_F(Passes, ANegatedValueKeepsTheNegationFromTheRangeAfterIt) {
  Parse p;
  claims("movies without sci-fi from the nineties", &p);
  ASSERT_EQ(p.excluded.size(), 1u);
  EXPECT_EQ(p.excluded[0].second, "Sci-Fi");
  auto y = years_of(p);
  ASSERT_TRUE(y);
  EXPECT_EQ(y->first, 1990);
  EXPECT_EQ(y->second, 1999);
  EXPECT_TRUE(p.numeric.begin()->second.excluded.empty());
}

}  // namespace
}  // namespace interec::rules

// Two lists of one request turned down: the next one ranks what fits by
// popularity instead of by the user's taste model (docs/conversation.md,
// "Turned down twice").
#include <variant>

#include <gtest/gtest.h>

#include "tests/brain/dialogue/conversation.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"

namespace interec {
namespace {

std::optional<RankSchema> rank_schema(const BrainPlan& p) {
  for (const auto& step : p.plan.steps)
    if (const auto* r = std::get_if<RankStep>(&step)) return r->schema;
  return std::nullopt;
}

class TurnedDownTest : public ::testing::Test {
 protected:
  static std::string dir() {
    static const std::string d = test::games_dataset("turned-down-games");
    return d;
  }
  test::Conversation chat() {
    UserContext user;
    user.history = {0, 1, 2};  // a taste to rank by
    return test::Conversation(test::toolbox_for(dir()), test::brain_for(dir()), user);
  }
};

TEST_F(TurnedDownTest, TheThirdListAfterTwoTurnedDownRanksByPopularity) {
  auto c = chat();
  EXPECT_EQ(rank_schema(c.say("some adventure games").plan), RankSchema::preference);
  EXPECT_EQ(rank_schema(c.say("not those").plan), RankSchema::preference) << "one list turned down";
  const auto third = c.say("not those either");
  EXPECT_EQ(rank_schema(third.plan), RankSchema::popularity);
  EXPECT_FALSE(third.picked.empty());
}

TEST_F(TurnedDownTest, ANewTopicRanksByTasteAgain) {
  auto c = chat();
  c.say("some adventure games");
  c.say("not those");
  c.say("not those either");
  EXPECT_EQ(rank_schema(c.say("something completely different: sports games").plan), RankSchema::preference);
}

TEST_F(TurnedDownTest, MoreWithoutTurningDownKeepsTheTaste) {
  auto c = chat();
  c.say("some adventure games");
  c.say("more");
  EXPECT_EQ(rank_schema(c.say("more").plan), RankSchema::preference);
}

}  // namespace
}  // namespace interec

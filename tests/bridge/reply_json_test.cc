// reply_to_json carries each item's reasons; reply_with_reasons puts them
// after the item's line for text channels.
#include "bridge/reply_json.h"

#include <gtest/gtest.h>

namespace interec {
namespace {

TurnReply listed() {
  TurnReply r;
  r.reply = "Here are 2 picks for genres: Comedy:\n1. Airplane! (1980)\n2. Heat (1995)";
  r.items.push_back({"2791", "Airplane! (1980)", {"genres: Comedy", "rated 3.9"}});
  r.items.push_back({"6", "Heat (1995)", {}});
  return r;
}

TEST(ReplyJson, ItemsCarryTheirReasons) {
  const auto j = reply_to_json(listed());
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["why"], nlohmann::json({"genres: Comedy", "rated 3.9"}));
  EXPECT_TRUE(j["items"][1]["why"].is_array());
  EXPECT_TRUE(j["items"][1]["why"].empty());
}

TEST(ReplyJson, ReasonsFollowTheirItemsLine) {
  EXPECT_EQ(reply_with_reasons(reply_to_json(listed())),
            "Here are 2 picks for genres: Comedy:\n1. Airplane! (1980) — genres: Comedy; rated 3.9\n"
            "2. Heat (1995)");
}

TEST(ReplyJson, AnAnswerWithoutItemsIsLeftAlone) {
  TurnReply r;
  r.reply = "Bye! Come back any time.";
  EXPECT_EQ(reply_with_reasons(reply_to_json(r)), r.reply);
  EXPECT_EQ(reply_with_reasons(nlohmann::json{{"reply", "x"}, {"items", "not a list"}}), "x");
}

}  // namespace
}  // namespace interec

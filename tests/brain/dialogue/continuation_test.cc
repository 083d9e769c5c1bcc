// Turns that only continue the conversation (a greeting, small talk, a
// question about an item, "thanks for your help") when the client asks for
// a list length with every turn (TurnRequest::items, as `eval dialogs` and
// a UI with a recommendations panel do): the reply says what it says and a
// list comes with it (docs/conversation.md, "Turns that continue the
// conversation"). Without the client's list length, the goldens
// (tests/golden/dialogues.txt) hold the plain replies.
#include <algorithm>

#include <gtest/gtest.h>

#include "tests/brain/dialogue/conversation.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"

namespace interec {
namespace {

class ContinuationTest : public ::testing::Test {
 protected:
  static std::string dir() {
    static const std::string d = test::games_dataset("continuation-games");
    return d;
  }
  test::Conversation chat() { return test::Conversation(test::toolbox_for(dir()), test::brain_for(dir())); }
  const Catalog& catalog() { return *test::toolbox_for(dir())->dataset->catalog; }
  ItemIndex item(const std::string& title) {
    for (size_t i = 0; i < catalog().size(); ++i)
      if (catalog().title(static_cast<ItemIndex>(i)) == title) return static_cast<ItemIndex>(i);
    ADD_FAILURE() << "no item " << title;
    return 0;
  }
  static bool has(const std::vector<ItemIndex>& v, ItemIndex i) { return std::find(v.begin(), v.end(), i) != v.end(); }
};

TEST_F(ContinuationTest, AGreetingWithAClientListLengthGetsTheGreetingAndAList) {
  auto c = chat();
  c.ask_items(10);
  const auto t = c.say("hello, how are you?");
  EXPECT_EQ(t.picked.size(), 10u) << t.reply;
  EXPECT_NE(t.reply.find("Hi!"), std::string::npos) << t.reply;
  EXPECT_NE(t.reply.find("What are you in the mood for?"), std::string::npos) << t.reply;
}

TEST_F(ContinuationTest, WithoutAClientListLengthAGreetingIsOnlyAGreeting) {
  auto c = chat();
  const auto t = c.say("hello, how are you?");
  EXPECT_TRUE(t.picked.empty()) << t.reply;
}

TEST_F(ContinuationTest, AQuestionAboutAnItemIsAnsweredAndTheSeedsListFollows) {
  auto c = chat();
  c.ask_items(5);
  c.say("I loved Crimson Harbor");
  const auto t = c.say("what is Hollow Depths about?");
  EXPECT_NE(t.reply.find("Hollow Depths:"), std::string::npos) << t.reply;
  EXPECT_NE(t.reply.find("More you might like"), std::string::npos) << t.reply;
  ASSERT_FALSE(t.picked.empty()) << t.reply;
  EXPECT_FALSE(has(t.picked, item("Crimson Harbor")));
  // The list is the frame's: like the title loved earlier and the one asked about.
  const std::vector<std::string> seeds{std::string(catalog().id(item("Crimson Harbor"))),
                                       std::string(catalog().id(item("Hollow Depths")))};
  EXPECT_EQ(t.plan.state->frame.seeds, seeds);
  EXPECT_NE(t.reply.find("similar to Crimson Harbor, Hollow Depths"), std::string::npos) << t.reply;
}

TEST_F(ContinuationTest, AnOpeningRequestGetsTheQuestionAndAList) {
  auto c = chat();
  c.ask_items(5);
  const auto t = c.say("can you recommend me something?");
  ASSERT_TRUE(t.plan.state.has_value());
  ASSERT_TRUE(t.plan.state->question.has_value()) << t.reply;
  EXPECT_EQ(t.picked.size(), 5u) << t.reply;
  // The answer to the question still reads as one.
  const auto column = t.plan.state->question->column;
  const auto value = t.plan.state->question->values.front();
  const auto next = c.say(value);
  ASSERT_FALSE(next.picked.empty()) << next.reply;
  for (ItemIndex i : next.picked) {
    const auto values = catalog().values(*catalog().column_index(column), i);
    EXPECT_TRUE(std::find(values.begin(), values.end(), value) != values.end()) << catalog().title(i);
  }
}

TEST_F(ContinuationTest, SmallTalkAfterTitlesKeepsEveryTitleAsASeed) {
  auto c = chat();
  c.ask_items(5);
  c.say("I loved Crimson Harbor");
  c.say("I've played Hollow Depths too");
  const auto t = c.say("lol yes");
  ASSERT_FALSE(t.picked.empty()) << t.reply;
  const auto& seeds = t.plan.state->frame.seeds;
  EXPECT_EQ(seeds.size(), 2u);
  EXPECT_FALSE(has(t.picked, item("Crimson Harbor")));
  EXPECT_FALSE(has(t.picked, item("Hollow Depths")));
}

// "those are great" after a long list likes what a default list holds,
// its first 5, not the tail that would push out the titles named.
TEST_F(ContinuationTest, PraiseOfALongListLikesItsFirstItems) {
  auto c = chat();
  c.ask_items(20);
  const auto first = c.say("some games");
  ASSERT_EQ(first.picked.size(), 20u) << first.reply;
  const auto t = c.say("those are great");
  std::vector<std::string> head;
  for (size_t i = 0; i < 5; ++i) head.emplace_back(catalog().id(first.picked[i]));
  EXPECT_EQ(t.plan.state->frame.seeds, head);
}

// A client asking for N items asked for a number of items: the strict
// matches first, then the nearest fill the list (docs/conversation.md,
// "Relaxation keeps faith"); without it, the strict matches alone.
TEST_F(ContinuationTest, AClientListLengthIsFilledWithTheNearestAfterTheStrictMatches) {
  const auto horror = [&](ItemIndex i) {
    const auto v = catalog().values(*catalog().column_index("genres"), i);
    return std::find(v.begin(), v.end(), "Horror") != v.end();
  };
  auto plain = chat();
  const auto strict = plain.say("horror games");
  ASSERT_FALSE(strict.picked.empty());
  for (ItemIndex i : strict.picked) EXPECT_TRUE(horror(i)) << catalog().title(i);
  ASSERT_LT(strict.picked.size(), 20u) << "the catalog must have fewer than 20 horror games";

  auto c = chat();
  c.ask_items(20);
  const auto t = c.say("horror games");
  ASSERT_EQ(t.picked.size(), 20u) << t.reply;
  size_t k = 0;
  while (k < t.picked.size() && horror(t.picked[k])) ++k;
  EXPECT_GE(k, 1u) << t.reply;
  for (size_t j = k; j < t.picked.size(); ++j) EXPECT_FALSE(horror(t.picked[j])) << "strict matches come first";
  EXPECT_NE(t.reply.find("matched everything"), std::string::npos) << t.reply;
}

}  // namespace
}  // namespace interec

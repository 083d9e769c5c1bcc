// Mood and vague words (brain/rules/moods.h) on a small catalog with tags
// written here: soft preferences, never conditions, negated by "not", a
// named column still a condition, a missing word list an error.
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "brain/rules/knowledge.h"
#include "brain/rules/passes.h"
#include "brain/rules/plan_builder.h"
#include "config/resources.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec::rules {
namespace {

class Moods : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    box_ = Toolbox::open(test::small_dataset("moods", "item_id,title,genres,tags,year\n"
                                                         "1,Sunny Days,Comedy,feel-good|friendship,1995\n"
                                                         "2,Blood Harvest,Horror,gore|dark,1996\n"
                                                         "3,Night Shift,Thriller,dark|twist ending,1997\n"
                                                         "4,Little Wins,Drama,feel-good|heartwarming,1998\n"
                                                         "5,The Maze,Thriller,twist ending|mindfuck,1999\n"
                                                         "6,Quiet House,Horror,creepy,2000\n"
                                                         "7,Laugh Track,Comedy,slapstick,2001\n"
                                                         "8,Dark Water Rising,Drama,dark,2002\n"));
    knowledge_ = std::make_unique<Knowledge>(box_->dataset->catalog, box_->titles, "");
  }
  static void TearDownTestSuite() {
    knowledge_.reset();
    box_.reset();
  }

  static Parse parsed(const std::string& text) {
    Message m(text, tokenize_text(text));
    return parse(*knowledge_, m);
  }
  // "tags: feel-good" -> its weight in the parse's soft preferences, 0 if absent.
  static float soft(const Parse& p, const std::string& column, const std::string& value) {
    for (const auto& s : p.soft)
      if (knowledge_->vocab.categorical()[s.column].name == column && s.value == value) return s.weight;
    return 0;
  }

  static inline std::shared_ptr<const Toolbox> box_;
  static inline std::unique_ptr<Knowledge> knowledge_;
};

TEST_F(Moods, AMoodWordIsASoftPreferenceNotACondition) {
  const Parse p = parsed("something uplifting please");
  EXPECT_GT(soft(p, "tags", "feel-good"), 0.9f);
  EXPECT_GT(soft(p, "genres", "Comedy"), 0.f);
  EXPECT_TRUE(p.wanted.empty());
  EXPECT_TRUE(p.excluded.empty());
  ASSERT_FALSE(p.soft.empty());
  EXPECT_EQ(p.soft.front().word, "uplifting");
}

TEST_F(Moods, NegatedMoodsPushDownAndPhrasesAreOneMood) {
  const Parse p = parsed("a thriller, mind-bending but not gory");
  EXPECT_GT(soft(p, "tags", "mindfuck"), 0.9f);
  EXPECT_GT(soft(p, "tags", "twist ending"), 0.f);
  EXPECT_LT(soft(p, "tags", "gore"), -0.9f);
  ASSERT_EQ(p.wanted.size(), 1u);  // the thriller stays a condition
  EXPECT_EQ(p.wanted[0].values, std::vector<std::string>{"Thriller"});
}

TEST_F(Moods, AValueThatIsAMoodIsSoftUnlessItsColumnIsNamed) {
  const Parse loose = parsed("something dark");
  EXPECT_GT(soft(loose, "tags", "dark"), 0.9f);
  EXPECT_TRUE(loose.wanted.empty());
  const Parse named = parsed("tags dark");
  EXPECT_EQ(soft(named, "tags", "dark"), 0.f);
  ASSERT_EQ(named.wanted.size(), 1u);
  EXPECT_EQ(named.wanted[0].values, std::vector<std::string>{"dark"});
}

TEST_F(Moods, WordNetRelatesWordsToTheCatalogsValues) {
  // No line of moods.tsv says it: "farce" is a noun under "comedy" in WordNet.
  const Parse farce = parsed("a farce would be nice");
  EXPECT_GT(soft(farce, "genres", "Comedy"), 0.f);
  EXPECT_LE(soft(farce, "genres", "Comedy"), MoodLexicon::kWordNetWeight);
}

TEST_F(Moods, WordsOfAskingAreNoMoods) {
  // WordNet has "play" below "drama": "what should I play" is no wish for a drama.
  const Parse p = parsed("what should I play tonight?");
  EXPECT_EQ(soft(p, "genres", "Drama"), 0.f);
  EXPECT_TRUE(p.soft.empty());
}

TEST_F(Moods, ThePlanRanksBySoftValues) {
  const Parse p = parsed("something heartwarming");
  const std::vector<Cond> none;
  const BrainPlan plan = build(*knowledge_, p, none, 5);
  const RankStep* rank = nullptr;
  for (const auto& s : plan.plan.steps)
    if (auto* r = std::get_if<RankStep>(&s)) rank = r;
  ASSERT_NE(rank, nullptr);
  ASSERT_FALSE(rank->soft.empty());
  EXPECT_EQ(rank->soft.front().column, "tags");
  EXPECT_EQ(rank->soft.front().value, "heartwarming");
  EXPECT_NE(plan.understood.find("rather heartwarming"), std::string::npos) << plan.understood;
}

TEST_F(Moods, AMissingWordListIsAnError) {
  const std::string missing = test::scratch_dir("moods-missing") + "/moods.tsv";
  EXPECT_THROW(MoodLexicon(knowledge_->vocab, missing, false), ResourceError);
  const std::string bad = test::scratch_dir("moods-bad") + "/moods.tsv";
  std::ofstream(bad) << "uplifting\tfeel-good\t7\n";
  try {
    MoodLexicon lexicon(knowledge_->vocab, bad, false);
    FAIL() << "a weight of 7 was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(":1:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace interec::rules

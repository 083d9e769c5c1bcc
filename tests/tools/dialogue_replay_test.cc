// The pieces of `eval dialogs` below the actors, on the hand-written corpus
// of tests/dialogues/: the split, the replayed turns and their truth, the
// metrics, the baselines and the failure classes of a turn.
#include "tools/eval/dialogue_replay.h"

#include <gtest/gtest.h>

#include "storage/dialogue_files.h"
#include "tests/dialogue_fixture.h"
#include "tools/eval/dialogue_baselines.h"
#include "tools/eval/dialogue_metrics.h"
#include "tools/eval/turn_classes.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

class DialogueReplayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    box_ = Toolbox::open(test::prepare_dialogue_catalog("DialogueReplay"));
    const MentionMap map(box_->dataset->catalog, box_->titles);
    replays_.clear();
    for (const Dialogue& d : read_dialogues(test::dialogue_file("redial_small.jsonl"), DialogueFormat::redial))
      replays_.push_back(replay_dialogue(d, map));
  }
  static void TearDownTestSuite() { box_.reset(); }

  ItemIndex item(const std::string& title) const {
    const auto m = box_->titles->match(title, 1, 0.99);
    EXPECT_FALSE(m.empty()) << title;
    return m.empty() ? -1 : m.front().item;
  }
  std::vector<ItemIndex> items(std::initializer_list<const char*> titles) const {
    std::vector<ItemIndex> out;
    for (const char* t : titles) out.push_back(item(t));
    return out;
  }

  static std::shared_ptr<const Toolbox> box_;
  static std::vector<DialogueReplay> replays_;
};
std::shared_ptr<const Toolbox> DialogueReplayTest::box_;
std::vector<DialogueReplay> DialogueReplayTest::replays_;

TEST_F(DialogueReplayTest, SeekerTurnsAndTheirTruth) {
  ASSERT_EQ(replays_.size(), 4u);
  const DialogueReplay& family = replays_[0];
  ASSERT_EQ(family.turns.size(), 3u);
  // Consecutive seeker messages are one turn; the recommender's two answers
  // are one truth.
  EXPECT_EQ(family.turns[0].text, "Hello. I love animated movies like Toy Story (1995)");
  EXPECT_EQ(family.turns[0].named, items({"Toy Story (1995)"}));
  EXPECT_EQ(family.turns[0].truth, items({"Finding Nemo (2003)", "Lion King, The (1994)"}));
  // Toy Story, named before, is not truth again.
  EXPECT_EQ(family.turns[1].text, "I saw Finding Nemo (2003) and liked it. Something else?");
  EXPECT_EQ(family.turns[1].truth, items({"Shrek (2001)"}));
  EXPECT_EQ(family.turns[1].mentioned, items({"Toy Story (1995)", "Finding Nemo (2003)", "Lion King, The (1994)"}));
  EXPECT_TRUE(family.turns[2].truth.empty());  // "Thanks, bye!" -> "Bye"
  EXPECT_EQ(family.mentions.mapped(), 4u);
  // A movie not in the catalog is no truth; a year one off still maps.
  const DialogueReplay& action = replays_[1];
  EXPECT_EQ(action.turns[1].truth, items({"Black Panther (2017)"}));
  EXPECT_EQ(action.mentions.total, 5u);
  EXPECT_EQ(action.mentions.mapped(), 4u);
  EXPECT_TRUE(action.turns[2].truth.empty());  // the dialogue ends on the seeker
  EXPECT_EQ(replays_[2].turns[0].truth, items({"Scream (1996)"}));
  EXPECT_EQ(replays_[3].turns.size(), 2u);
}

TEST_F(DialogueReplayTest, SplitIsFixedByConversationId) {
  EXPECT_EQ(replays_[0].part, DialoguePart::dev);
  EXPECT_EQ(replays_[2].part, DialoguePart::validation);  // conversation 1006
  EXPECT_EQ(dialogue_part("1006"), DialoguePart::validation);
  EXPECT_TRUE(in_calibration_part("1004"));
  EXPECT_FALSE(in_calibration_part("1006"));  // never both
  size_t validation = 0, calibration = 0;
  for (int id = 0; id < 10000; ++id) {
    validation += dialogue_part(std::to_string(id)) == DialoguePart::validation;
    calibration += in_calibration_part(std::to_string(id));
  }
  EXPECT_NEAR(validation / 10000.0, 0.2, 0.02);
  EXPECT_NEAR(calibration / 10000.0, 0.16, 0.02);
  EXPECT_TRUE(selected(split_choice("dev"), "1001"));
  EXPECT_FALSE(selected(split_choice("validation"), "1001"));
  EXPECT_THROW(split_choice("test"), std::invalid_argument);
}

TEST(DialogueMetricsTest, RecallPerTruthMovie) {
  DialogueMetrics m;
  m.add_turn({1, 2, 3, 4, 5, 6}, {1, 6});  // #1 and #6
  m.add_turn({}, {7});                      // no list: a miss, and an empty turn
  m.add_turn({9}, {});                      // not scored
  EXPECT_EQ(m.seeker_turns, 3u);
  EXPECT_EQ(m.scored_turns, 2u);
  EXPECT_EQ(m.samples, 3u);
  EXPECT_DOUBLE_EQ(m.recall(0), 1.0 / 3);  // R@1
  EXPECT_DOUBLE_EQ(m.recall(1), 1.0 / 3);  // R@5
  EXPECT_DOUBLE_EQ(m.recall(2), 2.0 / 3);  // R@10
  EXPECT_DOUBLE_EQ(m.empty_share(), 1.0 / 3);
  DialogueMetrics twice = m;
  twice.merge(m);
  EXPECT_EQ(twice.samples, 6u);
  EXPECT_DOUBLE_EQ(twice.recall(2), m.recall(2));
}

TEST_F(DialogueReplayTest, BaselinesSkipWhatWasNamed) {
  const DialogueBaselines b(*box_);
  const auto popular = b.popularity({}, 3);
  ASSERT_EQ(popular.size(), 3u);
  EXPECT_EQ(popular[0], item("Titanic (1997)"));  // liked across the groups
  EXPECT_EQ(b.popularity({item("Titanic (1997)")}, 30).size(), 20u);
  // Seeds of the action group bring its other movies first.
  const auto knn = b.item_knn(items({"Heat (1995)", "Matrix, The (1999)"}), items({"Heat (1995)", "Matrix, The (1999)"}), 21);
  ASSERT_EQ(knn.size(), 19u);
  for (size_t k = 0; k < 5; ++k) {
    const auto g = box_->dataset->catalog->values(*box_->dataset->catalog->column_index("genres"), knn[k]);
    EXPECT_NE(std::find(g.begin(), g.end(), "Action"), g.end()) << box_->dataset->catalog->title(knn[k]);
  }
}

TEST_F(DialogueReplayTest, TurnClassesReadThePlan) {
  const ReplayTurn& turn = replays_[1].turns[0];  // "... like Heat (1995) or The Matrix (1999)"
  auto classes = [&](const std::string& plan, size_t shown, const std::vector<ItemIndex>& before = {}) {
    std::string out;
    for (TurnClass c : diagnose_turn(turn, before, plan, shown, *box_).classes) out += std::string(to_string(c)) + " ";
    return out;
  };
  EXPECT_EQ(classes(R"J({"answer":"I recommend items ..."})J", 0), "answer_only missed_titles generic ");
  EXPECT_EQ(classes(R"J([{"tool":"soft_filter","input":{"similar_to":["Heat (1995)","The Matrix (1999)"]}},)J"
                    R"J({"tool":"rank","input":{"schema":"similarity"}},{"tool":"map","input":{"n":50}}])J", 50),
            "seeded ");
  EXPECT_EQ(classes(R"J([{"tool":"hard_filter","input":{"sql":"SELECT item_id FROM items WHERE year = 1995",)J"
                    R"J("conditions":[{"label":"year 1995","priority":1,"sql":"year = 1995"}]}},)J"
                    R"J({"tool":"soft_filter","input":{"similar_to":["Heat"]}},{"tool":"map","input":{"n":50}}])J", 3),
            "title_year_filter filtered seeded ");
  EXPECT_EQ(classes(R"J([{"tool":"soft_filter","input":{"similar_to":["Jumanji"]}},{"tool":"map","input":{"n":5}}])J", 5),
            "wrong_title missed_titles ");
  EXPECT_EQ(classes(R"J([{"tool":"lookup","input":"SELECT title FROM items"}])J", 0), "lookup missed_titles generic ");
  EXPECT_EQ(classes(R"J([{"tool":"hard_filter","input":"SELECT item_id FROM items WHERE 0"},{"tool":"map","input":{"n":5}}])J", 0),
            "empty_result missed_titles filtered ");
  const ReplayTurn& later = replays_[1].turns[1];  // "seen it, I did not like it"
  EXPECT_EQ(diagnose_turn(later, turn.named, R"J([{"tool":"rank","input":{"schema":"popularity"}}])J", 5, *box_).primary(),
            TurnClass::forgot_earlier);
}

}  // namespace
}  // namespace interec

// `eval dialogs` end to end: the hand-written corpus replayed through the
// real agent (actors, memory with a profile store, rules brain, tools), the
// baselines on the same turns, the report; and the command on INSPIRED.
#include "actors/dialogue_eval.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "storage/dialogue_files.h"
#include "tests/child_process.h"
#include "tests/dialogue_fixture.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

class DialogueEvalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = test::prepare_dialogue_catalog("DialogueEval"); }
  static std::string dir_;
};
std::string DialogueEvalTest::dir_;

TEST_F(DialogueEvalTest, ReplaysThroughTheAgentBesideTheBaselines) {
  const auto dialogues = read_dialogues(test::dialogue_file("redial_small.jsonl"), DialogueFormat::redial);
  DialogueEvalOptions options;
  options.concurrency = 2;
  options.workers = 2;
  std::ostringstream explain;
  options.explain = &explain;
  const DialogueEvalReport r = run_dialogue_eval(Toolbox::open(dir_), dialogues, options, nullptr);
  EXPECT_EQ(r.mentions.total, 13u);
  EXPECT_EQ(r.mentions.mapped(), 11u);
  ASSERT_EQ(r.methods.size(), 3u);
  for (const auto& [name, pm] : r.methods) {
    EXPECT_EQ(pm.dev.dialogues, 3u) << name;
    EXPECT_EQ(pm.validation.dialogues, 1u) << name;
    const DialogueMetrics all = pm.all();
    EXPECT_EQ(all.seeker_turns, 10u) << name;
    EXPECT_EQ(all.scored_turns, 6u) << name;
    EXPECT_EQ(all.samples, 7u) << name;
    for (size_t k = 1; k < kDialogueKs.size(); ++k) EXPECT_GE(all.recall(k), all.recall(k - 1)) << name;
  }
  // 21 movies: popularity lists every one not named yet, so it holds every
  // truth by rank 50; item-kNN finds the recommender's movies among the
  // seeker's movies' neighbours (all but the opening "something scary").
  EXPECT_DOUBLE_EQ(r.methods.at("popularity").all().recall(3), 1.0);
  EXPECT_DOUBLE_EQ(r.methods.at("popularity").all().empty_share(), 0.0);
  EXPECT_GE(r.methods.at("item_knn").all().recall(1), 6.0 / 7);
  // The agent answered every turn; what it listed is what was scored.
  const DialogueMetrics agent = r.methods.at("agent").all();
  EXPECT_LT(agent.empty_turns, agent.seeker_turns);
  size_t classified = 0;
  for (const auto& row : r.classes) classified += row.turns;
  EXPECT_EQ(classified, 10u);
  // --explain: one block per turn, with the truth and where it ranked.
  EXPECT_NE(explain.str().find("[1001 dev] turn 1: Hello. I love animated movies like Toy Story (1995)"),
            std::string::npos) << explain.str();
  EXPECT_NE(explain.str().find("truth: Finding Nemo (2003)"), std::string::npos);
  EXPECT_NE(explain.str().find("[1006 validation] turn 2: Yes! and Seven (1995) too"), std::string::npos);
  // The table and the JSON carry the same figures.
  const std::string table = dialogue_report_table(r);
  EXPECT_NE(table.find("13 movie mentions, 11 in the catalog"), std::string::npos) << table;
  const auto doc = nlohmann::json::parse(dialogue_report_json(r));
  EXPECT_EQ(doc["methods"]["agent"]["all"]["samples"], 7);
  EXPECT_EQ(doc["methods"]["popularity"]["all"]["r@50"], 1.0);
  EXPECT_EQ(doc["mentions"]["year_off_by_one"], 1);
}

TEST_F(DialogueEvalTest, CommandReadsInspiredAndSelectsTheSplit) {
  test::ChildProcess run({test::interec_binary(), "eval", "dialogs", "--data", dir_, "--dialogs",
                          test::dialogue_file("inspired_small.tsv"), "--format", "inspired", "--json",
                          "--concurrency", "1", "--workers", "1"});
  const std::string line = run.read_line(std::chrono::seconds(60));
  ASSERT_FALSE(line.empty());
  const auto doc = nlohmann::json::parse(line);
  const auto& all = doc["methods"]["item_knn"]["all"];
  EXPECT_EQ(all["dialogues"], 2);
  EXPECT_EQ(all["seeker_turns"], 3);
  EXPECT_EQ(all["samples"], 3);  // Finding Nemo, The Lion King; Halloween
  EXPECT_EQ(doc["mentions"]["mapped"], 5);
  // --split validation of the ReDial file keeps conversation 1006 alone.
  test::ChildProcess val({test::interec_binary(), "eval", "dialogs", "--data", dir_, "--dialogs",
                          test::dialogue_file("redial_small.jsonl"), "--split", "validation", "--json"});
  const auto v = nlohmann::json::parse(val.read_line(std::chrono::seconds(60)));
  EXPECT_EQ(v["methods"]["agent"]["all"]["dialogues"], 1);
  EXPECT_EQ(v["methods"]["agent"]["validation"]["samples"], 2);
}

}  // namespace
}  // namespace interec

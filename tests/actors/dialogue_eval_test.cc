// `eval dialogs` end to end: the hand-written corpus replayed through the
// real agent (actors, memory with a profile store, rules brain, tools), the
// baselines on the same turns, the report; and the command on INSPIRED.
#include "actors/dialogue_eval.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "storage/dialogue_files.h"
#include "tests/child_process.h"
#include "tests/dialogue_fixture.h"
#include "tests/test_data.h"
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
  options.run.concurrency = 2;
  options.run.workers = 2;
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

// A dialog model never meets the dialogues it learned from: the model file
// records them and the evaluation refuses before it runs.
TEST_F(DialogueEvalTest, DialogModelTrainedOnTheEvaluatedDialoguesIsRefused) {
  const std::string dir = test::scratch_dir("DialogueEvalLeak") + "/prepared";
  std::filesystem::copy(dir_, dir, std::filesystem::copy_options::recursive);
  const std::string file = test::dialogue_file("redial_small.jsonl");
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), test::interec_binary());
    test::ChildProcess p(args);
    return p.read_line(std::chrono::seconds(60));
  };
  // Trained on the dev part: three dialogues, none of the validation part.
  EXPECT_NE(run({"train", "--data", dir, "--model", "dialog", "--dialogs", file, "--split", "dev"})
              .find("trained dialog in"),
            std::string::npos);
  const auto box = Toolbox::open(dir);
  ASSERT_TRUE(box->dialog);
  EXPECT_EQ(box->dialog->dialogues(), 3u);
  const auto dialogues = read_dialogues(file, DialogueFormat::redial);
  DialogueEvalOptions options;
  options.run.workers = 1;
  try {
    run_dialogue_eval(box, dialogues, options, nullptr);
    ADD_FAILURE() << "evaluated a dialog model on its training dialogues";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("was trained on 3 of the 4 dialogues"), std::string::npos) << e.what();
  }
  // The validation part alone is fair, and the model is a baseline too.
  const auto v = nlohmann::json::parse(
    run({"eval", "dialogs", "--data", dir, "--dialogs", file, "--split", "validation", "--json"}));
  EXPECT_EQ(v["methods"]["item_knn+dialog"]["validation"]["samples"], 2);
  EXPECT_EQ(v["dialog_model"]["dialogues"], 3);
  // `prepare --dialogs` learns from every dialogue: nothing is left to evaluate.
  const std::string source = test::write_dialogue_catalog_source("DialogueEvalPrepare");
  const std::string all = source + "/../prepared";
  EXPECT_NE(run({"prepare", "--quiet", "--source", source, "--out", all, "--dialogs", file}).find("prepared"),
            std::string::npos);
  EXPECT_EQ(Toolbox::open(all)->dialog->dialogues(), 4u);
  EXPECT_EQ(run({"eval", "dialogs", "--data", all, "--dialogs", file, "--split", "validation", "--json"}), "");
}

}  // namespace
}  // namespace interec

// The stance classifier (tools/models/stance_model.h): trained on a tiny
// ReDial file written here, it learns the words around a mention; its file
// round-trips and a damaged one is an error. On redial-dev (skipped when
// absent) it beats the majority class on the validation part.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/dialogue_files.h"
#include "tests/test_data.h"
#include "tools/eval/dialogue_args.h"
#include "tools/models/model_file.h"
#include "tools/models/stance_model.h"

namespace interec {
namespace {

// One dialogue per (seeker message, answers): the seeker (worker 10) names
// movie 1 with the words given, and answers the questionnaire.
std::string dialogue_line(int id, const std::string& text, int seen, int liked) {
  return R"J({"movieMentions": {"1": "Heat (1995)", "2": "Fargo (1996)"}, "messages": [)J"
         R"J({"timeOffset": 0, "text": "hi", "senderWorkerId": 20, "messageId": 1}, )J"
         R"J({"timeOffset": 1, "text": ")J" + text + R"J(", "senderWorkerId": 10, "messageId": 2}], )J"
         R"J("conversationId": ")J" + std::to_string(id) + R"J(", "respondentWorkerId": 20, "initiatorWorkerId": 10, )J"
         R"J("initiatorQuestions": {"1": {"suggested": 0, "seen": )J" + std::to_string(seen) +
         R"J(, "liked": )J" + std::to_string(liked) + R"J(}}, "respondentQuestions": {}})J";
}

std::vector<StanceExample> tiny_examples() {
  const std::string path = test::scratch_dir("stance-tiny") + "/dialogues.jsonl";
  std::ofstream out(path);
  const char* liked[] = {"I loved @1 so much", "@1 is one of my favorites", "I really enjoyed @1 and @2",
                         "I loved @1", "my favorite is @1"};
  const char* disliked[] = {"I hated @1", "@1 was so boring", "I did not like @1 at all", "@1 was boring",
                            "I hated @1 honestly"};
  const char* neutral[] = {"have you seen @1 ?", "what about @1 ?", "is @1 any good?", "have you seen @1",
                           "what about @1"};
  int id = 1;
  for (int round = 0; round < 4; ++round)
    for (int k = 0; k < 5; ++k) {
      out << dialogue_line(id++, liked[k], 1, 1) << "\n";
      out << dialogue_line(id++, disliked[k], 1, 0) << "\n";
      out << dialogue_line(id++, neutral[k], 0, 2) << "\n";
    }
  out.close();
  std::vector<StanceExample> examples;
  for (const auto& d : read_dialogues(path, DialogueFormat::redial))
    for (auto& e : stance_examples(d)) examples.push_back(std::move(e));
  return examples;
}

StanceClass classify(const StanceModel& m, const std::string& text) {
  size_t at = 0;
  const auto tokens = stance_tokens(text, "7", at);
  return m.classify(tokens, at).best();
}

TEST(StanceModel, LabelsComeFromTheSeekersAnswers) {
  EXPECT_EQ(stance_label(1, 1), StanceClass::liked);
  EXPECT_EQ(stance_label(0, 0), StanceClass::disliked);
  EXPECT_EQ(stance_label(1, 2), StanceClass::seen);
  EXPECT_EQ(stance_label(0, 1), StanceClass::neutral);  // not seen yet: no taste
  EXPECT_EQ(stance_label(-1, -1), StanceClass::neutral);
  size_t at = 0;
  EXPECT_EQ(stance_tokens("I loved @12 and @3!", "12", at),
            (std::vector<std::string>{"i", "loved", kItemToken, "and", kOtherToken, "!"}));
  EXPECT_EQ(at, 2u);
  stance_tokens("I loved @123", "12", at);
  EXPECT_EQ(at, std::string::npos);  // @123 is not @12
}

TEST(StanceModel, LearnsTheWordsAroundAMention) {
  const auto examples = tiny_examples();
  ASSERT_EQ(examples.size(), 60u);  // "and @2": a movie without answers is no example
  const StanceModel m = StanceModel::train(examples);
  EXPECT_EQ(classify(m, "honestly I loved @7"), StanceClass::liked);
  EXPECT_EQ(classify(m, "@7 was boring"), StanceClass::disliked);
  EXPECT_EQ(classify(m, "have you seen @7 ?"), StanceClass::neutral);
}

TEST(StanceModel, TheFileRoundTripsAndADamagedOneIsAnError) {
  const StanceModel m = StanceModel::train(tiny_examples());
  const std::string path = test::scratch_dir("stance-file") + "/stance.bin";
  m.save(path);
  const StanceModel back = StanceModel::load(path);
  size_t at = 0;
  const auto tokens = stance_tokens("I hated @7 so much", "7", at);
  EXPECT_EQ(m.classify(tokens, at).p, back.classify(tokens, at).p);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-100, std::ios::end);
    f.put('\x7f');
  }
  EXPECT_THROW(StanceModel::load(path), ModelError);
  EXPECT_THROW(StanceModel::load(path + ".absent"), ModelError);
}

TEST(StanceModel, BeatsTheMajorityClassOnReDialsValidationPart) {
  INTEREC_REQUIRE_DATA(redial, "redial-dev");
  DialogueSource source;
  source.files = {redial + "/valid.jsonl", redial + "/train_part.jsonl"};
  source.split = SplitChoice::dev;
  std::vector<StanceExample> train;
  for (const auto& d : read_selected_dialogues(source))
    for (auto& e : stance_examples(d)) train.push_back(std::move(e));
  source.split = SplitChoice::validation;
  std::vector<StanceExample> test;
  for (const auto& d : read_selected_dialogues(source))
    for (auto& e : stance_examples(d)) test.push_back(std::move(e));
  const StanceModel m = StanceModel::train(train);
  size_t right = 0, liked = 0;
  for (const auto& e : test) {
    right += m.classify(e.tokens, e.at).best() == e.label;
    liked += e.label == StanceClass::liked;
  }
  ASSERT_GT(test.size(), 300u);
  EXPECT_GT(right, liked) << "accuracy " << right << "/" << test.size() << ", majority " << liked;
}

}  // namespace
}  // namespace interec

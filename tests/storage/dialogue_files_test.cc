// Dialogue files: the hand-written ReDial and INSPIRED files of
// tests/dialogues/, bad lines, and ReDial written back.
#include "storage/dialogue_files.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/dialogue_fixture.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

std::string dialogue_error_of(const std::string& path, DialogueFormat format) {
  try {
    read_dialogues(path, format);
  } catch (const DialogueFileError& e) {
    return e.what();
  }
  return "";
}

TEST(DialogueFilesTest, ReadsReDial) {
  const auto all = read_dialogues(test::dialogue_file("redial_small.jsonl"), DialogueFormat::redial);
  ASSERT_EQ(all.size(), 4u);
  const Dialogue& d = all[0];
  EXPECT_EQ(d.id, "1001");
  ASSERT_EQ(d.messages.size(), 9u);
  EXPECT_EQ(d.messages[0].speaker, Speaker::recommender);
  EXPECT_EQ(d.messages[2].speaker, Speaker::seeker);
  EXPECT_EQ(d.readable(d.messages[2]), "I love animated movies like Toy Story (1995)");
  // Two mentions in one message, in order; the title's double space collapsed.
  EXPECT_EQ(d.readable(d.messages[6]), "Then Shrek (2001) is great, and so is Toy Story (1995)");
  ASSERT_EQ(d.messages[6].mentions.size(), 2u);
  EXPECT_EQ(d.mentions[d.messages[6].mentions[0]].id, "444");
  const DialogueMention& nemo = d.mentions[d.mention_index("222")];
  EXPECT_EQ(nemo.seeker.suggested, 1);
  EXPECT_EQ(nemo.seeker.liked, 1);
  EXPECT_EQ(all[1].id, "1002");  // an integer conversationId
  // No initiatorQuestions ([]): the stance is the recommender's answer.
  const Dialogue& horror = all[2];
  EXPECT_EQ(horror.mentions[horror.mention_index("602")].seeker.liked, -1);
  EXPECT_EQ(horror.mentions[horror.mention_index("602")].stance().liked, 1);
  // A null title: the mention stays written as its id.
  EXPECT_EQ(horror.readable(horror.messages[3]), "The Shining (1980) then, or @604");
  EXPECT_TRUE(all[3].mentions.empty());  // movieMentions: []
}

TEST(DialogueFilesTest, ReadsInspired) {
  const auto all = read_dialogues(test::dialogue_file("inspired_small.tsv"), DialogueFormat::inspired);
  ASSERT_EQ(all.size(), 2u);
  const Dialogue& d = all[0];
  EXPECT_EQ(d.id, "d1");
  ASSERT_EQ(d.messages.size(), 5u);
  EXPECT_EQ(d.messages[0].speaker, Speaker::recommender);
  EXPECT_EQ(d.readable(d.messages[2]), "and \"Up\" made me cry");
  ASSERT_EQ(d.mentions.size(), 4u);
  EXPECT_EQ(d.mentions[1].title, "Up (2009)");
  ASSERT_EQ(d.messages[3].mentions.size(), 2u);
  EXPECT_EQ(d.mentions[d.messages[3].mentions[1]].title, "The Lion King (1994)");
  EXPECT_EQ(d.mentions[0].stance().liked, -1);  // INSPIRED has no questionnaire
}

TEST(DialogueFilesTest, BadLinesNameTheFileAndLine) {
  const std::string dir = test::scratch_dir("DialogueFilesBad");
  const std::string redial = dir + "/bad.jsonl";
  test::write_file(redial, R"({"conversationId": "1", "initiatorWorkerId": 1, "respondentWorkerId": 2, "messages": []})"
                           "\n\n{not json\n");
  EXPECT_NE(dialogue_error_of(redial, DialogueFormat::redial).find("bad.jsonl:3: not a ReDial dialogue"), std::string::npos);
  test::write_file(redial, R"({"conversationId": "1", "initiatorWorkerId": 1, "respondentWorkerId": 2,)"
                           R"( "messages": [{"text": "hi", "senderWorkerId": 3}]})" "\n");
  EXPECT_NE(dialogue_error_of(redial, DialogueFormat::redial).find("neither the initiator nor the respondent"),
            std::string::npos);
  const std::string tsv = dir + "/bad.tsv";
  test::write_file(tsv, "dialog_id\tspeaker\nd\tSEEKER\n");
  EXPECT_NE(dialogue_error_of(tsv, DialogueFormat::inspired).find("bad.tsv:1: no column \"text\""), std::string::npos);
  test::write_file(tsv, "dialog_id\tspeaker\ttext\nd\tSEEKER\thi\nd\tBOT\thello\n");
  EXPECT_NE(dialogue_error_of(tsv, DialogueFormat::inspired).find("bad.tsv:3: speaker \"bot\""), std::string::npos);
  EXPECT_THROW(dialogue_format("csv"), std::invalid_argument);
}

TEST(DialogueFilesTest, ReDialLinesReadBack) {
  const auto all = read_dialogues(test::dialogue_file("redial_small.jsonl"), DialogueFormat::redial);
  const std::string path = test::scratch_dir("DialogueFilesWrite") + "/out.jsonl";
  std::string text;
  for (const Dialogue& d : all) text += redial_line(d, 7, 9) + "\n";
  test::write_file(path, text);
  const auto again = read_dialogues(path, DialogueFormat::redial);
  ASSERT_EQ(again.size(), all.size());
  for (size_t k = 0; k < all.size(); ++k) {
    EXPECT_EQ(again[k].id, all[k].id);
    ASSERT_EQ(again[k].messages.size(), all[k].messages.size());
    for (size_t m = 0; m < all[k].messages.size(); ++m) {
      EXPECT_EQ(again[k].messages[m].speaker, all[k].messages[m].speaker);
      EXPECT_EQ(again[k].readable(again[k].messages[m]), all[k].readable(all[k].messages[m]));
    }
    ASSERT_EQ(again[k].mentions.size(), all[k].mentions.size());
    for (size_t m = 0; m < all[k].mentions.size(); ++m) EXPECT_EQ(again[k].mentions[m].title, all[k].mentions[m].title);
  }
  EXPECT_EQ(again[0].mentions[again[0].mention_index("444")].seeker.liked, 1);
  const auto doc = nlohmann::json::parse(redial_line(all[0], 7, 9));
  EXPECT_EQ(doc["initiatorWorkerId"], 7);
  EXPECT_EQ(doc["messages"][0]["senderWorkerId"], 9);
}

}  // namespace
}  // namespace interec

// Titles with precision first (issue 15, item 1), through the real rules
// brain on a small catalog whose titles are also ordinary words and names:
// "Title (Year)" and article-moved forms, a title's year never a condition,
// no title from ordinary words, the stance toward each title named.
#include <string>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/rules/english.h"
#include "brain/rules/rules_brain.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using json = nlohmann::json;

class Titles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = test::scratch_dir("titles-test-src");
    std::ofstream items(src + "/items.csv");
    items << "item_id,title,genres\n"
             "1,\"Matrix, The (1999)\",Action|Sci-Fi\n"
             "2,Emma (1996),Comedy|Romance\n"
             "3,Superhero Movie (2008),Action|Comedy\n"
             "4,Total Recall (1990),Action|Sci-Fi\n"
             "5,Total Recall (2012),Action|Sci-Fi\n"
             "6,Toy Story (1995),Animation|Comedy\n"
             "7,Toy Story 2 (1999),Animation|Comedy\n"
             "8,Heat (1995),Action|Crime\n"
             "9,Click (2006),Comedy|Drama\n"
             "10,Top Gun (1986),Action|Romance\n"
             "11,Titanic (1997),Drama|Romance\n"
             "12,Zootopia (2016),Animation|Comedy\n"
             "13,Commuter (2018),Action|Thriller\n";
    items.close();
    std::ofstream inter(src + "/interactions.csv");
    inter << "user_id,item_id\n";
    for (int u = 1; u <= 8; ++u)
      for (int i = 1; i <= 13; ++i)
        if ((u * 7 + i) % 4 != 0 || i == 12) inter << u << "," << i << "\n";  // Zootopia: popular
    inter.close();
    const std::string out =
        test::prepare_into(src, test::scratch_dir("titles-test-prepared"));
    brain_ = std::make_shared<RulesBrain>(Toolbox::open(out));
  }
  static void TearDownTestSuite() { brain_.reset(); }

  // "Title=role" for every title understood, in text order, joined by ", ".
  static std::string titles(const std::string& text) {
    const json u = brain_->understand(text);
    std::string out;
    if (u.contains("titles"))
      for (const auto& t : u["titles"])
        out += (out.empty() ? "" : ", ") + t["title"].get<std::string>() + "=" +
               t["role"].get<std::string>();
    return out;
  }
  static std::string conditions(const std::string& text) {
    const json u = brain_->understand(text);
    return u.contains("conditions") ? u["conditions"].dump() : "";
  }
  static bool have_dictionary() { return rules::EnglishWords().available(); }

  static inline std::shared_ptr<RulesBrain> brain_;
};

TEST_F(Titles, TitleAndYearFormsPickTheItem) {
  EXPECT_EQ(titles("Have you ever seen Total Recall (1990)?"), "Total Recall (1990)=neutral");
  EXPECT_EQ(titles("something like Total Recall (2012)"), "Total Recall (2012)=seed");
  EXPECT_EQ(titles("something like Total Recall 2012"), "Total Recall (2012)=seed");
  // One year off still picks it (festival and release years differ).
  EXPECT_EQ(titles("Something like The Commuter (2017)"), "Commuter (2018)=seed");
  EXPECT_EQ(titles("I loved The Matrix"), "Matrix, The (1999)=liked");
  EXPECT_EQ(titles("Matrix, The"), "Matrix, The (1999)=seed");
  EXPECT_EQ(titles("Toy Story II"), "Toy Story 2 (1999)=seed");
  EXPECT_EQ(titles("the sequel to Toy Story"), "Toy Story 2 (1999)=neutral");
}

TEST_F(Titles, ATitlesYearIsNeverACondition) {
  EXPECT_EQ(conditions("Have you ever seen Total Recall (1990)?"), "");
  EXPECT_EQ(conditions("I like comedy and action. Something like The Commuter (2017)"),
            R"(["genres: Action","genres: Comedy"])");
  // A bracketed year after a title the catalog lacks is still a title's year.
  EXPECT_EQ(conditions("I liked Annabelle 2 (2017) a lot"), "");
  // A year on its own is a condition.
  EXPECT_NE(conditions("comedies from 1999"), "");
}

TEST_F(Titles, OrdinaryWordsAreNoTitles) {
  EXPECT_EQ(titles("Not a big fan of superhero movies"), "");
  EXPECT_EQ(titles("I want a superhero movie"), "");
  EXPECT_EQ(titles("a movie to watch in the heat of summer"), "");
  if (!have_dictionary()) GTEST_SKIP() << "hunspell-en-us is not installed";
  EXPECT_EQ(titles("I like Emma Stone"), "");
  EXPECT_EQ(titles("I like Emma Stone. Something like Zootopia"), "Zootopia (2016)=seed");
}

TEST_F(Titles, TheStanceTowardEachTitle) {
  EXPECT_EQ(titles("tell me about Top Gun"), "Top Gun (1986)=asked_about");
  EXPECT_EQ(titles("who is in Click (2006)?"), "Click (2006)=asked_about");
  EXPECT_EQ(titles("I didn't like Titanic"), "Titanic (1997)=disliked");
  EXPECT_EQ(titles("I've already seen Heat"), "Heat (1995)=seen");
  EXPECT_EQ(titles("Zootopia was great"), "Zootopia (2016)=liked");
  EXPECT_EQ(titles("anything but Titanic (1997)"), "Titanic (1997)=excluded");
  EXPECT_EQ(titles("Something like Heat (1995). I don't like movies like Titanic (1997)"),
            "Heat (1995)=seed, Titanic (1997)=disliked");
  EXPECT_EQ(titles("I loved Heat (1995) but Titanic (1997) was boring"),
            "Heat (1995)=liked, Titanic (1997)=disliked");
  // A short sentence after the name judges it through a pronoun.
  EXPECT_EQ(titles("Zootopia! love that one"), "Zootopia (2016)=liked");
  EXPECT_EQ(titles("Heat (1995). Hated it."), "Heat (1995)=disliked");
  EXPECT_EQ(titles("Heat (1995)! what else do you have?"), "Heat (1995)=neutral");
  EXPECT_EQ(titles("Heat (1995)? I'd love to see that one"), "Heat (1995)=neutral");
  EXPECT_EQ(titles("I've heard of Heat (1995). Is it good?"), "Heat (1995)=neutral");
  EXPECT_EQ(titles("I might try Heat (1995). Have a good one."), "Heat (1995)=neutral");
}

TEST_F(Titles, ThinkBeforeATitleNamesAnExample) {
  EXPECT_EQ(titles("think heat"), "Heat (1995)=seed");
  EXPECT_EQ(titles("I loved Titanic... think Top Gun, but newer"), "Titanic (1997)=liked, Top Gun (1986)=seed");
  EXPECT_EQ(titles("I think heat is a bit long"), "");  // no cue: only a title on its own would count
}

TEST_F(Titles, NeverThrows) {
  for (const std::string text : {"", "(", "(1999)", "\"\"", "Matrix, The, The", "2 2 2 (2012)"})
    EXPECT_FALSE(brain_->understand(text).contains("error")) << text;
}

}  // namespace
}  // namespace interec

// "similar to X: both ..." names what the two items share that a reader can
// use: each value once (a studio that is also the publisher), and no
// two-valued flag (Steam's early_access "false") that means nothing
// without its column.
#include <fstream>

#include <gtest/gtest.h>

#include "tests/brain/dialogue/conversation.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"

namespace interec {
namespace {

// Eight games; everyone who played Orbit Gate played Orbit Gate 2 (an
// item-kNN neighbour), which shares its genres, its studio Valve (also its
// publisher) and early_access "false" with it. Three studios and three
// publishers: categorical columns for the explanation.
std::string flagged_catalog() {
  const std::string src = test::scratch_dir("explain-flags-source");
  std::ofstream items(src + "/items.csv");
  items << "item_id,title,genres,developer,publisher,early_access\n"
           "1,Orbit Gate,Puzzle|Sci-fi,Valve,Valve,false\n"
           "2,Orbit Gate 2,Puzzle|Sci-fi,Valve,Valve,false\n"
           "3,Farm Days,Simulation|Casual,Meadow,Big Pub,true\n"
           "4,Deep Mine,Simulation|Survival,Meadow,Big Pub,true\n"
           "5,Star Tactics,Strategy|Sci-fi,Kestrel,Small Pub,false\n"
           "6,Castle Siege,Strategy|Action,Kestrel,Small Pub,true\n"
           "7,Quiet Lake,Casual|Puzzle,Meadow,Big Pub,false\n"
           "8,Rally Cup,Racing|Sports,Kestrel,Small Pub,true\n";
  items.close();
  std::ofstream interactions(src + "/interactions.csv");
  interactions << "user_id,item_id\n";
  for (int u = 1; u <= 30; ++u) {
    interactions << u << ",1\n" << u << ",2\n";
    interactions << u << "," << 3 + u % 6 << "\n";
  }
  interactions.close();
  return test::prepare_into(src, test::scratch_dir("explain-flags"));
}

TEST(Explain, SharedValuesAreNamedOnceAndWithoutFlags) {
  static const std::string dir = flagged_catalog();
  test::Conversation c(test::toolbox_for(dir), test::brain_for(dir));
  const auto turn = c.say("something like Orbit Gate");
  bool found = false;
  for (const auto& reasons : turn.why)
    for (const auto& r : reasons) {
      if (r.rfind("similar to Orbit Gate:", 0) != 0) continue;
      EXPECT_EQ(r.find("false"), std::string::npos) << r;
      if (r.find("Valve") == std::string::npos) continue;  // another neighbour
      found = true;
      EXPECT_EQ(r.find("Valve, Valve"), std::string::npos) << r;
      EXPECT_EQ(r.find("Valve and Valve"), std::string::npos) << r;
    }
  EXPECT_TRUE(found) << "Orbit Gate 2 was not explained by its studio: " << turn.reply;
}

}  // namespace
}  // namespace interec

// The cards and details of items, on a prepared ML-100K: default columns,
// a cards.json of the catalog's own, and bad configurations.
#include "bridge/item_cards.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "storage/dataset.h"
#include "tests/test_data.h"

namespace interec {
namespace {

using json = nlohmann::json;

class ItemCardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::prepared("ml-100k");
    if (dir_.empty()) GTEST_SKIP() << "../shared/data/ml-100k is absent: this test needs it";
    catalog_ = Dataset::open(dir_)->catalog;
  }
  std::string dir_;
  std::shared_ptr<const Catalog> catalog_;
};

TEST_F(ItemCardsTest, DefaultsAreYearGenresAndRating) {
  auto cards = ItemCards::open(dir_, catalog_);
  std::vector<std::string> names;
  for (const auto& c : cards->columns()) names.push_back(c.column);
  EXPECT_EQ(names, (std::vector<std::string>{"year", "genres", "avg_rating"}));
  const json a = cards->attributes(*catalog_->find("1"));
  ASSERT_EQ(a.size(), 3u) << a.dump();
  EXPECT_EQ(a[0], (json{{"name", "year"}, {"label", "Year"}, {"value", "1995"}}));
  EXPECT_EQ(a[1]["value"], (json{"Animation", "Children's", "Comedy"}));
  EXPECT_EQ(a[2]["label"], "Average rating");
  EXPECT_EQ(a[2]["value"].get<std::string>().size(), 3u) << "one decimal: " << a[2].dump();
}

TEST_F(ItemCardsTest, DetailsAreSentencesOverEveryColumn) {
  auto cards = ItemCards::open(dir_, catalog_);
  auto details = cards->details("1");
  ASSERT_TRUE(details);
  std::vector<std::string> sentences = (*details)["sentences"];
  ASSERT_GE(sentences.size(), 3u);
  EXPECT_EQ(sentences[0], "It came out in 1995.");
  EXPECT_EQ(sentences[1], "Its genres are Animation, Children's and Comedy.");
  for (const auto& s : sentences) {
    EXPECT_EQ(s.back(), '.') << s;
    EXPECT_EQ(s.find('|'), std::string::npos) << "a raw cell: " << s;
  }
  EXPECT_FALSE(cards->details("no-such-item"));
}

TEST_F(ItemCardsTest, ACatalogChoosesItsColumns) {
  const std::string dir = test::scratch_dir("ItemCardsTest.ACatalogChoosesItsColumns");
  std::ofstream(dir + "/cards.json")
    << R"({"_note": "ours", "columns": [{"column": "genres", "label": "Kind", "max_values": 1}]})";
  auto cards = ItemCards::open(dir, catalog_);
  const json a = cards->attributes(*catalog_->find("1"));
  EXPECT_EQ(a, (json::array({{{"name", "genres"}, {"label", "Kind"}, {"value", {"Animation"}}}})));
  for (const char* bad : {R"({"columns": [{"column": "budget"}]})", R"({"columns": {}})",
                          R"({"cols": []})", R"({"columns": [{"column": "year", "max_values": 0}]})",
                          "not json"}) {
    std::ofstream(dir + "/cards.json") << bad;
    EXPECT_THROW(ItemCards::open(dir, catalog_), std::runtime_error) << bad;
  }
}

}  // namespace
}  // namespace interec

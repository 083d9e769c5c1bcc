// Dialogue titles onto catalog items: each rule on the hand-made catalog, and
// on real ReDial titles when ../shared/data has them.
#include "storage/mention_map.h"

#include <gtest/gtest.h>

#include "storage/dataset.h"
#include "storage/dialogue_files.h"
#include "tests/dialogue_fixture.h"
#include "tests/test_data.h"

namespace interec {
namespace {

class MentionMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dataset_ = Dataset::open(test::prepare_dialogue_catalog("MentionMap"));
    map_ = std::make_unique<MentionMap>(dataset_->catalog, std::make_shared<TitleIndex>(dataset_->catalog));
  }
  std::string title(std::string_view name, MentionMatch how) const {
    const MappedMention m = map_->map(name);
    EXPECT_EQ(m.how, how) << name << " -> " << to_string(m.how);
    return m.item < 0 ? "-" : std::string(dataset_->catalog->title(m.item));
  }
  std::shared_ptr<const Dataset> dataset_;
  std::unique_ptr<MentionMap> map_;
};

TEST_F(MentionMapTest, EveryRule) {
  EXPECT_EQ(title("Heat (1995)", MentionMatch::title_and_year), "Heat (1995)");
  EXPECT_EQ(title("The Matrix (1999)", MentionMatch::title_and_year), "Matrix, The (1999)");
  EXPECT_EQ(title("Seven (1995)", MentionMatch::title_and_year), "Se7en (a.k.a. Seven) (1995)");
  EXPECT_EQ(title("Black Panther (2018)", MentionMatch::year_off_by_one), "Black Panther (2017)");
  EXPECT_EQ(title("Scream", MentionMatch::title_only), "Scream (1996)");
  EXPECT_EQ(title("Finding Nemo (2003)", MentionMatch::title_and_year), "Finding Nemo (2003)");
  EXPECT_EQ(title("Findng Nemo (2003)", MentionMatch::part_and_year), "Finding Nemo (2003)");
  // Precision first: another year, or a title the catalog lacks, maps to nothing.
  EXPECT_EQ(title("Heat (1986)", MentionMatch::none), "-");
  EXPECT_EQ(title("Gone Girl (2014)", MentionMatch::none), "-");
  EXPECT_EQ(title("", MentionMatch::none), "-");
}

TEST(MentionMapReDialTest, MostReDialMentionsMapOntoMovieLensLatest) {
  INTEREC_REQUIRE_DATA(redial, "redial-dev");
  INTEREC_REQUIRE_PREPARED(dir, "ml-latest-small");
  const auto dataset = Dataset::open(dir);
  const MentionMap map(dataset->catalog, std::make_shared<TitleIndex>(dataset->catalog));
  MentionStats stats;
  for (const Dialogue& d : read_dialogues(redial + "/valid.jsonl", DialogueFormat::redial))
    for (const auto& m : d.mentions) stats.add(map.map(m.title).how);
  // Measured 88% (docs/evaluation.md); every rule is used.
  EXPECT_GT(static_cast<double>(stats.mapped()) / static_cast<double>(stats.total), 0.85);
  for (size_t k = 0; k < kMentionMatchKinds; ++k) EXPECT_GT(stats.by_rule[k], 0u) << k;
}

}  // namespace
}  // namespace interec

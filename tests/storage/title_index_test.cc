#include "storage/title_index.h"


#include <gtest/gtest.h>

#include "storage/dataset.h"
#include "tests/test_data.h"

namespace interec {
namespace {

TEST(NormalizeTitle, MovieLensTitles) {
  EXPECT_EQ(normalize_title("Usual Suspects, The (1995)"), "the usual suspects");
  EXPECT_EQ(normalize_title("Toy Story (1995)"), "toy story");
  EXPECT_EQ(normalize_title("Godfather, The (1972)"), "the godfather");
  EXPECT_EQ(normalize_title("Seven (Se7en) (1995)"), "seven");
  EXPECT_EQ(normalize_title("City of Lost Children, The (Cité des enfants perdus, La) (1995)"),
            "the city of lost children");
  EXPECT_EQ(normalize_title("Misérables, Les (1995)"), "les miserables");
  EXPECT_EQ(normalize_title("Mis\xe9rables, Les (1995)"), "les miserables");  // raw Latin-1
  EXPECT_EQ(normalize_title("Blue Angel, The (Blaue Engel, Der) (1930)"), "the blue angel");
  EXPECT_EQ(normalize_title("Garden of Finzi-Contini, The (Giardino dei Finzi-Contini, Il) (1970)"),
            "the garden of finzi contini");
  EXPECT_EQ(normalize_title("L.A. Confidential (1997)"), "la confidential");
  EXPECT_EQ(normalize_title("Schindler's List (1993)"), "schindlers list");
  EXPECT_EQ(normalize_title("Mr. Holland's Opus (1995)"), "mr hollands opus");
  EXPECT_EQ(normalize_title("Romy and Michele's High School Reunion"), "romy and micheles high school reunion");
  EXPECT_EQ(normalize_title("Wallace & Gromit: The Best of Aardman Animation (1996)"),
            "wallace and gromit the best of aardman animation");
  EXPECT_EQ(normalize_title("Goodbye, Mr. Chips"), "goodbye mr chips");
  EXPECT_EQ(normalize_title("  HEAT   (1995) "), "heat");
  EXPECT_EQ(normalize_title("Heat"), "heat");
  EXPECT_EQ(normalize_title("(500) Days of Summer (2009)"), "500 days of summer");
  EXPECT_EQ(normalize_title("Office Space (1999/I)"), "office space");
  EXPECT_EQ(normalize_title("Cérémonie, La (1995)"), "la ceremonie");
  EXPECT_EQ(normalize_title(""), "");
}

TEST(NormalizeText, FoldsAndSplits) {
  EXPECT_EQ(normalize_text("Children's, Sci-Fi!"), "childrens sci fi");
  EXPECT_EQ(normalize_text("  Café   au Lait "), "cafe au lait");
}

// An exact name answers without the fuzzy pass when nothing fuzzy could
// outrank it; the answer must be the one the full search gives: the best of
// a longer list (which needs the fuzzy pass) is the single best match, and
// near names still come after it.
TEST(TitleIndexTiny, ExactFirstAgreesWithFullSearch) {
  auto ds = Dataset::open(test::tiny());
  TitleIndex index(ds->catalog);
  const Catalog& catalog = *ds->catalog;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const std::string title(catalog.title(static_cast<ItemIndex>(i)));
    const auto one = index.match(title, 1);
    const auto many = index.match(title, 10, 0.5);
    ASSERT_EQ(one.size(), 1u) << title;
    ASSERT_FALSE(many.empty()) << title;
    EXPECT_EQ(one[0].item, many[0].item) << title;
    EXPECT_EQ(one[0].score, many[0].score) << title;
    EXPECT_EQ(normalize_title(catalog.title(one[0].item)), normalize_title(title)) << title;
  }
  const auto toy = index.match("toy box heroes", 5, 0.5);
  ASSERT_GE(toy.size(), 2u);
  EXPECT_EQ(catalog.title(toy[0].item), "Toy Box Heroes");
  EXPECT_EQ(catalog.title(toy[1].item), "Toy Box Heroes Return");
  const auto typo = index.match("toy box heores", 1);
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(catalog.title(typo[0].item), "Toy Box Heroes");
}

class TitleIndexMl100k : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = test::prepared("ml-100k");
    if (dir.empty()) return;
    dataset_ = Dataset::open(dir);
    index_ = std::make_shared<TitleIndex>(dataset_->catalog);
  }
  void SetUp() override {
    if (!index_) GTEST_SKIP() << "../shared/data/ml-100k is absent: this test needs it";
  }
  std::string best(std::string_view name) const {
    auto m = index_->match(name);
    return m.empty() ? std::string("<none>") : std::string(dataset_->catalog->title(m[0].item));
  }
  std::vector<std::string> in_text(std::string_view text, bool single) const {
    std::vector<std::string> out;
    for (const auto& m : index_->find_in_text(text, single)) out.emplace_back(dataset_->catalog->title(m.item));
    return out;
  }
  static std::shared_ptr<const Dataset> dataset_;
  static std::shared_ptr<TitleIndex> index_;
};
std::shared_ptr<const Dataset> TitleIndexMl100k::dataset_;
std::shared_ptr<TitleIndex> TitleIndexMl100k::index_;

TEST_F(TitleIndexMl100k, ExactNames) {
  auto m = index_->match("toy story");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(dataset_->catalog->title(m[0].item), "Toy Story (1995)");
  EXPECT_DOUBLE_EQ(m[0].score, 1.0);
  EXPECT_EQ(best("Toy Story (1995)"), "Toy Story (1995)");
  EXPECT_EQ(best("the godfather"), "Godfather, The (1972)");
  EXPECT_EQ(best("Godfather"), "Godfather, The (1972)");
  EXPECT_EQ(best("the usual suspects"), "Usual Suspects, The (1995)");
  EXPECT_EQ(best("usual suspects"), "Usual Suspects, The (1995)");
  EXPECT_EQ(best("heat"), "Heat (1995)");
  EXPECT_EQ(best("Se7en"), "Seven (Se7en) (1995)");
  EXPECT_EQ(best("seven"), "Seven (Se7en) (1995)");
  EXPECT_EQ(best("Hussard sur le toit"), "Horseman on the Roof, The (Hussard sur le toit, Le) (1995)");
  EXPECT_EQ(best("le hussard sur le toit"), "Horseman on the Roof, The (Hussard sur le toit, Le) (1995)");
  EXPECT_EQ(best("horseman on the roof"), "Horseman on the Roof, The (Hussard sur le toit, Le) (1995)");
  EXPECT_EQ(best("ID4"), "Independence Day (ID4) (1996)");
  EXPECT_EQ(best("city of lost children"), "City of Lost Children, The (1995)");
  EXPECT_EQ(best("les miserables"), "Misérables, Les (1995)");
  EXPECT_EQ(best("la confidential"), "L.A. Confidential (1997)");
  EXPECT_EQ(best("L.A. Confidential"), "L.A. Confidential (1997)");
  EXPECT_EQ(best("schindler's list"), "Schindler's List (1993)");
  EXPECT_EQ(best("schindlers list"), "Schindler's List (1993)");
  EXPECT_EQ(best("star wars"), "Star Wars (1977)");
}

TEST_F(TitleIndexMl100k, YearNarrows) {
  EXPECT_EQ(best("heat 1995"), "Heat (1995)");
  EXPECT_EQ(best("Heat (1995)"), "Heat (1995)");
  // Remakes: the year picks one.
  for (const char* title : {"Sabrina (1995)", "Sabrina (1954)", "Cape Fear (1991)", "Cape Fear (1962)"}) {
    EXPECT_EQ(best(title), title);
    std::string bare = title;
    bare = bare.substr(0, bare.size() - 7) + " " + bare.substr(bare.size() - 5, 4);
    EXPECT_EQ(best(bare), title) << bare;
  }
  const auto both = index_->match("sabrina", 10);
  ASSERT_GE(both.size(), 2u);
  EXPECT_EQ(both[0].score, both[1].score);
  // A wrong year still finds the title, with a lower score.
  auto wrong = index_->match("heat 1990");
  ASSERT_FALSE(wrong.empty());
  EXPECT_EQ(dataset_->catalog->title(wrong[0].item), "Heat (1995)");
  EXPECT_LT(wrong[0].score, 1.0);
}

TEST_F(TitleIndexMl100k, ToleratesTypos) {
  EXPECT_EQ(best("toy stroy"), "Toy Story (1995)");
  EXPECT_EQ(best("godfater"), "Godfather, The (1972)");
  EXPECT_EQ(best("the shawshank redemtion"), "Shawshank Redemption, The (1994)");
  EXPECT_EQ(best("pulp fictoin"), "Pulp Fiction (1994)");
  EXPECT_EQ(best("jurasic park"), "Jurassic Park (1993)");
  auto m = index_->match("toy stroy");
  ASSERT_FALSE(m.empty());
  EXPECT_LT(m[0].score, 1.0);
  EXPECT_GE(m[0].score, 0.75);
}

TEST_F(TitleIndexMl100k, UnknownNamesDoNotMatch) {
  EXPECT_TRUE(index_->match("Qwxyz Blorp").empty());
  EXPECT_TRUE(index_->match("inception").empty());
  EXPECT_TRUE(index_->match("the matrix reloaded").empty());
  EXPECT_TRUE(index_->match("").empty());
}

TEST_F(TitleIndexMl100k, PopularityBreaksTies) {
  // Several titles share a prefix; scores are sorted and ties favour the more popular.
  const auto m = index_->match("star trek", 10, 0.5);
  ASSERT_GE(m.size(), 2u);
  for (size_t k = 1; k < m.size(); ++k) EXPECT_GE(m[k - 1].score, m[k].score);
}

TEST_F(TitleIndexMl100k, FindsTitlesInText) {
  auto found = in_text("something like heat but funnier", true);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0], "Heat (1995)");
  EXPECT_TRUE(in_text("something like heat but funnier", false).empty());

  found = in_text("I loved The Usual Suspects and toy story, what next?", false);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], "Usual Suspects, The (1995)");  // longest first
  EXPECT_EQ(found[1], "Toy Story (1995)");

  // "it" alone is never a title; "toy story 2" is not in ML-100K, "toy story" is.
  found = in_text("i liked it", true);
  EXPECT_TRUE(found.empty());
  found = in_text("Heat (1995) was great", false);
  ASSERT_EQ(found.size(), 1u);  // a following year makes it two tokens
  EXPECT_EQ(found[0], "Heat (1995)");
}

}  // namespace
}  // namespace interec

namespace interec {
namespace {

// ML-latest-small: ~9.7k titles with alternate titles and "Episode" subtitles.
TEST(TitleIndexMlLatest, MatchesAlternateAndShortNames) {
  const std::string dir = test::prepared("ml-latest-small");
  if (dir.empty()) GTEST_SKIP() << "../shared/data/ml-latest-small is absent: this test needs it";
  auto ds = Dataset::open(dir);
  TitleIndex index(ds->catalog);
  auto best = [&](std::string_view name) {
    auto m = index.match(name);
    return m.empty() ? std::string("<none>") : std::string(ds->catalog->title(m[0].item));
  };
  const std::string lost = "City of Lost Children, The (Cité des enfants perdus, La) (1995)";
  EXPECT_EQ(best("the city of lost children"), lost);
  EXPECT_EQ(best("cite des enfants perdus"), lost);
  EXPECT_EQ(best("La Cité des enfants perdus"), lost);
  EXPECT_EQ(best("se7en"), "Seven (a.k.a. Se7en) (1995)");
  EXPECT_EQ(best("seven"), "Seven (a.k.a. Se7en) (1995)");
  EXPECT_EQ(best("star wars"), "Star Wars: Episode IV - A New Hope (1977)");
  EXPECT_EQ(best("the empire strikes back"), "Star Wars: Episode V - The Empire Strikes Back (1980)");
  EXPECT_EQ(best("leon the professional"), "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)");
  EXPECT_EQ(best("amelie"), "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
  EXPECT_EQ(best("the godfather"), "Godfather, The (1972)");
  EXPECT_EQ(best("godfather part ii"), "Godfather: Part II, The (1974)");
  EXPECT_EQ(best("toy story 2"), "Toy Story 2 (1999)");
  EXPECT_EQ(best("toy story"), "Toy Story (1995)");
  EXPECT_EQ(best("les miserables 2012"), "Misérables, Les (2012)");

  auto found = index.find_in_text("I want something like star wars or toy story 3", false);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(ds->catalog->title(found[0].item), "Toy Story 3 (2010)");
  EXPECT_EQ(ds->catalog->title(found[1].item), "Star Wars: Episode IV - A New Hope (1977)");

  // Speed: bench/hot_paths_bench (docs/performance.md).
  size_t n = 0;
  for (const char* q : {"toy stroy", "the godfater", "jurasic park", "pulp fictoin", "harry poter"})
    n += index.match(q).size();
  EXPECT_GT(n, 0u);
}

}  // namespace
}  // namespace interec

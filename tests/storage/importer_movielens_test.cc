// Imports of the real MovieLens folders in ../shared/data.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "storage/dataset.h"
#include "storage/importer.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

/// Each source is imported once per test process and shared by the tests.
struct Imported {
  std::string dir;
  ImportSummary summary;
  std::shared_ptr<const Dataset> dataset;
};

const Imported& imported(const std::string& name) {
  static std::map<std::string, Imported> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  Imported im;
  im.dir = test::scratch_dir("ml-import-" + name);
  im.summary = test::import_to(test::shared_data(name), im.dir);
  im.dataset = Dataset::open(im.dir);
  return cache.emplace(name, std::move(im)).first->second;
}

size_t col(const Catalog& c, const std::string& name) {
  auto k = c.column_index(name);
  EXPECT_TRUE(k.has_value()) << "no column " << name;
  return k.value_or(0);
}

TEST(MovieLens100K, CountsAndSummary) {
  INTEREC_REQUIRE_DATA(src, "ml-100k");
  const auto& im = imported("ml-100k");
  EXPECT_EQ(im.summary.format, "ml-100k");
  EXPECT_EQ(im.summary.items, 1682u);
  EXPECT_EQ(im.summary.interactions, 100000u);
  EXPECT_EQ(im.summary.users, 943u);
  EXPECT_EQ(im.summary.skipped_rows, 0u);
  EXPECT_EQ(im.dataset->name, "ml-100k");
  EXPECT_EQ(im.dataset->catalog->size(), 1682u);
  EXPECT_EQ(im.dataset->interactions.size(), 100000u);
  EXPECT_EQ(im.dataset->interactions.users(), 943u);

  nlohmann::json m = nlohmann::json::parse(std::ifstream(im.dir + "/manifest.json"));
  EXPECT_EQ(m["name"], "ml-100k");
  EXPECT_EQ(m["format"], "ml-100k");
  EXPECT_EQ(m["items"], 1682);
  EXPECT_EQ(m["users"], 943);
  EXPECT_EQ(m["interactions"], 100000);
  EXPECT_EQ(m["skipped_rows"], 0);
  EXPECT_TRUE(m["warnings"].is_array());
  EXPECT_TRUE(m["seconds"].is_number());
  EXPECT_EQ(m["created"].get<std::string>().size(), 20u);  // 2024-01-01T00:00:00Z
}

TEST(MovieLens100K, ItemColumns) {
  INTEREC_REQUIRE_DATA(src, "ml-100k");
  const Catalog& c = *imported("ml-100k").dataset->catalog;
  std::vector<std::string> names;
  for (const auto& info : c.columns()) {
    names.push_back(info.name);
    EXPECT_FALSE(info.description.empty()) << info.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"year", "genres", "popularity", "avg_rating"}));

  auto toy = c.find("1");
  ASSERT_TRUE(toy);
  EXPECT_EQ(*toy, 0);
  EXPECT_EQ(c.title(*toy), "Toy Story (1995)");
  EXPECT_EQ(c.number(col(c, "year"), *toy), 1995);
  EXPECT_EQ(c.values(col(c, "genres"), *toy).strings(), (std::vector<std::string>{"Animation", "Children's", "Comedy"}));
  EXPECT_EQ(c.number(col(c, "popularity"), *toy), 452);  // rows of u.data with item 1
  EXPECT_NEAR(c.number(col(c, "avg_rating"), *toy), 3.88, 1e-9);

  // Latin-1 in u.item becomes UTF-8.
  auto les = c.find("543");
  ASSERT_TRUE(les);
  EXPECT_EQ(c.title(*les), "Mis\xC3\xA9rables, Les (1995)");

  // Item 267 has no title year, no release date and only the "unknown"
  // genre flag, which is not a genre.
  auto unknown = c.find("267");
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(std::isnan(c.number(col(c, "year"), *unknown)));
  EXPECT_TRUE(c.values(col(c, "genres"), *unknown).empty());

  const ColumnInfo& genres = c.columns()[col(c, "genres")];
  EXPECT_TRUE(genres.multi);
  EXPECT_EQ(genres.type, ColumnType::text);
  EXPECT_EQ(genres.distinct, 18u);  // 19 flags minus "unknown"
  const ColumnInfo& year = c.columns()[col(c, "year")];
  EXPECT_EQ(year.type, ColumnType::integer);
  EXPECT_EQ(year.min, 1922);
  EXPECT_EQ(year.max, 1998);
  EXPECT_EQ(c.columns()[col(c, "avg_rating")].type, ColumnType::real);
}

TEST(MovieLens100K, UserHistoryIsInTimeOrder) {
  INTEREC_REQUIRE_DATA(src, "ml-100k");
  const Interactions& in = imported("ml-100k").dataset->interactions;
  auto u = in.find_user("196");
  ASSERT_TRUE(u);
  EXPECT_EQ(in.items(*u).size(), 39u);
  auto ts = in.timestamps(*u);
  for (size_t k = 1; k < ts.size(); ++k) EXPECT_LE(ts[k - 1], ts[k]);
  for (float r : in.ratings(*u)) EXPECT_TRUE(r >= 1 && r <= 5);
}

TEST(MovieLensLatestSmall, CountsTagsAndQuotedTitles) {
  INTEREC_REQUIRE_DATA(src, "ml-latest-small");
  const auto& im = imported("ml-latest-small");
  std::cout << "ml-latest-small import: " << im.summary.seconds << " s\n";
  EXPECT_EQ(im.summary.format, "ml-latest");
  EXPECT_EQ(im.summary.items, 9742u);
  EXPECT_EQ(im.summary.interactions, 100836u);
  EXPECT_EQ(im.summary.users, 610u);
  EXPECT_EQ(im.summary.skipped_rows, 0u);
  const Catalog& c = *im.dataset->catalog;
  ASSERT_TRUE(c.column_index("tags"));
  EXPECT_TRUE(c.columns()[col(c, "tags")].multi);

  auto step = c.find("60756");
  ASSERT_TRUE(step);
  // "funny" is tagged three times; the first spelling of each tag is kept.
  EXPECT_EQ(c.values(col(c, "tags"), *step).strings(),
            (std::vector<std::string>{"funny", "Highly quotable", "will ferrell", "comedy"}));

  auto president = c.find("11");
  ASSERT_TRUE(president);
  EXPECT_EQ(c.title(*president), "American President, The (1995)");
  EXPECT_EQ(c.number(col(c, "year"), *president), 1995);

  auto cravate = c.find("114335");
  ASSERT_TRUE(cravate);
  EXPECT_TRUE(c.values(col(c, "genres"), *cravate).empty());  // "(no genres listed)"
  for (const auto& info : c.columns()) EXPECT_FALSE(info.description.empty()) << info.name;
  EXPECT_NE(c.columns()[col(c, "avg_rating")].description.find("0.5"), std::string::npos);
  // Half stars survive.
  auto u = im.dataset->interactions.find_user("1");
  ASSERT_TRUE(u);
  EXPECT_EQ(im.dataset->interactions.items(*u).size(), 232u);
}

TEST(MovieLens1M, PartialRatings) {
  INTEREC_REQUIRE_DATA(src, "ml-1m");
  const auto& im = imported("ml-1m");
  std::cout << "ml-1m import: " << im.summary.seconds << " s\n";
  EXPECT_EQ(im.summary.format, "ml-1m");
  EXPECT_EQ(im.summary.items, 3883u);
  EXPECT_EQ(im.summary.interactions, 487650u);
  EXPECT_EQ(im.summary.users, 2999u);
  const Catalog& c = *im.dataset->catalog;
  auto toy = c.find("1");
  ASSERT_TRUE(toy);
  EXPECT_EQ(c.values(col(c, "genres"), *toy).strings(), (std::vector<std::string>{"Animation", "Children's", "Comedy"}));
  auto slingshot = c.find("570");
  ASSERT_TRUE(slingshot);
  EXPECT_EQ(c.title(*slingshot), "Slingshot, The (K\xC3\xA5" "disbellan ) (1993)");
  EXPECT_EQ(c.number(col(c, "year"), *slingshot), 1993);
  auto u1 = im.dataset->interactions.find_user("1");
  ASSERT_TRUE(u1);
  EXPECT_EQ(im.dataset->interactions.items(*u1).size(), 53u);
}

}  // namespace
}  // namespace interec

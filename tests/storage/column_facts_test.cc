// columns.idx: the column facts written by prepare and mapped at start must
// be the facts counted from the catalog; a stale file is counted again, a
// damaged one is a clear error.
#include "storage/column_facts.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "storage/dataset.h"
#include "tests/test_data.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

Dataset with_saved_facts(const Dataset& ds, const std::string& name, const std::string& fingerprint) {
  Dataset copy = ds;
  copy.dir = test::scratch_dir(name);
  ColumnFacts::build(*ds.catalog)->save((fs::path(copy.dir) / kColumnFactsFile).string(), fingerprint);
  return copy;
}

void expect_same_facts(const ColumnFacts& a, const ColumnFacts& b) {
  ASSERT_EQ(a.columns(), b.columns());
  for (size_t c = 0; c < a.columns(); ++c) {
    EXPECT_EQ(a.too_many_values(c), b.too_many_values(c)) << c;
    EXPECT_EQ(a.integer(c), b.integer(c)) << c;
    ASSERT_EQ(a.values(c), b.values(c)) << c;
    for (size_t k = 0; k < a.values(c); ++k) {
      EXPECT_EQ(a.value(c, k), b.value(c, k)) << c << " #" << k;
      EXPECT_EQ(a.value_count(c, k), b.value_count(c, k)) << c << " #" << k;
    }
    const auto x = a.sorted_numbers(c), y = b.sorted_numbers(c);
    EXPECT_EQ(std::vector<double>(x.begin(), x.end()), std::vector<double>(y.begin(), y.end())) << c;
  }
}

// The facts against the catalog's cells, counted here another way.
void expect_facts_of(const Catalog& catalog, const ColumnFacts& facts) {
  ASSERT_EQ(facts.columns(), catalog.columns().size());
  for (size_t c = 0; c < catalog.columns().size(); ++c) {
    if (catalog.columns()[c].type == ColumnType::text) {
      std::map<std::string, uint64_t> counts;
      for (size_t i = 0; i < catalog.size(); ++i)
        for (const auto& v : catalog.values(c, static_cast<ItemIndex>(i)))
          if (!v.empty()) ++counts[std::string(v)];
      EXPECT_EQ(facts.too_many_values(c), counts.size() > ColumnFacts::kMaxValues) << c;
      if (facts.too_many_values(c)) continue;
      std::map<std::string, uint64_t> got;
      for (size_t k = 0; k < facts.values(c); ++k) got[std::string(facts.value(c, k))] = facts.value_count(c, k);
      EXPECT_EQ(got, counts) << catalog.columns()[c].name;
      EXPECT_EQ(facts.sorted_numbers(c).size, 0u);
    } else {
      std::vector<double> present;
      for (size_t i = 0; i < catalog.size(); ++i)
        if (const double x = catalog.number(c, static_cast<ItemIndex>(i)); !std::isnan(x)) present.push_back(x);
      std::sort(present.begin(), present.end());
      const auto sorted = facts.sorted_numbers(c);
      EXPECT_EQ(std::vector<double>(sorted.begin(), sorted.end()), present) << catalog.columns()[c].name;
      EXPECT_EQ(facts.values(c), 0u);
    }
  }
}

TEST(ColumnFacts, PrepareWritesTheFactsAndStartMapsThem) {
  const auto ds = Dataset::open(test::tiny());
  EXPECT_TRUE(fs::exists(fs::path(ds->dir) / kColumnFactsFile));
  const auto mapped = ColumnFacts::open_prepared(*ds);
  EXPECT_TRUE(mapped->mapped());
  expect_facts_of(*ds->catalog, *mapped);
  expect_same_facts(*ColumnFacts::build(*ds->catalog), *mapped);
}

TEST(ColumnFacts, AreTheCatalogsOnMl100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  const auto ds = Dataset::open(dir);
  const auto mapped = ColumnFacts::open_prepared(*ds);
  ASSERT_TRUE(mapped->mapped());
  expect_facts_of(*ds->catalog, *mapped);
  const auto genres = ds->catalog->column_index("genres");
  ASSERT_TRUE(genres);
  bool comedy = false;
  for (size_t k = 0; k < mapped->values(*genres); ++k) comedy = comedy || mapped->value(*genres, k) == "Comedy";
  EXPECT_TRUE(comedy);
}

TEST(ColumnFacts, AMissingOrStaleFileIsCountedAgain) {
  const auto ds = Dataset::open(test::tiny());
  Dataset missing = *ds;
  missing.dir = test::scratch_dir("column-facts-missing");
  EXPECT_FALSE(ColumnFacts::open_prepared(missing)->mapped());
  const Dataset stale = with_saved_facts(*ds, "column-facts-stale", "0123456789abcdef");
  const auto counted = ColumnFacts::open_prepared(stale);
  EXPECT_FALSE(counted->mapped());
  expect_facts_of(*ds->catalog, *counted);
}

TEST(ColumnFacts, ADamagedFileIsAClearError) {
  const auto ds = Dataset::open(test::tiny());
  const Dataset cut = with_saved_facts(*ds, "column-facts-truncated", ds->fingerprint);
  const fs::path path = fs::path(cut.dir) / kColumnFactsFile;
  fs::resize_file(path, fs::file_size(path) - 8);
  try {
    ColumnFacts::open_prepared(cut);
    FAIL() << "a truncated columns.idx opened";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("columns.idx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("interec prepare"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace interec

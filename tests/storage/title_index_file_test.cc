// titles.idx: the title index written by prepare and mapped at start must
// answer every lookup exactly as the index built from the catalog; a stale
// file is rebuilt, a damaged one is a clear error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/dataset.h"
#include "storage/title_index.h"
#include "tests/test_data.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

// A copy of `ds` whose folder is the scratch folder `name`, holding the
// index saved for the catalog with `fingerprint`.
Dataset with_saved_index(const Dataset& ds, const std::string& name, const std::string& fingerprint) {
  Dataset copy = ds;
  copy.dir = test::scratch_dir(name);
  TitleIndex(ds.catalog).save((fs::path(copy.dir) / kTitleIndexFile).string(), fingerprint);
  return copy;
}

void expect_same(const std::vector<TitleMatch>& a, const std::vector<TitleMatch>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].item, b[k].item) << what << " #" << k;
    EXPECT_EQ(a[k].score, b[k].score) << what << " #" << k;
  }
}

// Every title, a typo of it, a part of it and a sentence naming it, through
// both indexes: the same items with the same scores in the same order.
void expect_same_lookups(const Catalog& catalog, const TitleIndex& built, const TitleIndex& mapped) {
  ASSERT_GT(catalog.size(), 0u);
  for (size_t i = 0; i < catalog.size(); ++i) {
    const std::string title(catalog.title(static_cast<ItemIndex>(i)));
    const std::string name = normalize_title(title);
    std::string typo = name;
    if (typo.size() > 4) std::swap(typo[2], typo[3]);
    const std::string part = name.substr(0, name.size() / 2 + 1);
    for (const std::string& q : {title, name, typo, part}) {
      expect_same(built.match(q), mapped.match(q), "match " + q);
      expect_same(built.match(q, 10, 0.5), mapped.match(q, 10, 0.5), "match 10 " + q);
    }
    const std::string text = "i watched " + name + " last week and liked it";
    expect_same(built.find_in_text(text, false), mapped.find_in_text(text, false), "text " + text);
    expect_same(built.find_in_text(text, true), mapped.find_in_text(text, true), "text words " + text);
  }
}

TEST(TitleIndexFile, PrepareWritesTheIndexAndStartMapsIt) {
  const auto ds = Dataset::open(test::tiny());
  EXPECT_TRUE(fs::exists(fs::path(ds->dir) / kTitleIndexFile));
  const auto mapped = TitleIndex::open_prepared(*ds);
  EXPECT_TRUE(mapped->mapped());
  expect_same_lookups(*ds->catalog, TitleIndex(ds->catalog), *mapped);
}

TEST(TitleIndexFile, MappedAnswersAsBuiltOnMl100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  const auto ds = Dataset::open(dir);
  const Dataset copy = with_saved_index(*ds, "title-index-ml100k", ds->fingerprint);
  const auto mapped = TitleIndex::open_prepared(copy);
  ASSERT_TRUE(mapped->mapped());
  expect_same_lookups(*ds->catalog, TitleIndex(ds->catalog), *mapped);
}

TEST(TitleIndexFile, AMissingOrStaleFileIsRebuilt) {
  const auto ds = Dataset::open(test::tiny());
  Dataset missing = *ds;
  missing.dir = test::scratch_dir("title-index-missing");
  EXPECT_FALSE(TitleIndex::open_prepared(missing)->mapped());

  // Another catalog's file (a catalog.db copied over the folder's).
  const Dataset stale = with_saved_index(*ds, "title-index-stale", "0123456789abcdef");
  const auto rebuilt = TitleIndex::open_prepared(stale);
  EXPECT_FALSE(rebuilt->mapped());
  expect_same(rebuilt->match("toy box heroes"), TitleIndex(ds->catalog).match("toy box heroes"), "stale");

  // Another format version (byte 8: the version's low byte).
  const Dataset old = with_saved_index(*ds, "title-index-version", ds->fingerprint);
  {
    std::fstream f(fs::path(old.dir) / kTitleIndexFile, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8);
    f.put(static_cast<char>(0x7f));
  }
  EXPECT_FALSE(TitleIndex::open_prepared(old)->mapped());
}

TEST(TitleIndexFile, ADamagedFileIsAClearError) {
  const auto ds = Dataset::open(test::tiny());
  const Dataset cut = with_saved_index(*ds, "title-index-truncated", ds->fingerprint);
  const fs::path path = fs::path(cut.dir) / kTitleIndexFile;
  fs::resize_file(path, fs::file_size(path) - 100);
  try {
    TitleIndex::open_prepared(cut);
    FAIL() << "a truncated titles.idx opened";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("titles.idx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("interec prepare"), std::string::npos) << e.what();
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "not an index at all, just some text";
  EXPECT_THROW(TitleIndex::open_prepared(cut), CatalogError);
}

}  // namespace
}  // namespace interec

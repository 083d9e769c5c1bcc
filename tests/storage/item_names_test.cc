// names.idx: the name table written by prepare and mapped at start must
// answer every lookup exactly as the table built from the catalog; a stale
// file is rebuilt, a damaged one is a clear error or, inside its arrays,
// never names an item outside the catalog.
#include "storage/item_names.h"

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
// table saved for the catalog with `fingerprint`.
Dataset with_saved_names(const Dataset& ds, const std::string& name, const std::string& fingerprint) {
  Dataset copy = ds;
  copy.dir = test::scratch_dir(name);
  ItemNames::build(*ds.catalog)->save((fs::path(copy.dir) / kItemNamesFile).string(), fingerprint);
  return copy;
}

void expect_same_names(const ItemNames& a, const ItemNames& b, const std::string& key) {
  const auto x = a.find(key), y = b.find(key);
  ASSERT_EQ(x.size(), y.size()) << key;
  for (size_t k = 0; k < x.size(); ++k) {
    EXPECT_EQ(x[k].item, y[k].item) << key << " #" << k;
    EXPECT_EQ(x[k].kind, y[k].kind) << key << " #" << k;
  }
}

// Every item's title, each start of it (the parts before a colon are among
// them), the title without its first word, and every first word: the same
// items of the same kinds in the same order, and the same per-item facts.
void expect_same_name_lookups(const Catalog& catalog, const ItemNames& built, const ItemNames& mapped) {
  ASSERT_GT(catalog.size(), 0u);
  EXPECT_EQ(built.max_words(), mapped.max_words());
  size_t named = 0;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    EXPECT_EQ(built.year(item), mapped.year(item)) << i;
    EXPECT_EQ(built.popularity(item), mapped.popularity(item)) << i;
    EXPECT_EQ(built.title(item), mapped.title(item)) << i;
    const std::string name = normalize_title(catalog.title(item));
    named += !built.find(name).empty();
    for (size_t sp = name.find(' '); sp != std::string::npos; sp = name.find(' ', sp + 1)) {
      expect_same_names(built, mapped, name.substr(0, sp));
      EXPECT_EQ(built.longest_from(name.substr(0, name.find(' '))),
                mapped.longest_from(name.substr(0, name.find(' '))));
    }
    expect_same_names(built, mapped, name);
    expect_same_names(built, mapped, name.substr(name.find(' ') + 1));
  }
  EXPECT_EQ(named, catalog.size()) << "every item is found by its own title";
  EXPECT_TRUE(mapped.find("no such title anywhere").empty());
  EXPECT_EQ(mapped.longest_from("zzzzqx"), 0u);
}

TEST(ItemNames, PrepareWritesTheTableAndStartMapsIt) {
  const auto ds = Dataset::open(test::tiny());
  EXPECT_TRUE(fs::exists(fs::path(ds->dir) / kItemNamesFile));
  const auto mapped = ItemNames::open_prepared(*ds);
  EXPECT_TRUE(mapped->mapped());
  const auto built = ItemNames::build(*ds->catalog);
  EXPECT_FALSE(built->mapped());
  expect_same_name_lookups(*ds->catalog, *built, *mapped);
}

TEST(ItemNames, KnowsAnItemByEachOfItsNames) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  const auto ds = Dataset::open(dir);
  const auto names = ItemNames::open_prepared(*ds);
  ASSERT_TRUE(names->mapped());
  auto has = [&](const std::string& key, const std::string& title, ItemName::Kind kind) {
    for (const auto& n : names->find(key))
      if (ds->catalog->title(n.item) == title) return n.kind == kind;
    return false;
  };
  EXPECT_TRUE(has("the usual suspects", "Usual Suspects, The (1995)", ItemName::Kind::full));
  EXPECT_TRUE(has("usual suspects", "Usual Suspects, The (1995)", ItemName::Kind::variant));
  EXPECT_TRUE(has("seven", "Seven (Se7en) (1995)", ItemName::Kind::full));
  EXPECT_TRUE(has("se7en", "Seven (Se7en) (1995)", ItemName::Kind::variant));
  EXPECT_TRUE(has("star wars", "Star Wars (1977)", ItemName::Kind::full));
  EXPECT_TRUE(has("star trek", "Star Trek: First Contact (1996)", ItemName::Kind::part));
  EXPECT_EQ(names->year(*ds->catalog->find("1")), 1995);  // Toy Story (1995)
  EXPECT_EQ(names->title(*ds->catalog->find("1")), "toy story");
}

TEST(ItemNames, MappedAnswersAsBuiltOnMl100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  const auto ds = Dataset::open(dir);
  const Dataset copy = with_saved_names(*ds, "item-names-ml100k", ds->fingerprint);
  const auto mapped = ItemNames::open_prepared(copy);
  ASSERT_TRUE(mapped->mapped());
  expect_same_name_lookups(*ds->catalog, *ItemNames::build(*ds->catalog), *mapped);
}

TEST(ItemNames, AMissingOrStaleFileIsRebuilt) {
  const auto ds = Dataset::open(test::tiny());
  const auto built = ItemNames::build(*ds->catalog);
  Dataset missing = *ds;
  missing.dir = test::scratch_dir("item-names-missing");
  EXPECT_FALSE(ItemNames::open_prepared(missing)->mapped());

  // Another catalog's file (a catalog.db copied over the folder's).
  const Dataset stale = with_saved_names(*ds, "item-names-stale", "0123456789abcdef");
  const auto rebuilt = ItemNames::open_prepared(stale);
  EXPECT_FALSE(rebuilt->mapped());
  expect_same_name_lookups(*ds->catalog, *built, *rebuilt);
}

TEST(ItemNames, ADamagedFileIsAClearError) {
  const auto ds = Dataset::open(test::tiny());
  const Dataset cut = with_saved_names(*ds, "item-names-truncated", ds->fingerprint);
  const fs::path path = fs::path(cut.dir) / kItemNamesFile;
  fs::resize_file(path, fs::file_size(path) - 100);
  try {
    ItemNames::open_prepared(cut);
    FAIL() << "a truncated names.idx opened";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("names.idx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("interec prepare"), std::string::npos) << e.what();
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "not a name table at all, just some text";
  EXPECT_THROW(ItemNames::open_prepared(cut), CatalogError);
}

TEST(ItemNames, ADamagedEntryNeverNamesAnItemOutsideTheCatalog) {
  const auto ds = Dataset::open(test::tiny());
  const Dataset bad = with_saved_names(*ds, "item-names-bad-item", ds->fingerprint);
  const auto built = ItemNames::build(*ds->catalog);
  // Every name's item set outside the catalog: the names array is the
  // file's fourth (flat_file.cc: array entries of 24 bytes -- offset,
  // count, element size -- from byte 168 of the header).
  uint64_t entry[3] = {};
  {
    std::ifstream in(fs::path(bad.dir) / kItemNamesFile, std::ios::binary);
    in.seekg(168 + 3 * 24);
    in.read(reinterpret_cast<char*>(entry), sizeof entry);
  }
  ASSERT_EQ(entry[2], sizeof(ItemName));
  ASSERT_GT(entry[1], 0u);
  const int32_t outside = 1 << 30;
  {
    std::fstream f(fs::path(bad.dir) / kItemNamesFile, std::ios::in | std::ios::out | std::ios::binary);
    for (uint64_t k = 0; k < entry[1]; ++k) {
      f.seekp(static_cast<std::streamoff>(entry[0] + k * sizeof(ItemName)));
      f.write(reinterpret_cast<const char*>(&outside), sizeof outside);
    }
  }
  const auto damaged = ItemNames::open_prepared(bad);
  ASSERT_TRUE(damaged->mapped());
  for (size_t i = 0; i < ds->catalog->size(); ++i) {
    const std::string key(damaged->title(static_cast<ItemIndex>(i)));
    EXPECT_FALSE(built->find(key).empty()) << key;
    EXPECT_TRUE(damaged->find(key).empty()) << key;
  }
  EXPECT_EQ(damaged->year(outside), 0);
  EXPECT_EQ(damaged->title(outside), "");
}

}  // namespace
}  // namespace interec

// catalog.cols: the catalog's columns written by prepare and mapped at start
// must answer every id, title, cell, number and column statistic exactly as
// the columns built from catalog.db; a missing or stale file (another
// catalog, another catalog.db) is built from catalog.db, a damaged one is a
// clear error or, inside its arrays, never reads outside them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "storage/catalog.h"
#include "storage/dataset.h"
#include "storage/items_fingerprint.h"
#include "tests/test_data.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_same_catalog(const Catalog& built, const Catalog& mapped) {
  ASSERT_EQ(built.size(), mapped.size());
  ASSERT_GT(built.size(), 0u);
  ASSERT_EQ(built.columns().size(), mapped.columns().size());
  for (size_t c = 0; c < built.columns().size(); ++c) {
    const ColumnInfo &a = built.columns()[c], &b = mapped.columns()[c];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.type, b.type) << a.name;
    EXPECT_EQ(a.multi, b.multi) << a.name;
    EXPECT_EQ(a.description, b.description) << a.name;
    EXPECT_TRUE(same_number(a.min, b.min)) << a.name;
    EXPECT_TRUE(same_number(a.max, b.max)) << a.name;
    EXPECT_EQ(a.distinct, b.distinct) << a.name;
  }
  size_t cells = 0;
  for (size_t i = 0; i < built.size(); ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    ASSERT_EQ(built.id(item), mapped.id(item)) << i;
    ASSERT_EQ(built.title(item), mapped.title(item)) << i;
    ASSERT_EQ(mapped.find(built.id(item)), item) << built.id(item);
    for (size_t c = 0; c < built.columns().size(); ++c) {
      EXPECT_EQ(built.values(c, item).strings(), mapped.values(c, item).strings()) << i << " " << c;
      EXPECT_TRUE(same_number(built.number(c, item), mapped.number(c, item))) << i << " " << c;
      cells += mapped.values(c, item).size();
    }
  }
  EXPECT_GT(cells, 0u) << "the catalog has text values";
  EXPECT_FALSE(mapped.find("no such item id"));
  EXPECT_EQ(mapped.id(-1), "");
  EXPECT_EQ(mapped.title(static_cast<ItemIndex>(mapped.size())), "");
  EXPECT_TRUE(mapped.values(mapped.columns().size(), 0).empty());
}

// A scratch copy of the prepared folder `dir`: its manifest, catalog.db,
// catalog.cols and interactions.bin.
std::string cols_copy_of(const std::string& dir, const std::string& name) {
  const std::string out = test::scratch_dir(name);
  for (const char* f : {kManifestFile, kCatalogFile, kCatalogColumnsFile, kInteractionsFile})
    fs::copy_file(fs::path(dir) / f, fs::path(out) / f, fs::copy_options::overwrite_existing);
  return out;
}

std::shared_ptr<const Catalog> open_cols_copy(const std::string& dir, const Dataset& ds) {
  return Catalog::open_prepared(dir, ds.fingerprint, ds.catalog->size());
}

std::string cols_open_error(const std::string& dir, const Dataset& ds) {
  try {
    open_cols_copy(dir, ds);
  } catch (const CatalogError& e) {
    return e.what();
  }
  return "";
}

TEST(CatalogFile, PrepareWritesTheColumnsAndStartMapsThem) {
  const auto ds = Dataset::open(test::tiny());
  EXPECT_TRUE(fs::exists(fs::path(ds->dir) / kCatalogColumnsFile));
  ASSERT_TRUE(ds->catalog->mapped()) << "Dataset::open (chat, serve) maps catalog.cols";
  EXPECT_EQ(ds->fingerprint, catalog_fingerprint(*ds->catalog));
  const auto built = Catalog::open(ds->catalog->db_path());
  EXPECT_FALSE(built->mapped());
  expect_same_catalog(*built, *ds->catalog);
}

TEST(CatalogFile, MappedAnswersAsBuiltOnMl100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  const auto ds = Dataset::open(dir);
  ASSERT_TRUE(ds->catalog->mapped());
  EXPECT_EQ(ds->fingerprint, catalog_fingerprint(*ds->catalog));
  expect_same_catalog(*Catalog::open(ds->catalog->db_path()), *ds->catalog);
  const size_t genres = *ds->catalog->column_index("genres");
  const ItemIndex toy_story = *ds->catalog->find("1");
  EXPECT_EQ(ds->catalog->title(toy_story), "Toy Story (1995)");
  EXPECT_EQ(ds->catalog->values(genres, toy_story).strings(),
            (std::vector<std::string>{"Animation", "Children's", "Comedy"}));
}

TEST(CatalogFile, AMissingOrStaleFileIsBuiltFromTheCatalog) {
  const auto ds = Dataset::open(test::tiny());
  const std::string missing = cols_copy_of(ds->dir, "catalog-cols-missing");
  fs::remove(fs::path(missing) / kCatalogColumnsFile);
  const auto built = open_cols_copy(missing, *ds);
  EXPECT_FALSE(built->mapped());
  expect_same_catalog(*built, *ds->catalog);
  EXPECT_FALSE(Dataset::open(missing)->catalog->mapped());

  // Written for another catalog.
  const std::string other = cols_copy_of(ds->dir, "catalog-cols-other");
  ds->catalog->save((fs::path(other) / kCatalogColumnsFile).string(), "0123456789abcdef");
  EXPECT_FALSE(open_cols_copy(other, *ds)->mapped());

  // Beside another catalog.db (copied over the folder's): the columns are
  // built from it, and the dataset says it is not the manifest's.
  const std::string replaced = cols_copy_of(ds->dir, "catalog-cols-replaced");
  const std::string games = test::games_dataset("catalog-cols-games");
  fs::copy_file(fs::path(games) / kCatalogFile, fs::path(replaced) / kCatalogFile,
                fs::copy_options::overwrite_existing);
  const auto rebuilt = open_cols_copy(replaced, *ds);
  EXPECT_FALSE(rebuilt->mapped());
  EXPECT_NE(rebuilt->size(), ds->catalog->size());
  try {
    Dataset::open(replaced);
    FAIL() << "a catalog.db of other items opened";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("catalog.db"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("interec prepare"), std::string::npos) << e.what();
  }
}

TEST(CatalogFile, ATruncatedOrForeignFileIsAClearError) {
  const auto ds = Dataset::open(test::tiny());
  const std::string cut = cols_copy_of(ds->dir, "catalog-cols-truncated");
  const fs::path path = fs::path(cut) / kCatalogColumnsFile;
  fs::resize_file(path, fs::file_size(path) - 100);
  const std::string msg = cols_open_error(cut, *ds);
  EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("interec prepare"), std::string::npos) << msg;
  EXPECT_THROW(Dataset::open(cut), CatalogError);

  std::ofstream(path, std::ios::binary | std::ios::trunc) << "not a column file at all, just some text";
  EXPECT_NE(cols_open_error(cut, *ds).find(path.string()), std::string::npos);
}

// Array `k`'s offset and count, from its entry in the header (flat_file.cc:
// entries of 24 bytes -- offset, count, element size -- from byte 168).
std::pair<uint64_t, uint64_t> array_at(const fs::path& path, size_t k) {
  uint64_t entry[3] = {};
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(168 + 24 * k));
  in.read(reinterpret_cast<char*>(entry), sizeof entry);
  return {entry[0], entry[1]};
}

template <class T>
void overwrite_at(const fs::path& path, uint64_t offset, T value) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(reinterpret_cast<const char*>(&value), sizeof value);
}

TEST(CatalogFile, OffsetsThatContradictTheArraysAreAClearError) {
  const auto ds = Dataset::open(test::tiny());
  const std::string bad = cols_copy_of(ds->dir, "catalog-cols-bad-offsets");
  const fs::path path = fs::path(bad) / kCatalogColumnsFile;
  const auto [offset, count] = array_at(path, 0);  // id_offsets
  ASSERT_EQ(count, ds->catalog->size() + 1);
  overwrite_at<uint64_t>(path, offset + 8 * (count - 1), 1u << 30);
  const std::string msg = cols_open_error(bad, *ds);
  EXPECT_NE(msg.find("damaged"), std::string::npos) << msg;
  EXPECT_NE(msg.find("catalog.cols"), std::string::npos) << msg;
}

TEST(CatalogFile, DamagedEntriesNeverReadOutsideTheArrays) {
  const auto ds = Dataset::open(test::tiny());
  const std::string bad = cols_copy_of(ds->dir, "catalog-cols-bad-entries");
  const fs::path path = fs::path(bad) / kCatalogColumnsFile;
  const auto [order_at, items] = array_at(path, 4);    // id_order
  const auto [values_at, values] = array_at(path, 8);  // cell_values
  ASSERT_EQ(items, ds->catalog->size());
  ASSERT_GT(values, 0u);
  for (uint64_t k = 0; k < items; ++k) overwrite_at<int32_t>(path, order_at + 4 * k, 1 << 30);
  for (uint64_t k = 0; k < values; ++k) overwrite_at<uint32_t>(path, values_at + 4 * k, 0xfffffff0u);
  const auto damaged = open_cols_copy(bad, *ds);
  ASSERT_TRUE(damaged->mapped());
  EXPECT_FALSE(damaged->find(ds->catalog->id(0)));
  for (size_t c = 0; c < damaged->columns().size(); ++c)
    for (std::string_view v : damaged->values(c, 0)) EXPECT_EQ(v, "");
  EXPECT_EQ(damaged->title(0), ds->catalog->title(0));
}

}  // namespace
}  // namespace interec

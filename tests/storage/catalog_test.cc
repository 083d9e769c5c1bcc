#include "storage/catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "storage/dataset.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

std::string catalog_error(const std::string& path) {
  try {
    Catalog::open(path);
  } catch (const CatalogError& e) {
    return e.what();
  }
  return "";
}

TEST(Catalog, MissingOrForeignFileNamesIt) {
  const std::string dir = test::scratch_dir("catalog-bad");
  std::string msg = catalog_error(dir + "/catalog.db");
  EXPECT_NE(msg.find(dir + "/catalog.db"), std::string::npos) << msg;

  test::write_file(dir + "/junk.db", "this is not an SQLite database, only text of some length.....");
  msg = catalog_error(dir + "/junk.db");
  EXPECT_NE(msg.find(dir + "/junk.db"), std::string::npos) << msg;
}

TEST(Catalog, ColumnTypeNames) {
  EXPECT_STREQ(to_string(ColumnType::text), "text");
  EXPECT_STREQ(to_string(ColumnType::integer), "integer");
  EXPECT_STREQ(to_string(ColumnType::real), "real");
  EXPECT_STREQ(to_string(ColumnType::date), "date");
}

TEST(Catalog, LookupsAndOutOfRangeColumns) {
  const std::string src = test::scratch_dir("catalog-src");
  test::write_file(src + "/items.csv", "item_id,title,genre,score\nx,Ex,a|b,1\ny,Why,b,\n");
  test::write_file(src + "/interactions.csv", "user_id,item_id\n1,x\n");
  const std::string out = test::scratch_dir("catalog-out");
  test::import_to(src, out);
  auto c = Catalog::open(out + "/catalog.db");
  EXPECT_EQ(c->db_path(), out + "/catalog.db");
  EXPECT_EQ(c->find("y"), 1);
  EXPECT_FALSE(c->find("z"));
  EXPECT_EQ(c->id(1), "y");
  const size_t genre = *c->column_index("genre");
  const size_t score = *c->column_index("score");
  EXPECT_FALSE(c->column_index("nope"));
  EXPECT_EQ(c->columns()[genre].distinct, 2u);
  EXPECT_EQ(c->columns()[score].distinct, 1u);
  // A numeric column has no text values and a text column no numbers.
  EXPECT_TRUE(c->values(score, 0).empty());
  EXPECT_TRUE(std::isnan(c->number(genre, 0)));
  EXPECT_EQ(c->number(score, 0), 1);
}

TEST(Dataset, NotPreparedFolderSaysWhatToRun) {
  const std::string dir = test::scratch_dir("dataset-empty");
  try {
    Dataset::open(dir);
    FAIL() << "no error";
  } catch (const CatalogError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(dir + " is not a prepared dataset (no manifest.json)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("interec prepare"), std::string::npos) << msg;
  }
}

TEST(Dataset, MissingInteractionsFile) {
  const std::string src = test::scratch_dir("dataset-src");
  test::write_file(src + "/items.csv", "item_id,title\n1,One\n");
  test::write_file(src + "/interactions.csv", "user_id,item_id\nu,1\n");
  const std::string out = test::scratch_dir("dataset-out");
  test::import_to(src, out);
  EXPECT_EQ(Dataset::open(out)->name, "dataset-src-" + std::to_string(::getpid()));
  std::filesystem::remove(out + "/interactions.bin");
  try {
    Dataset::open(out);
    FAIL() << "no error";
  } catch (const InteractionsError& e) {
    EXPECT_NE(std::string(e.what()).find(out + "/interactions.bin"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace interec

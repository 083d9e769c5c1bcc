#include "storage/readonly_sql.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "storage/catalog.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

/// A small prepared catalog (generic format) shared by the tests.
const std::string& catalog_path() {
  static const std::string path = [] {
    const std::string src = test::scratch_dir("sql-src");
    std::string items = "item_id,title,genres,year\n";
    for (int i = 1; i <= 200; ++i)
      items += std::to_string(i) + ",Movie " + std::to_string(i) + "," + (i % 3 ? "Comedy|Drama" : "Horror") + "," +
               std::to_string(1950 + i % 50) + "\n";
    test::write_file(src + "/items.csv", items);
    test::write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n1,2\n2,3\n");
    const std::string out = test::scratch_dir("sql-out");
    test::import_to(src, out);
    return out + "/catalog.db";
  }();
  return path;
}

std::string refusal(ReadOnlySql& sql, const std::string& query) {
  try {
    sql.query(query);
  } catch (const SqlError& e) {
    return e.what();
  }
  return "";
}

bool mentions(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(ReadOnlySql, SelectWithLikeWorks) {
  ReadOnlySql sql(catalog_path());
  SqlResult r = sql.query(
      "SELECT item_id, title, year FROM items WHERE genres LIKE '%horror%' AND year >= 1990 ORDER BY year, rowid");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"item_id", "title", "year"}));
  ASSERT_FALSE(r.rows.empty());
  for (const auto& row : r.rows) {
    EXPECT_EQ(std::stoi(row[0]) % 3, 0);
    EXPECT_GE(std::stoi(row[2]), 1990);
  }
  EXPECT_EQ(r.rows[0], (std::vector<std::string>{"90", "Movie 90", "1990"}));
  // NULL renders as "", a trailing semicolon and comment are fine, CTEs work.
  r = sql.query("SELECT NULL, count(*) FROM items; -- done");
  EXPECT_EQ(r.rows[0], (std::vector<std::string>{"", "200"}));
  r = sql.query("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 5) SELECT sum(x) FROM r");
  EXPECT_EQ(r.rows[0][0], "15");
  r = sql.query("SELECT name, type FROM columns WHERE name = 'year'");
  EXPECT_EQ(r.rows[0], (std::vector<std::string>{"year", "integer"}));
}

TEST(ReadOnlySql, WritesSchemaChangesAndOtherStatementsAreRefused) {
  const std::string dir = std::filesystem::path(catalog_path()).parent_path().string();
  ReadOnlySql sql(catalog_path());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"DROP TABLE items", "DROP TABLE refused"},
      {"INSERT INTO items (item_id, title) VALUES ('x', 'y')", "INSERT refused"},
      {"UPDATE items SET title = 'x'", "UPDATE refused"},
      {"DELETE FROM items", "DELETE refused"},
      {"CREATE TABLE t (x)", "CREATE TABLE refused"},
      {"ATTACH DATABASE '" + dir + "/other.db' AS other", "ATTACH refused"},
      {"PRAGMA writable_schema = 1", "PRAGMA refused"},
      {"PRAGMA table_info(items)", "PRAGMA refused"},
      {"BEGIN", "refused"},
      {"SELECT * FROM sqlite_master", "reading table 'sqlite_master' refused"},
      {"SELECT 1; DROP TABLE items", "one statement per call"},
      {"SELECT 1; SELECT 2", "one statement per call"},
      {"SELECT load_extension('x')", "refused"},
      {"SELECT * FROM pragma_table_info('items')", "table-valued functions"},
      {"VACUUM INTO '" + dir + "/copy.db'", "refused"},
      {"   ", "empty query"},
      {"SELEC title FROM items", "syntax error"},
      {"SELECT colour FROM items", "the items table has: item_id, title, genres, year"},
  };
  for (const auto& [query, expected] : cases) {
    std::string msg = refusal(sql, query);
    EXPECT_TRUE(mentions(msg, expected)) << query << " -> '" << msg << "'";
  }
  EXPECT_TRUE(mentions(refusal(sql, "DROP TABLE items"), "only SELECT over the items table is allowed"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/other.db"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/copy.db"));
  // The catalog is intact and the connection still works.
  EXPECT_EQ(sql.query("SELECT count(*) FROM items").rows[0][0], "200");
  EXPECT_EQ(Catalog::open(catalog_path())->size(), 200u);
}

TEST(ReadOnlySql, RunawayQueriesAreStopped) {
  ReadOnlySql sql(catalog_path(), std::chrono::milliseconds(100), 1000);
  // Stopped by the time bound (the message says so), not left to run.
  std::string msg = refusal(sql, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT count(*) FROM r");
  EXPECT_TRUE(mentions(msg, "query took longer than 100 ms and was stopped")) << msg;
  msg = refusal(sql, "SELECT a.item_id FROM items a, items b");
  EXPECT_TRUE(mentions(msg, "more than 1000 rows")) << msg;
  msg = refusal(sql, "SELECT length(randomblob(1000000000))");
  EXPECT_FALSE(msg.empty());
  msg = refusal(sql, "SELECT '" + std::string(70000, 'x') + "'");
  EXPECT_TRUE(mentions(msg, "longer than 64 KiB")) << msg;
  // Still usable afterwards, including the statement that was stopped.
  EXPECT_EQ(sql.query("SELECT count(*) FROM items WHERE year < 1960").rows[0][0], "40");
  EXPECT_TRUE(mentions(refusal(sql, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT count(*) FROM r"),
                       "stopped"));
}

TEST(ReadOnlySql, StatementCacheKeepsResultsRight) {
  ReadOnlySql sql(catalog_path());
  // More distinct statements than the cache holds, each asked twice.
  for (int round = 0; round < 2; ++round)
    for (int y = 1950; y < 2000; ++y) {
      auto r = sql.query("SELECT count(*) FROM items WHERE year = " + std::to_string(y));
      ASSERT_EQ(r.rows[0][0], "4") << y;
    }
  // A query interrupted by the row bound is reset for its next use.
  ReadOnlySql small(catalog_path(), std::chrono::milliseconds(500), 10);
  EXPECT_FALSE(refusal(small, "SELECT item_id FROM items").empty());
  EXPECT_EQ(small.query("SELECT item_id FROM items LIMIT 3").rows.size(), 3u);
}

TEST(ReadOnlySql, MissingFile) {
  try {
    ReadOnlySql sql("/nonexistent/catalog.db");
    FAIL() << "no error";
  } catch (const SqlError& e) {
    EXPECT_TRUE(mentions(e.what(), "/nonexistent/catalog.db")) << e.what();
  }
}

}  // namespace
}  // namespace interec

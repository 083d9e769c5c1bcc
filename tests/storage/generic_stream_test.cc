// The generic items file is read twice (typing, then the catalog's rows)
// instead of held: the catalog must be the one the cells held in memory
// would have given, junk rows, resyncs and cut cells included.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <string>
#include <vector>

#include "storage/catalog_writer.h"
#include "storage/generic_source.h"
#include "storage/import_model.h"
#include "storage/sqlite_handle.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

/// Every row of `table` in `db`, as text ("NULL" for NULL), in rowid order.
std::vector<std::string> rows_of(const std::string& db, const std::string& table) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  SqliteDb handle(raw);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, ("SELECT rowid, * FROM " + table + " ORDER BY rowid").c_str(), -1, &s, nullptr),
            SQLITE_OK);
  SqliteStmt stmt(s);
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      const auto* t = sqlite3_column_text(s, c);
      row += std::to_string(sqlite3_column_type(s, c)) + ":" + (t ? reinterpret_cast<const char*>(t) : "NULL") + "\x1f";
    }
    out.push_back(row);
  }
  return out;
}

/// A source with what the first reading decides and the second must
/// repeat: a list column, "NA"s in a number column, a date (and its year
/// column), a cut cell, an unclosed quote, a short row, a duplicate id.
std::string make_source() {
  const std::string src = test::scratch_dir("stream-src");
  std::string items = "item_id,title,genres,year,released,notes\n";
  items += "1,Alpha,Drama|Comedy,1999,1999-05-01,plain\n";
  items += "2,Beta, Drama | Horror ,NA,2001-02-03,\"multi\nline\"\n";
  items += "3,Gamma,Drama,2005,,\"" + std::string(20000, 'x') + "\"\n";
  items += "4,\"Delta,Drama,2010,2010-01-01,open quote\n";  // unclosed: joins lines, resynced
  items += "5,Epsilon,Comedy,2011,2011-07-07,after the quote\n";
  items += "6,Zeta,Comedy,2012\n";  // short row
  items += "1,Alpha again,Drama,2000,2000-01-01,duplicate\n";
  items += "7,Eta,,,2015-12-31,last\n";
  test::write_file(src + "/items.csv", items);
  test::write_file(src + "/interactions.csv", "user_id,item_id,rating\nu1,1,4\nu1,2,3\nu2,5,5\nu2,7,1\n");
  return src;
}

TEST(GenericStream, SameCatalogAsCellsHeldInMemory) {
  const std::string src = make_source();
  ImportLog log(nullptr);
  ImportedSource streamed = read_generic(src, log);
  ASSERT_TRUE(static_cast<bool>(streamed.items.stream));
  EXPECT_EQ(streamed.items.ids, (std::vector<std::string>{"1", "2", "3", "5", "7"}));

  // The same items with every cell held, as the import kept them before.
  ImportedItems held = streamed.items;
  held.stream = nullptr;
  for (auto& col : held.columns) col.streamed = false;
  streamed.items.stream([&](const std::vector<std::string>& row) {
    ASSERT_EQ(row.size(), held.columns.size());
    for (size_t c = 0; c < row.size(); ++c) held.columns[c].cells.push_back(row[c]);
  });

  const std::string out = test::scratch_dir("stream-out");
  write_catalog(streamed.items, out + "/streamed.db");
  write_catalog(held, out + "/held.db");
  const auto items = rows_of(out + "/streamed.db", "items");
  EXPECT_EQ(items, rows_of(out + "/held.db", "items"));
  EXPECT_EQ(rows_of(out + "/streamed.db", "columns"), rows_of(out + "/held.db", "columns"));

  // What the typing decided, cell by cell (SQLite types: 1 int, 3 text, 5 null).
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0], "1:1\x1f" "3:1\x1f" "3:Alpha\x1f" "3:Drama|Comedy\x1f" "1:1999\x1f" "3:1999-05-01\x1f"
                      "1:1999\x1f" "3:plain\x1f");
  EXPECT_EQ(items[1], "1:2\x1f" "3:2\x1f" "3:Beta\x1f" "3:Drama|Horror\x1f" "5:NULL\x1f" "3:2001-02-03\x1f"
                      "1:2001\x1f" "3:multi\nline\x1f");
  EXPECT_NE(items[2].find("3:" + std::string(kMaxCellBytes, 'x') + "\x1f"), std::string::npos);
  EXPECT_EQ(items[4], "1:5\x1f" "3:7\x1f" "3:Eta\x1f" "5:NULL\x1f" "5:NULL\x1f" "3:2015-12-31\x1f"
                      "1:2015\x1f" "3:last\x1f");
  EXPECT_EQ(log.cut_cells, 1u);
  EXPECT_EQ(log.skipped_rows, 3u);  // the unclosed quote, the short row, the duplicate
}

TEST(GenericStream, ImportKeepsFingerprintAndCounts) {
  const std::string src = make_source();
  const std::string out = test::scratch_dir("stream-import");
  ImportSummary a = test::import_to(src, out);
  ImportSummary b = test::import_to(src, out);  // read again: same result
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.items, 5u);
  EXPECT_EQ(a.interactions, 4u);
  EXPECT_EQ(a.skipped_rows, 3u);
  EXPECT_EQ(a.cut_cells, 1u);
}

TEST(GenericStream, ItemsFileChangedBetweenReadings) {
  const std::string src = make_source();
  ImportLog log(nullptr);
  ImportedSource s = read_generic(src, log);
  test::write_file(src + "/items.csv", "item_id,title,genres,year,released,notes\n1,Alpha,Drama,1999,1999-05-01,x\n");
  std::string msg = test::import_error([&] { s.items.stream([](const std::vector<std::string>&) {}); });
  EXPECT_NE(msg.find("items.csv: the file changed"), std::string::npos) << msg;
}

}  // namespace
}  // namespace interec

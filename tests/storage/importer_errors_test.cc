// Bad sources fail with an ImportError that names the file; junk rows are
// skipped and counted.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/catalog.h"
#include "storage/dataset.h"
#include "storage/importer.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

using test::import_error;
using test::import_to;
using test::write_file;

bool has_part(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(ImportErrors, MissingSourceFolder) {
  auto msg = import_error([] { import_to("/nonexistent/source", test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, "/nonexistent/source")) << msg;
}

TEST(ImportErrors, UnrecognisedFolderListsWhatWasExpected) {
  const std::string src = test::scratch_dir("err-empty");
  write_file(src + "/readme.txt", "nothing here\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src)) << msg;
  EXPECT_TRUE(has_part(msg, "u.item")) << msg;
  EXPECT_TRUE(has_part(msg, "items.csv")) << msg;
}

TEST(ImportErrors, MissingItemsFileForExplicitFormat) {
  const std::string src = test::scratch_dir("err-noitems");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,2\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out"), SourceFormat::generic); });
  EXPECT_TRUE(has_part(msg, src + "/items.csv")) << msg;
  msg = import_error([&] { import_to(src, test::scratch_dir("err-out"), SourceFormat::movielens); });
  EXPECT_TRUE(has_part(msg, "u.item")) << msg;
}

TEST(ImportErrors, MissingRatingsFile) {
  const std::string src = test::scratch_dir("err-nodata");
  write_file(src + "/u.item", "1|Toy Story (1995)|01-Jan-1995||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/u.data")) << msg;
}

TEST(ImportErrors, UnknownFormatName) {
  EXPECT_EQ(parse_source_format("movielens"), SourceFormat::movielens);
  EXPECT_EQ(parse_source_format("auto"), SourceFormat::automatic);
  EXPECT_EQ(parse_source_format("generic"), SourceFormat::generic);
  auto msg = import_error([] { parse_source_format("netflix"); });
  EXPECT_TRUE(has_part(msg, "netflix")) << msg;
}

TEST(ImportErrors, EmptyItemsFile) {
  const std::string src = test::scratch_dir("err-emptyitems");
  write_file(src + "/items.csv", "");
  write_file(src + "/interactions.csv", "user_id,item_id\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/items.csv")) << msg;
  write_file(src + "/items.csv", "item_id,title\n");
  msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/items.csv")) << msg;
}

TEST(ImportErrors, HeaderWithoutTitle) {
  const std::string src = test::scratch_dir("err-header");
  write_file(src + "/items.csv", "id,name\n1,x\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/items.csv:1")) << msg;
  EXPECT_TRUE(has_part(msg, "item_id")) << msg;
}

TEST(ImportErrors, BadColumnsJson) {
  const std::string src = test::scratch_dir("err-json");
  write_file(src + "/items.csv", "item_id,title\n1,x\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  write_file(src + "/columns.json", "{not json");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/columns.json")) << msg;
}

TEST(ImportErrors, JunkRowsAreSkippedAndCounted) {
  const std::string src = test::scratch_dir("err-junk");
  std::string items;
  for (int i = 1; i <= 10; ++i)
    items += std::to_string(i) + "|Movie " + std::to_string(i) + " (199" + std::to_string(i % 10) +
             ")|01-Jan-1990||url|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
  items += "x|Bad id (1990)|01-Jan-1990||url|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n";  // line 11
  items += "12|Too few fields\n";                                                      // line 12
  write_file(src + "/u.item", items);
  write_file(src + "/u.data", "1\t1\t5\t100\n1\t2\t4\t200\n2\t99\t3\t50\n2\tone\t3\t50\n2\t3\t3\n2\t3\t3\t70\n");
  const std::string out = test::scratch_dir("err-junk-out");
  ImportSummary s = import_to(src, out);
  EXPECT_EQ(s.items, 10u);
  EXPECT_EQ(s.interactions, 3u);
  EXPECT_EQ(s.users, 2u);
  EXPECT_EQ(s.skipped_rows, 5u);
  const std::vector<std::string> expected = {
      "u.item:11: movie id 'x' is not a number",
      "u.item:12: expected 24 '|'-separated fields, found 2",
      "u.data:3: unknown movie id 99",
      "u.data:4: movie id 'one' is not a number",
      "u.data:5: expected 4 tab-separated fields, found 3",
  };
  EXPECT_EQ(s.warnings, expected);
  EXPECT_EQ(Catalog::open(out + "/catalog.db")->size(), 10u);
}

TEST(ImportErrors, MostlyJunkFileFailsNamingFileAndLine) {
  const std::string src = test::scratch_dir("err-mostly-junk");
  write_file(src + "/items.csv", "item_id,title\n1,One\n2,Two\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n1;2\n2;1\n3;2\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/interactions.csv")) << msg;
  EXPECT_TRUE(has_part(msg, "line 3")) << msg;
}

TEST(ImportErrors, FailedImportKeepsThePreviousDataset) {
  const std::string src = test::scratch_dir("err-keep");
  write_file(src + "/items.csv", "item_id,title\n1,One\n2,Two\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  const std::string out = test::scratch_dir("err-keep-out");
  import_to(src, out);
  write_file(src + "/items.csv", "item_id,title\n");
  EXPECT_FALSE(import_error([&] { import_to(src, out); }).empty());
  EXPECT_EQ(Catalog::open(out + "/catalog.db")->size(), 2u);
  for (const auto& e : std::filesystem::directory_iterator(out))
    EXPECT_FALSE(has_part(e.path().filename().string(), ".tmp")) << e.path();
}

// interactions.bin is written before the catalog (so that writing the
// catalog need not hold the interactions too) but replaces the previous one
// only after it: an import failing while it writes the catalog (here
// items.csv changed between its two readings) keeps the previous dataset.
TEST(ImportErrors, FailureWhileWritingTheCatalogKeepsThePreviousInteractions) {
  const std::string src = test::scratch_dir("err-staged");
  write_file(src + "/items.csv", "item_id,title\n1,One\n2,Two\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  const std::string out = test::scratch_dir("err-staged-out");
  import_to(src, out);
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n2,2\n3,2\n");
  ImportOptions options;
  options.source_dir = src;
  options.out_dir = out;
  options.progress = [&](const std::string& line) {
    if (has_part(line, "writing") && has_part(line, "catalog.db")) write_file(src + "/items.csv", "item_id,title\n");
  };
  const std::string msg = import_error([&] { import_dataset(options); });
  EXPECT_TRUE(has_part(msg, "changed while it was imported")) << msg;
  const auto ds = Dataset::open(out);
  EXPECT_EQ(ds->interactions.users(), 1u);
  EXPECT_EQ(ds->interactions.size(), 1u);
  for (const auto& e : std::filesystem::directory_iterator(out))
    EXPECT_FALSE(has_part(e.path().filename().string(), "staged")) << e.path();
}

// The report: one unclosed quote in items.csv line 6 swallowed the
// rest of the file, and the import then blamed interactions.csv ("46181 of
// 47063 rows are malformed ... unknown item_id '242'").
TEST(ImportErrors, UnclosedQuoteIsBlamedOnItsFileAndLine) {
  const std::string src = test::scratch_dir("err-quote");
  std::string items = "item_id,title,genres\n";
  for (int i = 1; i <= 40; ++i)
    items += std::to_string(i) + "," + (i == 5 ? "\"Broken, Quote (1995)" : "Film " + std::to_string(i)) + ",Drama\n";
  write_file(src + "/items.csv", items);  // item 5 is on line 6
  std::string interactions = "user_id,item_id\n";
  for (int u = 1; u <= 20; ++u)
    for (int i = 1; i <= 40; i += 3) interactions += std::to_string(u) + "," + std::to_string(i) + "\n";
  write_file(src + "/interactions.csv", interactions);
  const ImportSummary s = import_to(src, test::scratch_dir("err-quote-out"));
  EXPECT_EQ(s.items, 39u) << "only the broken row is lost";
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_TRUE(has_part(s.warnings[0], "items.csv:6: unclosed quote")) << s.warnings[0];
  for (const auto& w : s.warnings) EXPECT_FALSE(has_part(w, "interactions.csv") && !has_part(w, "'5'")) << w;
}

// A stray quote closed by another one many lines later: the joined record
// has the wrong number of fields, and the lines in between are read again.
TEST(ImportErrors, QuoteClosedFarAwayCostsOnlyTheTwoRows) {
  const std::string src = test::scratch_dir("err-quote-far");
  std::string items = "item_id,title\n";
  for (int i = 1; i <= 30; ++i) items += std::to_string(i) + "," + (i == 3 || i == 20 ? "\"x" : "T") + "\n";
  write_file(src + "/items.csv", items);
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n1,10\n2,25\n");
  const ImportSummary s = import_to(src, test::scratch_dir("err-quote-far-out"));
  EXPECT_EQ(s.items, 28u);
  EXPECT_EQ(s.interactions, 3u);
}

TEST(ImportErrors, HugeOrBinaryHeaderIsQuotedShortAndEscaped) {
  const std::string src = test::scratch_dir("err-big-header");
  write_file(src + "/items.csv", std::string(10 * 1024 * 1024, 'h') + "\n1,x\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  auto msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, src + "/items.csv:1")) << msg.substr(0, 300);
  EXPECT_LT(msg.size(), 600u) << "the header must not be echoed whole";
  const char binary[] = "\x1b[2Jname\x07,\x89PNG\x00x\n1,x\n";
  write_file(src + "/items.csv", std::string(binary, sizeof binary - 1));
  msg = import_error([&] { import_to(src, test::scratch_dir("err-out")); });
  EXPECT_TRUE(has_part(msg, "items.csv:1")) << msg;
  EXPECT_FALSE(has_part(msg, "\x1b")) << "raw escape bytes reach the terminal: " << msg;
  EXPECT_TRUE(has_part(msg, "\\x1B[2J")) << msg;
}

TEST(ImportErrors, OverlongCellsAreCutAndCountedOverlongIdsSkipped) {
  const std::string src = test::scratch_dir("err-long-cells");
  std::string items = "item_id,title,description\n";
  items += "1," + std::string(10 * 1024 * 1024, 't') + ",short\n";
  items += "2,Fine," + std::string(100 * 1024, 'd') + "\n";
  items += std::string(300, '9') + ",Long id\n";
  items += "4,Fine too,x\n5,Five,y\n";
  write_file(src + "/items.csv", items);
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n1,2\n2,4\n2,5\n");
  const std::string out = test::scratch_dir("err-long-cells-out");
  const ImportSummary s = import_to(src, out);
  EXPECT_EQ(s.items, 4u);
  EXPECT_EQ(s.cut_cells, 2u);
  bool warned = false;
  for (const auto& w : s.warnings) warned |= has_part(w, "items.csv: 2 cells over the size limits");
  EXPECT_TRUE(warned);
  auto catalog = Catalog::open(out + "/catalog.db");
  EXPECT_EQ(catalog->title(*catalog->find("1")).size(), 1024u);
}

TEST(ImportErrors, ManifestRecordsTheItemsFingerprint) {
  const std::string src = test::scratch_dir("err-fingerprint");
  write_file(src + "/items.csv", "item_id,title\n1,One\n2,Two\n");
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  const ImportSummary a = import_to(src, test::scratch_dir("err-fingerprint-a"));
  write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n2,2\n3,1\n");
  const ImportSummary b = import_to(src, test::scratch_dir("err-fingerprint-b"));
  EXPECT_EQ(a.fingerprint, b.fingerprint) << "other interactions, the same items";
  write_file(src + "/items.csv", "item_id,title\n1,Two\n2,One\n");
  const ImportSummary c = import_to(src, test::scratch_dir("err-fingerprint-c"));
  EXPECT_NE(a.fingerprint, c.fingerprint) << "the same ids naming other items";
  EXPECT_EQ(a.fingerprint.size(), 16u);
}

}  // namespace
}  // namespace interec

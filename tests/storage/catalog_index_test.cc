// The catalog index must select exactly what the SQL of a condition selects
// on catalog.db: hundreds of random predicates (and conjunctions) over a
// generated catalog full of edge cases — NULL cells, values differing only
// in ASCII or non-ASCII case, LIKE wildcards inside values, numbers binned
// by range — are run both ways and compared.
#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "storage/catalog_index.h"
#include "storage/dataset.h"
#include "storage/sqlite_handle.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> kGenres = {"Comedy", "comedy", "COMEDY", "Drama", "Ciné", "ciné", "100%_pure",
                                          "Sci-Fi", "Film-Noir", "War"};
const std::vector<std::string> kBrands = {"Acme", "acme", "Zenith", "Ünique", "ünique", "O'Brien"};

std::string sql_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// The SQL a brain writes for a predicate (the forms of the rules brain).
std::string predicate_sql(const Predicate& p, bool multi, bool numeric) {
  const std::string col = quote_identifier(p.column);
  if (p.kind == Predicate::Kind::range) {
    std::vector<std::string> parts;
    if (!std::isnan(p.lo)) parts.push_back(col + (p.lo_strict ? " > " : " >= ") + number(p.lo));
    if (!std::isnan(p.hi)) parts.push_back(col + (p.hi_strict ? " < " : " <= ") + number(p.hi));
    std::string pos = parts.empty() ? col + " IS NOT NULL" : parts[0];
    if (parts.size() == 2) pos = "(" + parts[0] + " AND " + parts[1] + ")";
    return p.negate ? "(" + col + " IS NULL OR NOT " + pos + ")" : pos;
  }
  if (multi) {
    const std::string lhs = p.negate ? "('|' || COALESCE(" + col + ", '') || '|')" : "('|' || " + col + " || '|')";
    std::string any;
    for (size_t k = 0; k < p.values.size(); ++k) {
      std::string pattern;
      for (char c : p.values[k]) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
      }
      any += (k ? " OR " : "") + lhs + " LIKE " + sql_quote("%|" + pattern + "|%") + " ESCAPE '\\'";
    }
    return p.negate ? "NOT (" + any + ")" : "(" + any + ")";
  }
  std::string list;
  for (size_t k = 0; k < p.values.size(); ++k) list += (k ? ", " : "") + sql_quote(p.values[k]);
  if (!p.negate) return col + " IN (" + list + ")";
  return numeric ? "(" + col + " IS NULL OR " + col + " NOT IN (" + list + "))"
                 : "COALESCE(" + col + ", '') NOT IN (" + list + ")";
}

class CatalogIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = test::scratch_dir("catalog-index-src");
    std::mt19937_64 rng(7);
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    std::ofstream items(src + "/items.csv");
    items << "item_id,title,genres,brand,year,price,rating,added,code\n";
    for (int i = 0; i < kItems; ++i) {
      std::string genres;
      if (rng() % 10) {
        const int n = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < n; ++k) genres += (k ? "|" : "") + pick(kGenres);
      }
      const std::string brand = rng() % 8 ? pick(kBrands) : "";
      const std::string year = rng() % 12 ? std::to_string(1950 + rng() % 70) : "";
      char price[32] = "";
      if (rng() % 15) std::snprintf(price, sizeof price, "%.2f", 0.5 + (rng() % 100000) / 100.0);
      const std::string rating = rng() % 5 ? std::to_string(1 + rng() % 5) + ".5" : "NA";
      char added[16] = "";
      if (rng() % 9) std::snprintf(added, sizeof added, "20%02d-%02d-%02d", static_cast<int>(rng() % 25),
                                   static_cast<int>(1 + rng() % 12), static_cast<int>(1 + rng() % 28));
      items << "i" << i << ",Item " << i << ",\"" << genres << "\"," << brand << "," << year << "," << price << ","
            << rating << "," << added << ",code-" << i << "\n";
    }
    items.close();
    std::ofstream inter(src + "/interactions.csv");
    inter << "user_id,item_id\n";
    for (int i = 0; i < kItems; ++i) inter << "u" << i % 50 << ",i" << i << "\n";
    inter.close();
    dir_ = test::scratch_dir("catalog-index-prepared");
    test::import_to(src, dir_);
    dataset_ = Dataset::open(dir_);
    sqlite3* raw = nullptr;
    sqlite3_open_v2(dataset_->catalog->db_path().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    db_.reset(raw);
  }
  static void TearDownTestSuite() {
    db_.reset();
    dataset_.reset();
  }

  static std::set<ItemIndex> sql_items(const std::string& where) {
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT rowid - 1 FROM items WHERE " + where;
    EXPECT_EQ(sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    SqliteStmt s(st);
    std::set<ItemIndex> out;
    while (st && sqlite3_step(st) == SQLITE_ROW) out.insert(static_cast<ItemIndex>(sqlite3_column_int64(st, 0)));
    return out;
  }

  static std::set<ItemIndex> index_items(const Bitmap& b) {
    std::set<ItemIndex> out;
    for (uint32_t i : b.to_vector()) out.insert(static_cast<ItemIndex>(i));
    return out;
  }

  static constexpr int kItems = 3000;
  static inline std::string dir_;
  static inline std::shared_ptr<const Dataset> dataset_;
  static inline SqliteDb db_;
};

// A random predicate over the test catalog, and its SQL.
std::pair<Predicate, std::string> random_predicate(std::mt19937_64& rng) {
  Predicate p;
  p.negate = rng() % 3 == 0;
  const int what = static_cast<int>(rng() % 6);
  auto real = [&](double lo, double hi) { return lo + (hi - lo) * static_cast<double>(rng() % 100000) / 100000.0; };
  if (what <= 1) {
    p.column = what == 0 ? "genres" : "brand";
    const auto& pool = what == 0 ? kGenres : kBrands;
    const size_t n = 1 + rng() % 3;
    for (size_t k = 0; k < n; ++k) p.values.push_back(rng() % 6 ? pool[rng() % pool.size()] : "Absent");
    return {p, predicate_sql(p, what == 0, false)};
  }
  p.kind = Predicate::Kind::range;
  p.column = what == 2 ? "year" : what == 3 ? "price" : what == 4 ? "rating" : "added_year";
  const double lo = what == 2 ? 1940 + static_cast<double>(rng() % 90)
                    : what == 3 ? real(0, 1100)
                    : what == 4 ? real(0, 6) : 1995 + static_cast<double>(rng() % 35);
  const double span = what == 3 ? real(0, 400) : static_cast<double>(rng() % 20);
  p.lo = rng() % 5 ? lo : kNaN;
  p.hi = rng() % 5 ? lo + span : kNaN;
  p.lo_strict = rng() % 2;
  p.hi_strict = rng() % 2;
  if (rng() % 4 == 0) p.hi = p.lo;  // a single value
  return {p, predicate_sql(p, false, true)};
}

TEST_F(CatalogIndexTest, PreparedFolderHasTheIndex) {
  ASSERT_NE(dataset_->index, nullptr);
  EXPECT_EQ(dataset_->index->items(), static_cast<size_t>(kItems));
  EXPECT_NO_THROW(dataset_->index->verify());
}

TEST_F(CatalogIndexTest, EveryRandomPredicateSelectsWhatItsSqlSelects) {
  std::mt19937_64 rng(11);
  for (int k = 0; k < 600; ++k) {
    const auto [p, sql] = random_predicate(rng);
    ASSERT_EQ(dataset_->index->unsupported(p), "") << sql;
    EXPECT_EQ(index_items(dataset_->index->evaluate(p)), sql_items(sql)) << sql;
  }
}

TEST_F(CatalogIndexTest, ConjunctionsSelectWhatTheirSqlSelects) {
  std::mt19937_64 rng(12);
  for (int k = 0; k < 200; ++k) {
    std::vector<Predicate> conj;
    std::string where;
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int j = 0; j < n; ++j) {
      auto [p, sql] = random_predicate(rng);
      conj.push_back(p);
      where += (j ? " AND " : "") + sql;
    }
    EXPECT_EQ(index_items(dataset_->index->evaluate(conj)), sql_items(where)) << where;
  }
  EXPECT_EQ(dataset_->index->evaluate(std::vector<Predicate>{}).cardinality(), static_cast<uint64_t>(kItems));
}

TEST_F(CatalogIndexTest, CaseRules) {
  Predicate multi;
  multi.column = "genres";
  multi.values = {"comedy"};
  // ASCII case is ignored in a multi-valued column, as LIKE does ...
  EXPECT_EQ(index_items(dataset_->index->evaluate(multi)), sql_items("genres LIKE '%comedy%'"));
  // ... but not the case of other letters.
  multi.values = {"CINÉ"};
  EXPECT_TRUE(dataset_->index->evaluate(multi).empty());
  Predicate single;
  single.column = "brand";
  single.values = {"acme"};
  EXPECT_EQ(index_items(dataset_->index->evaluate(single)), sql_items("brand = 'acme'"));
  EXPECT_NE(index_items(dataset_->index->evaluate(single)), sql_items("brand = 'Acme'"));
}

TEST_F(CatalogIndexTest, RefusesWhatItCannotAnswerExactly) {
  Predicate p;
  p.column = "code";  // one value per item: left to SQL
  p.values = {"code-1"};
  EXPECT_NE(dataset_->index->unsupported(p), "");
  EXPECT_THROW(dataset_->index->evaluate(p), CatalogError);
  p.column = "nope";
  EXPECT_NE(dataset_->index->unsupported(p), "");
  p.column = "genres";
  p.values = {""};
  EXPECT_NE(dataset_->index->unsupported(p), "");
  p.values = {"Comedy|Drama"};
  EXPECT_NE(dataset_->index->unsupported(p), "");
  Predicate range;
  range.kind = Predicate::Kind::range;
  range.column = "added";  // text: SQL compares text with numbers its own way
  range.lo = 2000;
  EXPECT_NE(dataset_->index->unsupported(range), "");
}

TEST_F(CatalogIndexTest, DamagedOrForeignFilesNameTheFile) {
  const std::string path = dir_ + "/" + kCatalogIndexFile;
  const std::string copy = test::scratch_dir("catalog-index-damaged") + "/catalog.idx";
  auto error_of = [&](const std::string& p) -> std::string {
    try {
      CatalogIndex::open(p, *dataset_->catalog);
    } catch (const CatalogError& e) {
      return e.what();
    }
    return "";
  };
  std::filesystem::copy_file(path, copy);
  std::filesystem::resize_file(copy, std::filesystem::file_size(copy) - 100);
  EXPECT_NE(error_of(copy).find(copy), std::string::npos);
  EXPECT_NE(error_of(copy).find("interec prepare"), std::string::npos);
  test::write_file(copy, "not an index at all, but long enough to hold a header of sixty-four bytes");
  EXPECT_NE(error_of(copy).find("not a catalog index"), std::string::npos);
  EXPECT_NE(error_of(copy + ".missing").find(copy + ".missing"), std::string::npos);
}

TEST_F(CatalogIndexTest, FlippedByteFailsVerification) {
  const std::string copy = test::scratch_dir("catalog-index-flipped") + "/catalog.idx";
  std::filesystem::copy_file(dir_ + "/" + kCatalogIndexFile, copy);
  {
    std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(copy) / 2));
    f.put('\x7f');
  }
  auto index = CatalogIndex::open(copy, *dataset_->catalog);
  EXPECT_THROW(index->verify(), CatalogError);
}

}  // namespace
}  // namespace interec

// A generated catalog full of edge cases for comparing the catalog index
// (and the SQL translated into Predicates) with SQLite: NULL cells, values
// differing only in ASCII or non-ASCII case, LIKE wildcards inside values,
// numbers binned by range, an ISO date with its year column. Shared by
// catalog_index_test.cc and sql_predicate_test.cc.
#pragma once

#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "storage/catalog_index.h"
#include "storage/dataset.h"
#include "storage/sqlite_handle.h"
#include "tests/storage/storage_test_util.h"

namespace interec::test {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline const std::vector<std::string> kGenres = {"Comedy", "comedy", "COMEDY", "Drama", "Ciné", "ciné", "100%_pure",
                                          "Sci-Fi", "Film-Noir", "War"};
inline const std::vector<std::string> kBrands = {"Acme", "acme", "Zenith", "Ünique", "ünique", "O'Brien"};

inline std::string sql_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

inline std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// The SQL a brain writes for a predicate (the forms of the rules brain).
inline std::string predicate_sql(const Predicate& p, bool multi, bool numeric) {
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

class EdgeCatalogTest : public ::testing::Test {
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
inline std::pair<Predicate, std::string> random_predicate(std::mt19937_64& rng) {
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

}  // namespace interec::test

// SQL conditions translated into Predicates must select exactly what SQLite
// selects, on the edge-case catalog: the forms the rules brain writes, the
// simple comparisons an LLM writes, and random predicates' SQL. What cannot
// be translated exactly is refused, so that its SQL runs.
#include "storage/sql_predicate.h"

#include "tests/storage/edge_catalog.h"

namespace interec {
namespace {

using namespace test;  // the edge-case catalog

class SqlPredicateTest : public EdgeCatalogTest {
 protected:
  // The items the translation of `where` selects through the index; fails
  // the test when it is not translated or not answerable by the index.
  static std::set<ItemIndex> translated_items(const std::string& where) {
    auto preds = predicates_of_where(where, *dataset_->catalog);
    EXPECT_TRUE(preds.has_value()) << "not translated: " << where;
    if (!preds) return {};
    for (const auto& p : *preds) EXPECT_EQ(dataset_->index->unsupported(p), "") << where;
    return index_items(dataset_->index->evaluate(*preds));
  }
};

TEST_F(SqlPredicateTest, TheRulesBrainsFormsSelectWhatSqliteSelects) {
  const std::vector<std::string> forms = {
      "('|' || genres || '|') LIKE '%|Comedy|%'",
      "('|' || genres || '|') LIKE '%|ciné|%'",
      "('|' || genres || '|') LIKE '%|100\\%\\_pure|%' ESCAPE '\\'",
      "NOT (('|' || COALESCE(genres, '') || '|') LIKE '%|Drama|%')",
      "(('|' || genres || '|') LIKE '%|Comedy|%' OR ('|' || genres || '|') LIKE '%|War|%')",
      "(NOT (('|' || COALESCE(genres, '') || '|') LIKE '%|War|%') AND NOT (('|' || COALESCE(genres, '') || "
      "'|') LIKE '%|Drama|%'))",
      "brand = 'Acme'",
      "brand = 'O''Brien'",
      "brand IN ('Acme', 'Zenith', 'ünique')",
      "COALESCE(brand, '') <> 'Acme'",
      "(COALESCE(brand, '') <> 'Acme' AND COALESCE(brand, '') <> 'Zenith')",
      "year BETWEEN 1990 AND 1999",
      "year = 1995",
      "year >= 2000",
      "(year >= 1980 AND year < 1990)",
      "price > 12.5",
      "rating <= 3.5",
      "added_year BETWEEN 2005 AND 2010",
      "(year IS NULL OR year <> 1995)",
      "(year IS NULL OR year NOT BETWEEN 1960 AND 1969)",
      "('|' || genres || '|') LIKE '%|Comedy|%' AND year BETWEEN 1990 AND 1999 AND NOT (('|' || "
      "COALESCE(genres, '') || '|') LIKE '%|War|%')",
  };
  for (const auto& where : forms) EXPECT_EQ(translated_items(where), sql_items(where)) << where;
}

TEST_F(SqlPredicateTest, SpellingsOfTheSameFormsAlsoTranslate) {
  const std::vector<std::string> forms = {
      "'|' || GENRES || '|' like '%|comedy|%'",
      "(\"genres\" IS NULL OR NOT ('|' || COALESCE(\"genres\", '') || '|') LIKE '%|drama|%')",
      "Brand='Zenith'",
      "not (year between 1990 and 1999) and year is not null and price >= 1",
      "year>=1990 AND year<=1999",
      "year IN (1990, 1991, 1995)",
      "brand = 'Acme' OR brand = 'Zenith' OR brand IN ('O''Brien')",
      "COALESCE(brand, '') IN ('Acme')",
      "NOT COALESCE(brand, '') = 'Acme'",
      "(year IS NULL OR NOT year = 2001)",
      "price < 1e2",
      "rating > -1",
  };
  size_t translated = 0;
  for (const auto& where : forms) {
    auto preds = predicates_of_where(where, *dataset_->catalog);
    if (!preds) continue;  // some of these are refused; none may differ
    ++translated;
    EXPECT_EQ(index_items(dataset_->index->evaluate(*preds)), sql_items(where)) << where;
  }
  EXPECT_GE(translated, forms.size() - 3);
}

TEST_F(SqlPredicateTest, RandomPredicatesSqlTranslatesExactlyOrNotAtAll) {
  std::mt19937_64 rng(21);
  size_t translated = 0;
  for (int k = 0; k < 400; ++k) {
    std::string where;
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int j = 0; j < n; ++j) where += (j ? " AND " : "") + random_predicate(rng).second;
    auto preds = predicates_of_where(where, *dataset_->catalog);
    if (!preds) continue;
    ++translated;
    EXPECT_EQ(index_items(dataset_->index->evaluate(*preds)), sql_items(where)) << where;
  }
  // Negated ranges and NOT IN are written in forms outside the list.
  EXPECT_GE(translated, 100u);
}

TEST_F(SqlPredicateTest, WhatCannotBeTranslatedExactlyIsRefused) {
  const std::vector<std::string> refused = {
      "genres LIKE '%Comedy%'",                          // a substring, not a value
      "('|' || genres || '|') LIKE '%|Com_dy|%'",        // a wildcard
      "('|' || genres || '|') LIKE '%|Comedy|Drama|%'",  // two values in a row
      "('|' || brand || '|') LIKE '%|Acme|%'",           // brand is single-valued
      "NOT (('|' || genres || '|') LIKE '%|War|%')",     // NULL cells are neither
      "genres = 'Comedy'",                               // the whole cell
      "brand <> 'Acme'",                                 // NULL cells excluded
      "year <> 1995",
      "year IS NULL",
      "brand = ''",
      "year = '1995'",
      "brand = 5",
      "lower(brand) = 'acme'",
      "year + 1 > 1990",
      "title = 'Item 1'",
      "item_id IN ('i1', 'i2')",
      "year = 1990 OR brand = 'Acme'",
      "NOT (year > 1990 AND price < 5)",
      "year IN (SELECT year FROM items)",
      "year > 1990; DROP TABLE items",
      "",
  };
  for (const auto& where : refused)
    EXPECT_FALSE(predicates_of_where(where, *dataset_->catalog).has_value()) << where;
}

TEST_F(SqlPredicateTest, WholeQueries) {
  const Catalog& catalog = *dataset_->catalog;
  auto q = predicates_of_query("SELECT item_id FROM items WHERE year BETWEEN 1990 AND 1999 AND brand = 'Acme'", catalog);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->size(), 2u);
  EXPECT_TRUE(predicates_of_query("select ITEM_ID from ITEMS where year = 1990", catalog).has_value());
  EXPECT_FALSE(predicates_of_query("SELECT title FROM items WHERE year = 1990", catalog).has_value());
  EXPECT_FALSE(predicates_of_query("SELECT item_id FROM items WHERE year = 1990 LIMIT 5", catalog).has_value());
  EXPECT_FALSE(predicates_of_query("SELECT item_id FROM items", catalog).has_value());
}

}  // namespace
}  // namespace interec

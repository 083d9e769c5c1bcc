// The catalog index must select exactly what the SQL of a condition selects
// on catalog.db: hundreds of random predicates (and conjunctions) over a
// generated catalog full of edge cases — NULL cells, values differing only
// in ASCII or non-ASCII case, LIKE wildcards inside values, numbers binned
// by range — are run both ways and compared.
#include <filesystem>

#include "tests/storage/edge_catalog.h"

namespace interec {
namespace {

using namespace test;  // the edge-case catalog

class CatalogIndexTest : public EdgeCatalogTest {};

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

// The generic items + interactions format, on fixtures written by the tests.
#include <gtest/gtest.h>

#include <cmath>

#include "storage/dataset.h"
#include "storage/readonly_sql.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

std::string write_fixture(const std::string& name) {
  const std::string src = test::scratch_dir(name);
  test::write_file(src + "/items.csv",
                   "item_id,title,price,stars,release date,tags,description,code\r\n"
                   "a1,\"Widget, large\",12.5,4,2019-03-01,red|metal,\"A large widget, 12 mm\",007\r\n"
                   "a2,Gadget,3,5,2021-11-30,blue,\"Small\",12\r\n"
                   "a3,Doohickey,,3,,red | plastic,,\r\n"
                   "a4,Thing,7.25,,1999-12-31,,Just a thing,5\r\n");
  test::write_file(src + "/interactions.csv",
                   "user_id,item_id,rating,timestamp\n"
                   "u1,a1,5,300\n"
                   "u1,a2,4,100\n"
                   "u2,a2,,2020-01-01\n"
                   "u2,zz,5,10\n"
                   "u3,a4,2,\n");
  test::write_file(src + "/columns.json",
                   R"({"price": "price in euros", "release date": "first sold", "stars": "stars given by editors"})");
  return src;
}

TEST(GenericImport, TypesColumnsAndDescriptions) {
  const std::string src = write_fixture("generic-src");
  const std::string out = test::scratch_dir("generic-out");
  ImportSummary s = test::import_to(src, out);
  EXPECT_EQ(s.format, "generic");
  EXPECT_EQ(s.items, 4u);
  EXPECT_EQ(s.users, 3u);
  EXPECT_EQ(s.interactions, 4u);
  EXPECT_EQ(s.skipped_rows, 1u);  // the unknown item zz
  bool warned = false;
  for (const auto& w : s.warnings) warned |= w.find("interactions.csv:5: unknown item_id 'zz'") != std::string::npos;
  EXPECT_TRUE(warned);

  auto ds = Dataset::open(out);
  const Catalog& c = *ds->catalog;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c.title(0), "Widget, large");
  std::vector<std::string> names;
  for (const auto& info : c.columns()) names.push_back(info.name);
  EXPECT_EQ(names, (std::vector<std::string>{"price", "stars", "release_date", "release_date_year", "tags",
                                             "description", "code", "popularity", "avg_rating"}));
  auto info = [&](const std::string& n) { return c.columns()[*c.column_index(n)]; };
  EXPECT_EQ(info("price").type, ColumnType::real);
  EXPECT_EQ(info("price").description, "price in euros");
  EXPECT_EQ(info("price").min, 3);
  EXPECT_EQ(info("price").max, 12.5);
  EXPECT_EQ(info("stars").type, ColumnType::integer);
  EXPECT_EQ(info("release_date").type, ColumnType::date);
  EXPECT_EQ(info("release_date").description, "first sold");
  EXPECT_EQ(info("release_date").min, 1999);
  EXPECT_EQ(info("release_date").max, 2021);
  EXPECT_EQ(info("release_date_year").type, ColumnType::integer);
  EXPECT_TRUE(info("tags").multi);
  EXPECT_EQ(info("tags").distinct, 4u);  // red, metal, blue, plastic
  EXPECT_EQ(info("description").type, ColumnType::text);
  EXPECT_FALSE(info("description").multi);
  EXPECT_EQ(info("code").type, ColumnType::text);  // "007" keeps its zeros

  const size_t date = *c.column_index("release_date");
  EXPECT_EQ(c.values(date, 0).strings(), (std::vector<std::string>{"2019-03-01"}));
  EXPECT_EQ(c.number(date, 0), 2019);
  EXPECT_TRUE(std::isnan(c.number(date, 2)));
  EXPECT_EQ(c.values(*c.column_index("tags"), 2).strings(), (std::vector<std::string>{"red", "plastic"}));
  EXPECT_TRUE(std::isnan(c.number(*c.column_index("price"), 2)));
  EXPECT_EQ(c.number(*c.column_index("popularity"), 1), 2);
  EXPECT_EQ(c.number(*c.column_index("avg_rating"), 1), 4);  // the empty rating is not counted
  EXPECT_TRUE(std::isnan(c.number(*c.column_index("avg_rating"), 2)));

  // Time order within a user; ISO timestamps are converted.
  auto u1 = ds->interactions.find_user("u1");
  ASSERT_TRUE(u1);
  auto items = ds->interactions.items(*u1);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(c.id(items[0]), "a2");
  EXPECT_EQ(c.id(items[1]), "a1");
  auto u2 = ds->interactions.find_user("u2");
  ASSERT_TRUE(u2);
  EXPECT_EQ(ds->interactions.timestamps(*u2)[0], 1577836800);
  EXPECT_TRUE(std::isnan(ds->interactions.ratings(*u2)[0]));

  // SQL sees the same typed columns.
  ReadOnlySql sql(out + "/catalog.db");
  auto r = sql.query("SELECT item_id FROM items WHERE price > 5 AND release_date_year < 2000");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "a4");
  r = sql.query("SELECT typeof(stars), typeof(price), typeof(release_date) FROM items WHERE item_id = 'a1'");
  EXPECT_EQ(r.rows[0], (std::vector<std::string>{"integer", "real", "text"}));
  r = sql.query("SELECT description FROM columns WHERE name = 'stars'");
  EXPECT_EQ(r.rows[0][0], "stars given by editors");
}

TEST(GenericImport, TsvFilesAndExplicitFormat) {
  const std::string src = test::scratch_dir("generic-tsv");
  test::write_file(src + "/items.tsv", "item_id\ttitle\tbrand\n1\t\"Best\" Glue\tAcme\n2\tTape\t\n");
  test::write_file(src + "/interactions.tsv", "user_id\titem_id\n7\t1\n7\t2\n8\t2\n");
  const std::string out = test::scratch_dir("generic-tsv-out");
  ImportSummary s = test::import_to(src, out, SourceFormat::generic);
  EXPECT_EQ(s.items, 2u);
  EXPECT_EQ(s.interactions, 3u);
  auto c = Catalog::open(out + "/catalog.db");
  EXPECT_EQ(c->title(0), "\"Best\" Glue");
  EXPECT_FALSE(c->column_index("avg_rating"));  // no ratings, no mean rating
}

TEST(GenericImport, RareBarsAndNaMarkers) {
  const std::string src = test::scratch_dir("generic-rare");
  std::string items = "item_id,title,name,score\n";
  for (int i = 0; i < 300; ++i)
    items += std::to_string(i) + ",T" + std::to_string(i) + "," + (i == 7 ? "Game | Soundtrack" : "Game") + "," +
             (i % 10 == 0 ? "NA" : std::to_string(i)) + "\n";
  test::write_file(src + "/items.csv", items);
  test::write_file(src + "/interactions.csv", "user_id,item_id\n1,1\n");
  const std::string out = test::scratch_dir("generic-rare-out");
  test::import_to(src, out);
  auto c = Catalog::open(out + "/catalog.db");
  const ColumnInfo& name = c->columns()[*c->column_index("name")];
  EXPECT_FALSE(name.multi);  // one cell in 300 is a title with a bar, not a list
  EXPECT_EQ(c->values(*c->column_index("name"), 7).strings(), (std::vector<std::string>{"Game | Soundtrack"}));
  const size_t score = *c->column_index("score");
  EXPECT_EQ(c->columns()[score].type, ColumnType::integer);
  EXPECT_TRUE(std::isnan(c->number(score, 10)));
  EXPECT_EQ(c->number(score, 11), 11);
}

}  // namespace
}  // namespace interec

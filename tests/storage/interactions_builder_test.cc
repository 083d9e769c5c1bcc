// The streamed build of the interactions (InteractionsBuilder, used by the
// import) against the sort of all parsed rows at once that it replaced.
#include "storage/interactions_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <unordered_map>

#include "storage/dataset.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

/// The CSR form as flat vectors, whoever built it.
struct Flat {
  std::vector<std::string> users;
  std::vector<uint64_t> offsets{0};
  std::vector<ItemIndex> items;
  std::vector<uint32_t> rating_bits;  // NaN compared bit for bit
  std::vector<int64_t> timestamps;
  bool operator==(const Flat& o) const {
    return users == o.users && offsets == o.offsets && items == o.items && rating_bits == o.rating_bits &&
           timestamps == o.timestamps;
  }
};

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

/// The algorithm the import used before rows were streamed (all rows held,
/// users by first appearance, a counting sort by user, a stable sort by
/// time within each user): the reference the builder must equal.
Flat reference(const std::vector<Interactions::Row>& rows) {
  Flat out;
  std::unordered_map<std::string, size_t> index;
  std::vector<size_t> user_of;
  for (const auto& r : rows) {
    auto [it, fresh] = index.emplace(r.user, out.users.size());
    if (fresh) out.users.push_back(r.user);
    user_of.push_back(it->second);
  }
  std::vector<size_t> order(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (user_of[a] != user_of[b]) return user_of[a] < user_of[b];
    return rows[a].timestamp < rows[b].timestamp;
  });
  out.offsets.assign(out.users.size() + 1, 0);
  for (size_t u : user_of) ++out.offsets[u + 1];
  for (size_t u = 0; u < out.users.size(); ++u) out.offsets[u + 1] += out.offsets[u];
  for (size_t k : order) {
    out.items.push_back(rows[k].item);
    out.rating_bits.push_back(bits(rows[k].rating));
    out.timestamps.push_back(rows[k].timestamp);
  }
  return out;
}

Flat flatten(const Interactions& in) {
  Flat out;
  for (UserIndex u = 0; u < static_cast<UserIndex>(in.users()); ++u) {
    out.users.emplace_back(in.user_id(u));
    EXPECT_EQ(in.find_user(in.user_id(u)), u);
    for (size_t k = 0; k < in.items(u).size(); ++k) {
      out.items.push_back(in.items(u)[k]);
      out.rating_bits.push_back(bits(in.ratings(u)[k]));
      out.timestamps.push_back(in.timestamps(u)[k]);
    }
    out.offsets.push_back(out.items.size());
  }
  return out;
}

TEST(InteractionsBuilder, EqualsTheSortOfAllRowsOnRandomRows) {
  // Past two blocks of 2^16 rows; few users (long histories, many ties and
  // repeats) and many (short ones), times out of order, NaN ratings.
  for (size_t users : {7u, 5000u}) {
    std::mt19937_64 rng(users);
    std::vector<Interactions::Row> rows;
    for (size_t k = 0; k < 140000; ++k) {
      const float rating = rng() % 5 == 0 ? std::nanf("") : static_cast<float>(rng() % 10) / 2;
      rows.push_back({"user" + std::to_string(rng() % users), static_cast<ItemIndex>(rng() % 300), rating,
                      static_cast<int64_t>(rng() % 50)});
      if (rng() % 10 == 0) rows.push_back(rows.back());  // a duplicate row
    }
    InteractionsBuilder b;
    for (const auto& r : rows) b.add(r.user, r.item, r.rating, r.timestamp);
    EXPECT_EQ(b.size(), rows.size());
    EXPECT_EQ(b.users(), users);
    const Interactions built = b.finish();
    EXPECT_TRUE(flatten(built) == reference(rows)) << users << " users";
    EXPECT_TRUE(flatten(Interactions::build(rows)) == reference(rows)) << users << " users";
    EXPECT_EQ(b.size(), 0u);  // finish() leaves it empty
    EXPECT_EQ(b.finish().users(), 0u);
  }
}

TEST(InteractionsBuilder, ImportEqualsTheSortOfTheGoodRows) {
  const std::string src = test::scratch_dir("builder-src");
  test::write_file(src + "/items.csv", "item_id,title\na,A\nb,B\nc,C\n");
  // Out-of-order times, repeated users, a duplicate row, equal times, ISO
  // and missing times, and junk lines between.
  test::write_file(src + "/interactions.csv",
                   "user_id,item_id,rating,timestamp\n"
                   "u2,c,3,500\n"
                   "u1,b,4,300\n"
                   "u1,a,5,100\n"
                   "u1,zz,5,10\n"      // line 5: unknown item
                   "u2,a,x,10\n"       // line 6: bad rating
                   "u3,b,2,\n"
                   "u1,b,4,300\n"      // a duplicate row
                   ",a,1,1\n"          // line 9: empty user
                   "u2,b,,1970-01-01\n"
                   "u1,c,1,300\n"      // the same time as b: input order kept
                   "u3,a,1\n"          // line 12: too few fields
                   "u2,a,2,40\n");
  const std::string out = test::scratch_dir("builder-out");
  const ImportSummary s = test::import_to(src, out);
  EXPECT_EQ(s.skipped_rows, 4u);
  const float nan = std::nanf("");
  const std::vector<Interactions::Row> good = {
      {"u2", 2, 3, 500}, {"u1", 1, 4, 300}, {"u1", 0, 5, 100}, {"u3", 1, 2, 0},  {"u1", 1, 4, 300},
      {"u2", 1, nan, 0}, {"u1", 2, 1, 300}, {"u2", 0, 2, 40}};
  auto ds = Dataset::open(out);
  EXPECT_TRUE(flatten(ds->interactions) == reference(good));
  // Junk rows are named by file and line.
  std::string all;
  for (const auto& w : s.warnings) all += w + "\n";
  for (const char* where : {"interactions.csv:5:", "interactions.csv:6:", "interactions.csv:9:", "interactions.csv:12:"})
    EXPECT_NE(all.find(where), std::string::npos) << where << " in\n" << all;
  // popularity and avg_rating come from the same rows, in input order.
  const Catalog& c = *ds->catalog;
  EXPECT_EQ(c.number(*c.column_index("popularity"), 1), 4);  // b: u1 twice, u3, u2
  EXPECT_DOUBLE_EQ(c.number(*c.column_index("avg_rating"), 1), 3.33);  // (4 + 2 + 4) / 3
}

}  // namespace
}  // namespace interec

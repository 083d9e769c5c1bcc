// A bus of most of a large catalog travels as a bit set (Bus::members) and
// rank scans the model's codes masked by it: it must rank exactly as the
// list of the same items is ranked. ML-100K is below the real thresholds
// (65,536 items), so these tests give the tools smaller ones
// (LargeCatalogLimits) to reach the large-catalog paths, and compare.
#include <random>

#include "tests/tools/tools_fixture.h"
#include "tools/models/mf.h"
#include "tools/tool_impls.h"

namespace interec {
namespace {

LargeCatalogLimits small_limits() {
  LargeCatalogLimits l;
  l.exact_catalog = 1000;  // ML-100K's 1,682 items are "large"
  l.min_best_of_bus = 100;
  return l;
}

HardFilterStep after_1900() { return HardFilterStep{"SELECT item_id FROM items WHERE year >= 1900", {}}; }

TEST(MembersBus, FormsAndSizes) {
  Bus b = Bus::of_members({0b1011, uint64_t{1} << 63});
  EXPECT_TRUE(b.masked());
  EXPECT_EQ(b.size(200), 4u);
  EXPECT_TRUE(b.contains(3, 200));
  EXPECT_FALSE(b.contains(2, 200));
  EXPECT_TRUE(b.contains(127, 200));
  EXPECT_FALSE(b.contains(127, 100));  // past the catalog
  Bus scratch;
  const Bus& listed = b.listed(200, scratch);
  EXPECT_EQ(&listed, &scratch);
  EXPECT_EQ(listed.items, (std::vector<ItemIndex>{0, 1, 3, 127}));
  EXPECT_FALSE(listed.masked());
  Bus list;
  list.all = false;
  list.items = {5, 2};
  EXPECT_EQ(&list.listed(200, scratch), &list);
  b.materialize(100);
  EXPECT_EQ(b.items, (std::vector<ItemIndex>{0, 1, 3}));
  EXPECT_TRUE(b.members.empty());
}

TEST(MembersBus, HardFilterHandsOnMostOfALargeCatalogAsABitSet) {
  INTEREC_REQUIRE_BOX(box);
  const size_t n = box->dataset->catalog->size();
  HardFilterTool exact(box), bits(box, small_limits());
  const ToolOutput list = exact.run(Bus{}, after_1900(), {});
  const ToolOutput set = bits.run(Bus{}, after_1900(), {});
  ASSERT_FALSE(list.bus.masked());
  ASSERT_GT(list.bus.items.size(), n / 2);
  ASSERT_TRUE(set.bus.masked());
  EXPECT_EQ(set.bus.size(n), list.bus.items.size());
  Bus scratch;
  EXPECT_EQ(set.bus.listed(n, scratch).items, list.bus.items);
  // A narrow condition stays a list; a filter of a bit-set bus reads it as its list.
  const HardFilterStep comedy{"SELECT item_id FROM items WHERE genres LIKE '%Animation%'", {}};
  EXPECT_FALSE(bits.run(Bus{}, comedy, {}).bus.masked());
  EXPECT_EQ(bits.run(set.bus, comedy, {}).bus.items, exact.run(list.bus, comedy, {}).bus.items);
}

TEST(MembersBus, RankOfABitSetIsRankOfItsList) {
  INTEREC_REQUIRE_BOX(box);
  const size_t n = box->dataset->catalog->size();
  HardFilterTool bits_filter(box, small_limits());
  const Bus set = bits_filter.run(Bus{}, after_1900(), {}).bus;
  ASSERT_TRUE(set.masked());
  Bus list;
  set.listed(n, list);
  RankTool rank(box, small_limits());
  const Interactions& inter = box->dataset->interactions;
  const std::vector<ItemIndex> pop = test::run_tool(box, "rank", Bus{}, nlohmann::json{{"schema", "popularity"}}).bus.items;
  int compared = 0;
  for (UserIndex u = 0; u < static_cast<UserIndex>(inter.users()) && compared < 12; u += 37, ++compared) {
    UserContext user;
    const auto items = inter.items(u);
    user.history.assign(items.begin(), items.end());
    if (compared % 3 == 1) user.liked = {pop[1]};
    for (const RankStep& step : {RankStep{RankSchema::preference, {}, {}, {}},
                                 RankStep{RankSchema::preference, {}, {std::string(box->dataset->catalog->title(pop[0]))}, {}},
                                 RankStep{RankSchema::popularity, {}, {}, {}}}) {
      const ToolOutput a = rank.run(set, step, user);
      const ToolOutput b = rank.run(list, step, user);
      ASSERT_EQ(a.bus.items, b.bus.items) << "user " << u;
      ASSERT_EQ(a.bus.scores, b.bus.scores) << "user " << u;
      ASSERT_FALSE(a.bus.items.empty());
      for (ItemIndex i : a.bus.items) ASSERT_TRUE(set.contains(i, n));
      if (!step.unwanted.empty()) {
        EXPECT_EQ(std::find(a.bus.items.begin(), a.bus.items.end(), pop[0]), a.bus.items.end());
      }
    }
  }
  // A user without history: popularity, from the list of the bit set.
  EXPECT_EQ(rank.run(set, RankStep{}, {}).bus.items, rank.run(list, RankStep{}, {}).bus.items);
}

// mf from 65,536 items scans its 8-bit codes: masked by a bit set, the same
// items and scores as the scan of the list of its members.
TEST(MembersBus, MfBestItemsInABitSetAreItsBestAmongTheList) {
  const size_t n = 70001, f = 16;
  std::mt19937_64 rng(9);
  std::normal_distribution<float> g;
  Mf::Matrix factors(n, f);
  for (Eigen::Index i = 0; i < factors.size(); ++i) factors.data()[i] = g(rng);
  MfOptions options;
  options.factors = f;
  const Mf mf = Mf::from_factors(std::move(factors), options);
  std::vector<uint64_t> members((n + 63) / 64 - 3, 0);  // shorter than the table: the rest are not members
  std::vector<ItemIndex> list;
  for (size_t i = 0; i < members.size() * 64 && i < n; ++i)
    if (rng() % 10 < 9) {
      members[i / 64] |= uint64_t{1} << (i % 64);
      list.push_back(static_cast<ItemIndex>(i));
    }
  const std::vector<ItemIndex> history = {1, 5, 99, 4000, 65000};
  for (size_t k : {1, 10, 1100}) {
    const auto a = mf.top_items_in(history, members, k), b = mf.top_items_among(history, list, k);
    ASSERT_EQ(a.size(), k);
    for (size_t r = 0; r < k; ++r) {
      EXPECT_EQ(a[r].index, b[r].index) << "k " << k << " rank " << r;
      EXPECT_EQ(a[r].score, b[r].score);
    }
  }
  // The default (no codes) lists the members: the same again.
  const auto c = mf.Recommender::top_items_in(history, members, 50), d = mf.top_items_among(history, list, 50);
  ASSERT_EQ(c.size(), d.size());
  for (size_t r = 0; r < c.size(); ++r) EXPECT_EQ(c[r].index, d[r].index);
}

}  // namespace
}  // namespace interec

// Each tool's effect on the bus, on the prepared ML-100K dataset.
#include <algorithm>
#include <random>
#include <set>
#include <unordered_set>

#include <gtest/gtest.h>

#include "tests/tools/tools_fixture.h"
#include "tools/plan.h"
#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {
namespace {

using nlohmann::json;
using test::item_titled;
using test::run_tool;

std::string error_of(const std::shared_ptr<const Toolbox>& box, const std::string& tool,
                     const Bus& bus, const json& input, const UserContext& user = {}) {
  try {
    run_tool(box, tool, bus, input, user);
  } catch (const ToolError& e) {
    return e.what();
  }
  return "";
}

// ---------------------------------------------------------------------------

TEST(MakeTool, KnowsTheSixTools) {
  INTEREC_REQUIRE_BOX(box);
  for (ToolKind kind : kAllTools) {
    auto t = make_tool(kind, box);
    ASSERT_TRUE(t) << tool_name(kind);
    EXPECT_EQ(t->kind(), kind);
    EXPECT_EQ(tool_kind(t->name()), kind);
  }
  EXPECT_FALSE(tool_kind("search"));
}

TEST(Lookup, RendersRowsAndLeavesTheBus) {
  INTEREC_REQUIRE_BOX(box);
  Bus bus;
  bus.all = false;
  bus.items = {3, 1, 2};
  auto out = run_tool(box, "lookup", bus,
                      "SELECT title, year FROM items WHERE title = 'Toy Story (1995)'");
  EXPECT_EQ(out.text, "title: Toy Story (1995); year: 1995");
  EXPECT_EQ(out.bus.items, bus.items);
  EXPECT_FALSE(out.bus.all);

  out = run_tool(box, "lookup", Bus{}, json{{"sql", "SELECT title FROM items ORDER BY rowid"}});
  EXPECT_TRUE(out.bus.all);
  const size_t lines = std::count(out.text.begin(), out.text.end(), '\n') + 1;
  EXPECT_EQ(lines, 21u) << out.text;  // 20 rows + the count
  EXPECT_NE(out.text.find("(" + std::to_string(box->dataset->catalog->size() - 20) + " more rows)"),
            std::string::npos);

  out = run_tool(box, "lookup", Bus{}, "SELECT title FROM items WHERE year = 1066");
  EXPECT_EQ(out.text, "no matching items");
}

TEST(Lookup, BadInputAndRefusedSqlAreToolErrors) {
  INTEREC_REQUIRE_BOX(box);
  EXPECT_EQ(error_of(box, "lookup", Bus{}, json{{"query", "x"}}).rfind("lookup: input must be SQL text", 0), 0u);
  EXPECT_EQ(error_of(box, "lookup", Bus{}, 42).rfind("lookup: ", 0), 0u);
  EXPECT_NE(error_of(box, "lookup", Bus{}, "DELETE FROM items"), "");
}

TEST(CandidateStore, NamesBecomeTheBus) {
  INTEREC_REQUIRE_BOX(box);
  const ItemIndex toy = item_titled(*box, "Toy Story (1995)");
  const ItemIndex heat = item_titled(*box, "Heat (1995)");
  auto out = run_tool(box, "candidate_store", Bus{}, "toy story");
  EXPECT_FALSE(out.bus.all);
  EXPECT_EQ(out.bus.items, std::vector<ItemIndex>{toy});
  EXPECT_TRUE(out.bus.scores.empty());
  EXPECT_EQ(out.text, "");

  out = run_tool(box, "candidate_store", Bus{}, json{{"items", {"Heat (1995)", "toy stroy", "Heat", "Zzyzx Qwerty"}}});
  EXPECT_EQ(out.bus.items, (std::vector<ItemIndex>{heat, toy}));  // in order, deduplicated, typo fixed
  EXPECT_EQ(out.text, "not found: Zzyzx Qwerty");

  out = run_tool(box, "candidate_store", Bus{}, json::array({"the usual suspects"}));
  EXPECT_EQ(out.bus.items, std::vector<ItemIndex>{item_titled(*box, "Usual Suspects, The (1995)")});

  out = run_tool(box, "candidate_store", Bus{}, "Toy Story, Heat");  // an LLM's list in one string
  EXPECT_EQ(out.bus.items, (std::vector<ItemIndex>{toy, heat}));
}

TEST(CandidateStore, NothingFoundIsAToolError) {
  INTEREC_REQUIRE_BOX(box);
  EXPECT_EQ(error_of(box, "candidate_store", Bus{}, json::array({"Qwxyz Blorp", "Frobnicator 3000"})),
            "candidate_store: none of these items is in the catalog: Qwxyz Blorp, Frobnicator 3000");
  EXPECT_EQ(error_of(box, "candidate_store", Bus{}, json{{"n", 3}}).rfind("candidate_store: input must be", 0), 0u);
  EXPECT_NE(error_of(box, "candidate_store", Bus{}, json::array({1, 2})), "");
}

TEST(HardFilter, AllBusBecomesTheResultInIndexOrder) {
  INTEREC_REQUIRE_BOX(box);
  auto out = run_tool(box, "hard_filter", Bus{},
                      "SELECT item_id FROM items WHERE genres LIKE '%Animation%' ORDER BY title DESC");
  EXPECT_FALSE(out.bus.all);
  ASSERT_GT(out.bus.items.size(), 20u);
  EXPECT_TRUE(std::is_sorted(out.bus.items.begin(), out.bus.items.end()));
  for (ItemIndex i : out.bus.items) EXPECT_TRUE(test::has_genre(*box, i, "Animation"));
}

TEST(HardFilter, IntersectionKeepsBusOrderAndScores) {
  INTEREC_REQUIRE_BOX(box);
  Bus bus;
  bus.all = false;
  const ItemIndex toy = item_titled(*box, "Toy Story (1995)");
  const ItemIndex heat = item_titled(*box, "Heat (1995)");
  const ItemIndex lion = item_titled(*box, "Lion King, The (1994)");
  const ItemIndex aladdin = item_titled(*box, "Aladdin (1992)");
  bus.items = {lion, heat, aladdin, toy};
  bus.scores = {4, 3, 2, 1};
  auto out = run_tool(box, "hard_filter", bus,
                      json{{"sql", "SELECT item_id FROM items WHERE genres LIKE '%Animation%'"},
                           {"conditions", {{{"label", "animation"}, {"priority", 2}}}}});
  EXPECT_EQ(out.bus.items, (std::vector<ItemIndex>{lion, aladdin, toy}));
  EXPECT_EQ(out.bus.scores, (std::vector<float>{4, 2, 1}));

  out = run_tool(box, "hard_filter", bus, "SELECT item_id FROM items WHERE year = 1066");
  EXPECT_FALSE(out.bus.all);
  EXPECT_TRUE(out.bus.items.empty());
}

TEST(HardFilter, RepeatedQueriesOnOneInstanceGiveTheSameAnswers) {
  // One instance keeps query results; the answers must not change with it.
  INTEREC_REQUIRE_BOX(box);
  auto tool = make_tool(ToolKind::hard_filter, box);
  const Step query = HardFilterStep{"SELECT item_id FROM items WHERE genres LIKE '%Animation%'", {}};
  const auto first = tool->run(Bus{}, query, UserContext{}).bus.items;
  ASSERT_GT(first.size(), 20u);
  EXPECT_EQ(tool->run(Bus{}, query, UserContext{}).bus.items, first);
  Bus bus;
  bus.all = false;
  const ItemIndex heat = item_titled(*box, "Heat (1995)");
  bus.items = {heat, first[3], first[1]};
  EXPECT_EQ(tool->run(bus, query, UserContext{}).bus.items, (std::vector<ItemIndex>{first[3], first[1]}));
  for (int k = 0; k < 2; ++k)  // a refused query is refused every time
    EXPECT_THROW(tool->run(Bus{}, HardFilterStep{"DROP TABLE items", {}}, UserContext{}), ToolError);
  for (int k = 0; k < 300; ++k)  // more distinct queries than are kept
    tool->run(Bus{}, HardFilterStep{"SELECT item_id FROM items WHERE popularity > " + std::to_string(k), {}},
              UserContext{});
  EXPECT_EQ(tool->run(Bus{}, query, UserContext{}).bus.items, first);
}

TEST(HardFilter, RefusedSqlIsAToolErrorAndTheCatalogStaysIntact) {
  INTEREC_REQUIRE_BOX(box);
  const std::string err = error_of(box, "hard_filter", Bus{}, "DROP TABLE items");
  EXPECT_EQ(err.rfind("hard_filter: ", 0), 0u) << err;
  EXPECT_GT(err.size(), std::string("hard_filter: ").size() + 5);
  EXPECT_NE(error_of(box, "hard_filter", Bus{}, "SELECT item_id FROM items; DELETE FROM items"), "");
  EXPECT_NE(error_of(box, "hard_filter", Bus{}, "SELEC item_id FROM items"), "");
  auto out = run_tool(box, "lookup", Bus{}, "SELECT count(*) AS n FROM items");
  EXPECT_EQ(out.text, "n: " + std::to_string(box->dataset->catalog->size()));

  EXPECT_EQ(error_of(box, "hard_filter", Bus{}, json{{"where", "x"}}),
            "hard_filter: input must be SQL text or {\"sql\": \"SELECT item_id FROM items WHERE ...\"}");
  EXPECT_NE(error_of(box, "hard_filter", Bus{}, "SELECT title FROM items").find("item_id"), std::string::npos);
}

TEST(SoftFilter, SimilarToToyStoryFindsKidsFilmsAndDropsTheSeed) {
  INTEREC_REQUIRE_BOX(box);
  const ItemIndex toy = item_titled(*box, "Toy Story (1995)");
  auto out = run_tool(box, "soft_filter", Bus{}, json{{"similar_to", {"Toy Story (1995)"}}});
  ASSERT_GE(out.bus.items.size(), 10u);
  ASSERT_EQ(out.bus.scores.size(), out.bus.items.size());
  EXPECT_LE(out.bus.items.size(), kMaxScoredCandidates);
  EXPECT_EQ(std::find(out.bus.items.begin(), out.bus.items.end(), toy), out.bus.items.end());
  EXPECT_TRUE(std::is_sorted(out.bus.scores.rbegin(), out.bus.scores.rend()));
  for (float s : out.bus.scores) EXPECT_GT(s, 0);
  auto kids = [&](ItemIndex i) {
    return test::has_genre(*box, i, "Animation") || test::has_genre(*box, i, "Children's");
  };
  int top_kids = 0;
  for (size_t k = 0; k < 10; ++k) top_kids += kids(out.bus.items[k]);
  // Base rate over the catalog, for comparison.
  const size_t n = box->dataset->catalog->size();
  size_t all_kids = 0;
  for (size_t i = 0; i < n; ++i) all_kids += kids(static_cast<ItemIndex>(i));
  EXPECT_GE(top_kids, 3) << "base rate " << double(all_kids) / n;
  EXPECT_GT(top_kids / 10.0, 2.0 * all_kids / n);
}

TEST(SoftFilter, RespectsTheBus) {
  INTEREC_REQUIRE_BOX(box);
  auto filtered = run_tool(box, "hard_filter", Bus{}, "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'");
  auto out = run_tool(box, "soft_filter", filtered.bus, json{{"similar_to", "toy story"}});
  ASSERT_FALSE(out.bus.items.empty());
  for (ItemIndex i : out.bus.items) EXPECT_TRUE(test::has_genre(*box, i, "Comedy"));
}

// On a filtered bus the items the seed does not reach follow its
// neighbours: "like X, from the late '90s" is never empty while items
// match (docs/conversation.md). The first of them go by what they share
// with the seed (Toy Story's Animation, Children's, Comedy), then by
// popularity; the rest by popularity at score 0.
TEST(SoftFilter, OnAFilteredBusTheOtherMatchesFollowTheNeighbours) {
  INTEREC_REQUIRE_BOX(box);
  auto filtered = run_tool(box, "hard_filter", Bus{}, "SELECT item_id FROM items WHERE year BETWEEN 1996 AND 1998");
  const ItemIndex seed = item_titled(*box, "Toy Story (1995)");
  auto out = run_tool(box, "soft_filter", filtered.bus, json{{"similar_to", "toy story"}});
  ASSERT_EQ(out.bus.items.size(), filtered.bus.items.size());
  EXPECT_EQ(std::find(out.bus.items.begin(), out.bus.items.end(), seed), out.bus.items.end());
  EXPECT_TRUE(std::is_sorted(out.bus.scores.rbegin(), out.bus.scores.rend()));
  // The neighbours: every item-kNN neighbour of Toy Story on the bus.
  const auto nb = box->item_knn.neighbours(seed);
  size_t neighbours = 0;
  while (neighbours < out.bus.items.size() &&
         std::find(nb.begin(), nb.end(), out.bus.items[neighbours]) != nb.end())
    ++neighbours;
  ASSERT_GT(neighbours, 0u) << "some neighbours of Toy Story are from 1996-98";
  ASSERT_LT(neighbours + SoftFilterTool::kOrderedFill, out.bus.items.size()) << "and many other films are";
  for (size_t k = neighbours; k < out.bus.items.size(); ++k)
    EXPECT_EQ(std::find(nb.begin(), nb.end(), out.bus.items[k]), nb.end());
  // The others sharing a genre with it come first among the ordered ones.
  const size_t ordered_end = neighbours + SoftFilterTool::kOrderedFill;
  EXPECT_GT(out.bus.scores[neighbours], 0.f);
  EXPECT_TRUE(test::has_genre(*box, out.bus.items[neighbours], "Animation") ||
              test::has_genre(*box, out.bus.items[neighbours], "Children's"));
  EXPECT_LT(out.bus.scores[neighbours], out.bus.scores[neighbours - 1]);
  for (size_t k = neighbours + 1; k < ordered_end; ++k) {
    if (out.bus.scores[k - 1] != out.bus.scores[k]) continue;
    EXPECT_GE(tool_util::popularity(*box, out.bus.items[k - 1]), tool_util::popularity(*box, out.bus.items[k]));
  }
  for (size_t k = ordered_end; k < out.bus.items.size(); ++k) EXPECT_EQ(out.bus.scores[k], 0.f);
  for (size_t k = ordered_end + 1; k < out.bus.items.size(); ++k)
    EXPECT_GE(tool_util::popularity(*box, out.bus.items[k - 1]), tool_util::popularity(*box, out.bus.items[k]));
}

TEST(SoftFilter, TextScoresByWordOverlap) {
  INTEREC_REQUIRE_BOX(box);
  auto out = run_tool(box, "soft_filter", Bus{}, json{{"text", "a film-noir thriller"}});
  ASSERT_GE(out.bus.items.size(), 10u);
  // Items with both words come first.
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_TRUE(test::has_genre(*box, out.bus.items[k], "Film-Noir"));
    EXPECT_TRUE(test::has_genre(*box, out.bus.items[k], "Thriller"));
  }
  out = run_tool(box, "soft_filter", Bus{}, json{{"text", "star wars"}});
  ASSERT_FALSE(out.bus.items.empty());
  EXPECT_EQ(box->dataset->catalog->title(out.bus.items[0]), "Star Wars (1977)");

  // Both: Toy Story neighbours that are also about "animation".
  out = run_tool(box, "soft_filter", Bus{}, json{{"similar_to", {"Toy Story"}}, {"text", "animation"}});
  ASSERT_FALSE(out.bus.items.empty());
  EXPECT_TRUE(test::has_genre(*box, out.bus.items[0], "Animation"));
}

TEST(SoftFilter, BadInputsAreToolErrors) {
  INTEREC_REQUIRE_BOX(box);
  EXPECT_EQ(error_of(box, "soft_filter", Bus{}, json{{"similar_to", {"Qwxyz Blorp"}}}),
            "soft_filter: none of these items is in the catalog: Qwxyz Blorp");
  EXPECT_EQ(error_of(box, "soft_filter", Bus{}, "toy story").rfind("soft_filter: input must be", 0), 0u);
  EXPECT_NE(error_of(box, "soft_filter", Bus{}, json{{"text", "qwxyzblorp"}}), "");
  EXPECT_NE(error_of(box, "soft_filter", Bus{}, json{{"similar", {"Toy Story"}}}), "");
}

TEST(Rank, PopularityIsNonIncreasing) {
  INTEREC_REQUIRE_BOX(box);
  auto out = run_tool(box, "rank", Bus{}, json{{"schema", "popularity"}});
  ASSERT_EQ(out.bus.items.size(), box->dataset->catalog->size());
  for (size_t k = 1; k < out.bus.items.size(); ++k)
    ASSERT_GE(box->popularity.score(out.bus.items[k - 1]), box->popularity.score(out.bus.items[k]));
  EXPECT_EQ(box->dataset->catalog->title(out.bus.items[0]), "Star Wars (1977)");
}

TEST(Rank, SoftValuesMoveItemsWithoutDroppingAny) {
  // The tiny catalog (tests/data/tiny): tags "slapstick" on 26 films.
  const auto box = Toolbox::open(test::tiny());
  const Catalog& c = *box->dataset->catalog;
  const size_t tags = *c.column_index("tags");
  auto slapstick = [&](ItemIndex i) {
    const auto& v = c.values(tags, i);
    return std::find(v.begin(), v.end(), "slapstick") != v.end();
  };
  const auto plain = run_tool(box, "rank", Bus{}, {{"schema", "popularity"}}).bus.items;
  const auto up = run_tool(box, "rank", Bus{},
                           {{"schema", "popularity"},
                            {"soft", {{{"column", "tags"}, {"value", "slapstick"}, {"weight", 1.0}}}}})
                      .bus.items;
  const auto down = run_tool(box, "rank", Bus{},
                             {{"schema", "popularity"},
                              {"soft", {{{"column", "tags"}, {"value", "slapstick"}, {"weight", -1.0}},
                                        {{"column", "nope"}, {"value", "x"}, {"weight", 1.0}}}}})
                        .bus.items;
  ASSERT_EQ(up.size(), plain.size());  // nothing leaves the list
  ASSERT_EQ(down.size(), plain.size());
  auto in_top = [&](const std::vector<ItemIndex>& list) {
    return std::count_if(list.begin(), list.begin() + 10, slapstick);
  };
  EXPECT_GT(in_top(up), in_top(plain));
  EXPECT_LE(in_top(down), in_top(plain));
  EXPECT_TRUE(slapstick(up.front()));
  EXPECT_FALSE(slapstick(down.front()));
}

TEST(Rank, SimilarityUsesBusScoresAndUnwantedIsRemoved) {
  INTEREC_REQUIRE_BOX(box);
  Bus bus;
  bus.all = false;
  const ItemIndex toy = item_titled(*box, "Toy Story (1995)");
  const ItemIndex heat = item_titled(*box, "Heat (1995)");
  const ItemIndex fargo = item_titled(*box, "Fargo (1996)");
  bus.items = {toy, heat, fargo};
  bus.scores = {0.1f, 0.9f, 0.5f};
  auto out = run_tool(box, "rank", bus, json{{"schema", "similarity"}, {"unwanted", {"Fargo"}}});
  EXPECT_EQ(out.bus.items, (std::vector<ItemIndex>{heat, toy}));

  bus.scores.clear();  // unscored: popularity
  out = run_tool(box, "rank", bus, json{{"schema", "similarity"}});
  for (size_t k = 1; k < out.bus.items.size(); ++k)
    EXPECT_GE(box->popularity.score(out.bus.items[k - 1]), box->popularity.score(out.bus.items[k]));

  EXPECT_NE(error_of(box, "rank", bus, json{{"schema", "magic"}}).find("unknown schema"), std::string::npos);
  EXPECT_EQ(error_of(box, "rank", bus, "popularity").rfind("rank: input must be", 0), 0u);
}

TEST(Rank, PreferenceWithoutProfileIsPopularity) {
  INTEREC_REQUIRE_BOX(box);
  auto pref = run_tool(box, "rank", Bus{}, json::object());
  auto pop = run_tool(box, "rank", Bus{}, json{{"schema", "popularity"}});
  EXPECT_EQ(pref.bus.items, pop.bus.items);
}

TEST(Rank, PreferFavoursSimilarItems) {
  INTEREC_REQUIRE_BOX(box);
  const ItemIndex aladdin = item_titled(*box, "Aladdin (1992)");
  auto out = run_tool(box, "rank", Bus{}, json{{"prefer", {"Aladdin (1992)"}}});
  // First: the trained model's best item for someone who liked Aladdin (not
  // Aladdin itself), or without a model its nearest kNN neighbour.
  ItemIndex expect = -1;
  if (const Recommender* model = box->preference_model()) {
    std::vector<float> scores;
    model->score({aladdin}, scores);
    scores[aladdin] = -1e30f;
    expect = static_cast<ItemIndex>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  } else {
    ASSERT_FALSE(box->item_knn.neighbours(aladdin).empty());
    expect = box->item_knn.neighbours(aladdin)[0];
  }
  EXPECT_EQ(out.bus.items[0], expect);
  EXPECT_NE(out.bus.items[0], aladdin);
  int kids = 0;
  for (size_t k = 0; k < 10; ++k)
    kids += test::has_genre(*box, out.bus.items[k], "Animation") ||
            test::has_genre(*box, out.bus.items[k], "Children's");
  EXPECT_GE(kids, 2);
}

// Preference from a user's earlier items ranks their later items higher than
// popularity does (recall of the held-out items in the top 50).
TEST(Rank, PreferenceBeatsPopularityOnHeldOutItems) {
  INTEREC_REQUIRE_BOX(box);
  const Interactions& inter = box->dataset->interactions;
  auto rank = make_tool(ToolKind::rank, box);
  double pref_hits = 0, pop_hits = 0;
  int users = 0;
  const auto pop = run_tool(box, "rank", Bus{}, json{{"schema", "popularity"}});
  for (UserIndex u = 0; u < static_cast<UserIndex>(inter.users()) && users < 50; u += 7) {
    const auto items = inter.items(u);
    if (items.size() < 30) continue;
    const size_t cut = items.size() * 4 / 5;
    UserContext user;
    user.history.assign(items.begin(), items.begin() + cut);
    const std::set<ItemIndex> later(items.begin() + cut, items.end());
    const std::unordered_set<ItemIndex> seen(user.history.begin(), user.history.end());
    const auto out = rank->run(Bus{}, RankStep{RankSchema::preference, {}, {}, {}}, user);
    auto hits = [&](const std::vector<ItemIndex>& ranked) {
      int h = 0, taken = 0;
      for (ItemIndex i : ranked) {
        if (seen.count(i)) continue;
        if (++taken > 50) break;
        h += later.count(i) > 0;
      }
      return static_cast<double>(h) / later.size();
    };
    pref_hits += hits(out.bus.items);
    pop_hits += hits(pop.bus.items);
    ++users;
  }
  ASSERT_GE(users, 30);
  std::cout << "[ rank ] recall@50 preference " << pref_hits / users << " vs popularity "
            << pop_hits / users << " over " << users << " users\n";
  EXPECT_GT(pref_hits, pop_hits * 1.1);
}

TEST(Map, TakesTopNSkippingSeenDislikedAndShown) {
  INTEREC_REQUIRE_BOX(box);
  const auto pop = run_tool(box, "rank", Bus{}, json{{"schema", "popularity"}}).bus.items;
  UserContext user;
  user.history = {pop[0], pop[2]};
  user.disliked = {pop[3]};
  user.shown = {pop[5]};
  auto out = run_tool(box, "map", Bus{}, json{{"n", 3}}, user);  // unscored all: popularity
  EXPECT_EQ(out.picked, (std::vector<ItemIndex>{pop[1], pop[4], pop[6]}));
  EXPECT_EQ(out.bus.items, out.picked);
  EXPECT_FALSE(out.bus.all);

  out = run_tool(box, "map", Bus{}, json{{"n", 3}, {"exclude_seen", false}}, user);
  EXPECT_EQ(out.picked, (std::vector<ItemIndex>{pop[0], pop[1], pop[2]}));

  out = run_tool(box, "map", Bus{}, json::object(), user);
  EXPECT_EQ(out.picked.size(), 5u);
  out = run_tool(box, "map", Bus{}, json{{"n", 1000}});
  EXPECT_EQ(out.picked.size(), 100u);
  out = run_tool(box, "map", Bus{}, json{{"n", 0}});
  EXPECT_EQ(out.picked.size(), 1u);
  EXPECT_EQ(error_of(box, "map", Bus{}, json{{"n", "five"}}), "map: \"n\" must be a number");
  EXPECT_EQ(error_of(box, "map", Bus{}, "5").rfind("map: input must be", 0), 0u);
}

TEST(Map, KeepsAScoredBusOrderAndSkipsDislikedValues) {
  INTEREC_REQUIRE_BOX(box);
  auto sims = run_tool(box, "soft_filter", Bus{}, json{{"similar_to", {"Toy Story (1995)"}}});
  auto out = run_tool(box, "map", sims.bus, json{{"n", 4}});
  EXPECT_EQ(out.picked, std::vector<ItemIndex>(sims.bus.items.begin(), sims.bus.items.begin() + 4));
  EXPECT_EQ(out.bus.scores, std::vector<float>(sims.bus.scores.begin(), sims.bus.scores.begin() + 4));

  UserContext user;
  user.disliked_values = {"genres=Animation", "nonsense", "nocolumn=x"};
  out = run_tool(box, "map", sims.bus, json{{"n", 10}}, user);
  ASSERT_EQ(out.picked.size(), 10u);
  for (ItemIndex i : out.picked) EXPECT_FALSE(test::has_genre(*box, i, "Animation"));
}

// ML-100K holds "Chasing Amy (1997)" under two ids: a list shows the title
// once; what the user has is skipped by id, so the other id may follow.
TEST(Map, ShowsATitleOncePerList) {
  INTEREC_REQUIRE_BOX(box);
  const Catalog& catalog = *box->dataset->catalog;
  std::vector<ItemIndex> twins;
  for (size_t i = 0; i < catalog.size(); ++i)
    if (catalog.title(static_cast<ItemIndex>(i)) == "Chasing Amy (1997)") twins.push_back(static_cast<ItemIndex>(i));
  ASSERT_EQ(twins.size(), 2u);
  const auto pop = run_tool(box, "rank", Bus{}, json{{"schema", "popularity"}}).bus.items;
  Bus bus;
  bus.all = false;
  bus.items = {twins[0], pop[0], twins[1], pop[1]};
  auto out = run_tool(box, "map", bus, json{{"n", 4}});
  ASSERT_EQ(out.picked.size(), 3u);
  EXPECT_EQ(std::count_if(out.picked.begin(), out.picked.end(),
                          [&](ItemIndex i) { return catalog.title(i) == "Chasing Amy (1997)"; }),
            1);
  UserContext user;
  user.history = {twins[0]};
  out = run_tool(box, "map", bus, json{{"n", 4}}, user);
  EXPECT_EQ(out.picked.size(), 3u);
  EXPECT_NE(std::find(out.picked.begin(), out.picked.end(), twins[1]), out.picked.end());
}

TEST(Tools, AFullPlanNarrowsTheBus) {
  INTEREC_REQUIRE_BOX(box);
  Bus bus;
  bus = run_tool(box, "hard_filter", bus,
                 "SELECT item_id FROM items WHERE genres LIKE '%Comedy%' AND year BETWEEN 1990 AND 1999").bus;
  bus = run_tool(box, "soft_filter", bus, json{{"similar_to", {"Toy Story (1995)"}}}).bus;
  bus = run_tool(box, "rank", bus, json{{"schema", "preference"}, {"prefer", {"Heat (1995)"}}, {"unwanted", json::array()}}).bus;
  auto out = run_tool(box, "map", bus, json{{"n", 5}});
  ASSERT_EQ(out.picked.size(), 5u);
  const auto year = box->dataset->catalog->column_index("year");
  ASSERT_TRUE(year);
  for (ItemIndex i : out.picked) {
    EXPECT_TRUE(test::has_genre(*box, i, "Comedy"));
    const double y = box->dataset->catalog->number(*year, i);
    EXPECT_GE(y, 1990);
    EXPECT_LE(y, 1999);
  }
}

}  // namespace
}  // namespace interec

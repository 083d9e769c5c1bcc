// A seed's neighbours by the text model (tools/text_neighbours.h): with the
// index they are what the exact scan finds, over the whole catalog (reading
// every list) and on a bus (the 8-bit codes' exact top-k among the bus,
// whatever the index reads), only items of the bus; and soft_filter gives a
// seed item-kNN knows nothing about (no interactions) those neighbours
// instead of nothing.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/test_data.h"
#include "tests/tools/tools_fixture.h"
#include "tools/models/vector_index.h"
#include "tools/tool_impls.h"
#include "tools/text_neighbours.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

std::vector<int32_t> neighbour_ids(const std::vector<Scored>& found) {
  std::vector<int32_t> out;
  for (const Scored& s : found) out.push_back(s.index);
  return out;
}

// The tiny catalog with a toolbox whose index reads `probes` of 16 lists.
std::shared_ptr<Toolbox> tiny_with_index(size_t probes) {
  auto box = std::make_shared<Toolbox>(*Toolbox::open(test::tiny()));
  VectorIndexOptions o;
  o.lists = 16;
  o.probes = probes;
  box->text_index = std::make_shared<const VectorIndex>(
      VectorIndex::build(box->text->item_vectors(), box->text->items(), box->text->dim(), o));
  return box;
}

TEST(TextNeighbours, WithTheIndexReadingEveryListTheyAreTheExactOnes) {
  const auto indexed = tiny_with_index(16);
  Toolbox exact = *indexed;
  exact.text_index.reset();
  const size_t n = exact.dataset->catalog->size();
  // A bus of every third item, and one of five items.
  std::vector<ItemIndex> third, five = {3, 40, 41, 200, 250};
  for (size_t i = 0; i < n; i += 3) third.push_back(static_cast<ItemIndex>(i));
  for (const auto* items : {&third, &five}) {
    std::vector<char> on(n, 0);
    for (ItemIndex i : *items) on[i] = 1;
    for (ItemIndex seed : {0, 1, 42, 150, 299}) {
      const auto a = text_neighbours(*indexed, seed, 10), b = text_neighbours(exact, seed, 10);
      ASSERT_FALSE(b.empty()) << "seed " << seed;
      EXPECT_EQ(neighbour_ids(a), neighbour_ids(b)) << "seed " << seed;
      const auto c = text_neighbours(*indexed, seed, 10, items), d = text_neighbours(exact, seed, 10, items);
      EXPECT_EQ(neighbour_ids(c), neighbour_ids(d)) << "seed " << seed << ", bus of " << items->size();
      for (const Scored& s : d) {
        EXPECT_NE(s.index, seed);
        EXPECT_TRUE(on[s.index]) << s.index << " is not on the bus";
      }
    }
  }
}

TEST(TextNeighbours, OnABusTheyAreExactWhateverTheIndexReads) {
  const auto indexed = tiny_with_index(1);
  Toolbox exact = *indexed;
  exact.text_index.reset();
  const size_t n = exact.dataset->catalog->size();
  std::vector<ItemIndex> items;
  for (size_t i = 1; i < n; i += 7) items.push_back(static_cast<ItemIndex>(i));
  std::vector<char> on(n, 0);
  for (ItemIndex i : items) on[i] = 1;
  for (ItemIndex seed : {0, 8, 99}) {
    const auto a = text_neighbours(*indexed, seed, 30, &items), b = text_neighbours(exact, seed, 30, &items);
    ASSERT_FALSE(b.empty()) << "seed " << seed;
    EXPECT_EQ(neighbour_ids(a), neighbour_ids(b)) << "seed " << seed;
    for (const Scored& s : a) EXPECT_TRUE(on[s.index]) << s.index << " is not on the bus";
  }
}

TEST(TextNeighbours, SoftFilterGivesASeedWithoutInteractionsItsTextNeighbours) {
  // The tiny catalog without any interaction of t003: item-kNN has no neighbours for it.
  const std::string src = test::scratch_dir("text-neighbours-source");
  fs::copy(test::tiny_source() + "/items.csv", src + "/items.csv");
  fs::copy(test::tiny_source() + "/columns.json", src + "/columns.json");
  {
    std::ifstream in(test::tiny_source() + "/interactions.csv");
    std::ofstream out(src + "/interactions.csv");
    for (std::string line; std::getline(in, line);)
      if (line.find(",t003,") == std::string::npos) out << line << "\n";
  }
  const auto box = Toolbox::open(test::prepare_into(src, test::scratch_dir("text-neighbours")));
  const auto found = box->dataset->catalog->find("t003");
  ASSERT_TRUE(found.has_value());
  const ItemIndex seed = *found;
  ASSERT_TRUE(box->item_knn.neighbours(seed).empty());
  const auto expected = text_neighbours(*box, seed, SoftFilterTool::kTextNeighbours);
  ASSERT_FALSE(expected.empty());
  const std::string title(box->dataset->catalog->title(seed));
  const ToolOutput out = test::run_tool(box, "soft_filter", Bus{}, nlohmann::json{{"similar_to", {title}}});
  const std::set<int32_t> got(out.bus.items.begin(), out.bus.items.end());
  const auto want = neighbour_ids(expected);
  EXPECT_EQ(got, std::set<int32_t>(want.begin(), want.end()));
  EXPECT_FALSE(got.count(seed));
}

}  // namespace
}  // namespace interec

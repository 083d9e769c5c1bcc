#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_data.h"
#include "tests/tools/tools_fixture.h"
#include "tools/models/item_knn.h"
#include "tools/models/model_file.h"
#include "tools/models/popularity.h"

namespace interec {
namespace {

Interactions small_interactions() {
  // u1: 0 1 2, u2: 0 1, u3: 1 2 (2 twice), u4: 3
  std::vector<Interactions::Row> rows = {
      {"u1", 0, 5, 1}, {"u1", 1, 4, 2}, {"u1", 2, 3, 3}, {"u2", 0, 5, 1}, {"u2", 1, 2, 2},
      {"u3", 1, 1, 1}, {"u3", 2, 1, 2}, {"u3", 2, 1, 3}, {"u4", 3, 1, 1}};
  return Interactions::build(std::move(rows));
}

TEST(Popularity, CountsInteractions) {
  const Popularity p = Popularity::train(small_interactions(), 5);
  ASSERT_EQ(p.counts.size(), 5u);
  EXPECT_EQ(p.score(0), 2);
  EXPECT_EQ(p.score(1), 3);
  EXPECT_EQ(p.score(2), 3);
  EXPECT_EQ(p.score(3), 1);
  EXPECT_EQ(p.score(4), 0);
}

TEST(ItemKnn, CosineOverBinaryUserVectors) {
  ItemKnnOptions o;
  o.min_common = 1;
  const ItemKnn m = ItemKnn::train(small_interactions(), 5, o);
  ASSERT_EQ(m.items(), 5u);
  // item 1: users {u1,u2,u3}; item 0: {u1,u2}; item 2: {u1,u3} (binary).
  ASSERT_EQ(m.neighbours(1).size(), 2u);
  EXPECT_EQ(m.neighbours(1)[0], 0);  // tie broken by index
  EXPECT_EQ(m.neighbours(1)[1], 2);
  EXPECT_NEAR(m.similarities(1)[0], 2 / std::sqrt(6.0), 1e-6);
  ASSERT_EQ(m.neighbours(0).size(), 2u);
  EXPECT_EQ(m.neighbours(0)[0], 1);
  EXPECT_NEAR(m.similarities(0)[1], 0.5, 1e-6);  // 0~2: one common user of 2 and 2
  EXPECT_TRUE(m.neighbours(3).empty());
  EXPECT_TRUE(m.neighbours(4).empty());

  const ItemKnn strict = ItemKnn::train(small_interactions(), 5);  // min_common 2
  ASSERT_EQ(strict.neighbours(0).size(), 1u);
  EXPECT_EQ(strict.neighbours(0)[0], 1);
}

TEST(ItemKnn, KeepsAtMostKNeighbours) {
  ItemKnnOptions o;
  o.min_common = 1;
  o.neighbours = 1;
  const ItemKnn m = ItemKnn::train(small_interactions(), 5, o);
  for (ItemIndex i = 0; i < 5; ++i) EXPECT_LE(m.neighbours(i).size(), 1u);
}

class ItemKnnFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir("item_knn_file");
    path_ = dir_ + "/item_knn.bin";
    ItemKnnOptions o;
    o.min_common = 1;
    model_ = ItemKnn::train(small_interactions(), 5, o);
    model_.save(path_, 1234);
  }
  std::string dir_, path_;
  ItemKnn model_;
};

TEST_F(ItemKnnFile, RoundTrips) {
  const ItemKnn back = ItemKnn::load(path_, 1234);
  ASSERT_EQ(back.items(), model_.items());
  for (ItemIndex i = 0; i < 5; ++i) {
    ASSERT_EQ(back.neighbours(i).size(), model_.neighbours(i).size());
    for (size_t k = 0; k < back.neighbours(i).size(); ++k) {
      EXPECT_EQ(back.neighbours(i)[k], model_.neighbours(i)[k]);
      EXPECT_EQ(back.similarities(i)[k], model_.similarities(i)[k]);
    }
  }
  EXPECT_NO_THROW(ItemKnn::load(path_, 0));  // 0 skips the fingerprint check
}

void expect_load_error(const std::string& path, uint64_t fp, const std::string& fragment) {
  try {
    ItemKnn::load(path, fp);
    ADD_FAILURE() << "no ModelError";
  } catch (const ModelError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  }
}

TEST_F(ItemKnnFile, FingerprintMismatchIsAModelError) {
  expect_load_error(path_, 999, "fingerprint");
}

TEST_F(ItemKnnFile, MissingFileIsAModelError) {
  expect_load_error(dir_ + "/nope.bin", 0, "missing");
}

TEST_F(ItemKnnFile, TruncatedFilesAreModelErrors) {
  const auto size = std::filesystem::file_size(path_);
  for (uintmax_t keep : {uintmax_t{0}, uintmax_t{5}, uintmax_t{20}, size / 2, size - 1}) {
    const std::string cut = dir_ + "/cut.bin";
    std::filesystem::copy_file(path_, cut, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, keep);
    EXPECT_THROW(ItemKnn::load(cut, 1234), ModelError) << "kept " << keep << " bytes";
  }
}

TEST_F(ItemKnnFile, CorruptBytesAreModelErrors) {
  const auto size = std::filesystem::file_size(path_);
  std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(size - 12));  // inside the similarities
  f.put('\x7f');
  f.close();
  expect_load_error(path_, 1234, "corrupt");

  std::ofstream(dir_ + "/junk.bin") << "definitely not a model file";
  expect_load_error(dir_ + "/junk.bin", 0, "magic");
}

TEST_F(ItemKnnFile, ForeignKindIsAModelError) {
  std::ofstream out(dir_ + "/pop.bin", std::ios::binary);
  write_model_header(out, ModelHeader{"popularity", 1, 1234, "{}"});
  out.close();
  expect_load_error(dir_ + "/pop.bin", 1234, "popularity");
}

TEST(ModelParams, WhatAModelCannotReadIsACorruptParametersError) {
  const ModelHeader h{"item_knn", 1, 0, R"({"neighbours": 20, "min_common": "two"})"};
  size_t neighbours = 0;
  read_model_params(h, "m.bin", [&](const nlohmann::json& p) { neighbours = p.at("neighbours").get<size_t>(); });
  EXPECT_EQ(neighbours, 20u);
  for (const char* bad : {R"({"neighbours": 20})", R"({"neighbours": 20, "min_common": "two"})", "{not json"}) {
    try {
      read_model_params(ModelHeader{"item_knn", 1, 0, bad}, "m.bin", [](const nlohmann::json& p) {
        p.at("neighbours").get<size_t>();
        p.at("min_common").get<size_t>();
      });
      ADD_FAILURE() << "no ModelError for " << bad;
    } catch (const ModelError& e) {
      EXPECT_EQ(std::string(e.what()), "m.bin: corrupt item_knn parameters") << bad;
    }
  }
}

TEST(DatasetFingerprint, ChangesWithTheData) {
  const Interactions a = small_interactions();
  EXPECT_EQ(dataset_fingerprint(a, 5), dataset_fingerprint(small_interactions(), 5));
  EXPECT_NE(dataset_fingerprint(a, 5), dataset_fingerprint(a, 6));
  std::vector<Interactions::Row> rows = {{"u1", 0, 5, 1}, {"u1", 2, 4, 2}};
  EXPECT_NE(dataset_fingerprint(Interactions::build(rows), 5), dataset_fingerprint(a, 5));
}

// Training speed: bench/hot_paths_bench --source (docs/performance.md).
TEST(ItemKnn, TrainsMl100kSensibly) {
  INTEREC_REQUIRE_BOX(box);
  const Dataset& ds = *box->dataset;
  const ItemKnn m = ItemKnn::train(ds.interactions, ds.catalog->size());
  ASSERT_EQ(m.items(), ds.catalog->size());
  // The shipped model is the same (deterministic training).
  ASSERT_EQ(box->item_knn.items(), m.items());
  for (ItemIndex i = 0; i < static_cast<ItemIndex>(m.items()); i += 97) {
    ASSERT_EQ(m.neighbours(i).size(), box->item_knn.neighbours(i).size());
    for (size_t k = 0; k < m.neighbours(i).size(); ++k)
      EXPECT_EQ(m.neighbours(i)[k], box->item_knn.neighbours(i)[k]);
  }
  // Sorted, in (0, 1], never itself.
  for (ItemIndex i = 0; i < static_cast<ItemIndex>(m.items()); ++i) {
    const auto nb = m.neighbours(i);
    const auto sim = m.similarities(i);
    EXPECT_LE(nb.size(), 100u);
    for (size_t k = 0; k < nb.size(); ++k) {
      EXPECT_NE(nb[k], i);
      EXPECT_GT(sim[k], 0.0f);
      EXPECT_LE(sim[k], 1.0001f);
      if (k) {
        EXPECT_GE(sim[k - 1], sim[k]);
      }
    }
  }
  // Star Wars' nearest neighbours include the other original trilogy films.
  const ItemIndex star_wars = test::item_titled(*box, "Star Wars (1977)");
  const ItemIndex empire = test::item_titled(*box, "Empire Strikes Back, The (1980)");
  const ItemIndex jedi = test::item_titled(*box, "Return of the Jedi (1983)");
  const auto nb = m.neighbours(star_wars);
  std::vector<ItemIndex> top(nb.begin(), nb.begin() + std::min<size_t>(5, nb.size()));
  EXPECT_NE(std::find(top.begin(), top.end(), empire), top.end());
  EXPECT_NE(std::find(top.begin(), top.end(), jedi), top.end());
}

TEST(Toolbox, OpenRejectsAForeignModel) {
  INTEREC_REQUIRE_BOX(box);
  // A copy of the prepared folder whose model belongs to other data.
  const std::string dir = test::scratch_dir("toolbox_foreign");
  namespace fs = std::filesystem;
  fs::copy(box->dataset->dir, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  ItemKnnOptions o;
  o.min_common = 1;
  ItemKnn::train(small_interactions(), 5, o).save(dir + "/models/item_knn.bin", 42);
  try {
    Toolbox::open(dir);
    ADD_FAILURE() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("item_knn.bin"), std::string::npos) << e.what();
  }
  fs::remove(dir + "/models/item_knn.bin");
  EXPECT_THROW(Toolbox::open(dir), ModelError);
}

}  // namespace
}  // namespace interec

namespace interec {
namespace {

TEST(ItemKnn, TrainsMlLatestSmall) {
  const std::string dir = test::prepared("ml-latest-small");
  if (dir.empty()) GTEST_SKIP() << "../shared/data/ml-latest-small is absent: this test needs it";
  auto ds = Dataset::open(dir);
  const ItemKnn m = ItemKnn::train(ds->interactions, ds->catalog->size());
  EXPECT_EQ(m.items(), ds->catalog->size());
}

}  // namespace
}  // namespace interec

// The popularity prior of `rank`: chosen on a validation split of real
// interactions (ML-100K), stored beside the models, used by rank.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <gtest/gtest.h>

#include "tests/tools/tools_fixture.h"
#include "tools/eval/split.h"
#include "tools/models/item_knn.h"
#include "tools/models/model_file.h"
#include "tools/models/popularity_blend.h"

namespace interec {
namespace {

// Scores that know nothing about the user or the items.
class NoiseModel final : public Recommender {
 public:
  void score(const std::vector<ItemIndex>&, std::vector<float>& scores) const override {
    scores.resize(n_);
    for (size_t i = 0; i < n_; ++i) scores[i] = static_cast<float>((i * 2654435761u) % 1000);
  }
  explicit NoiseModel(size_t n) : n_(n) {}

 private:
  size_t n_;
};

TEST(PopularityBlend, UninformativeModelGetsAStrongPrior) {
  INTEREC_REQUIRE_BOX(box);
  const size_t n = box->dataset->catalog->size();
  const LeaveOneOut split = LeaveOneOut::split(box->dataset->interactions);
  const Popularity counts = Popularity::train(split.train, n);
  const PopularityBlend b = choose_popularity_blend(NoiseModel(n), "noise", split, counts.counts, n);
  EXPECT_EQ(b.model, "noise");
  EXPECT_EQ(b.validation_users, std::min<size_t>(2000, split.cases.size()));
  ASSERT_EQ(b.tried.size(), std::size(kPopularityBlendWeights));
  EXPECT_GE(b.weight, 1.0);
  // Noise alone hits about k / n of the time (0.6%); with popularity ~6%.
  EXPECT_LT(b.tried.front().second, 0.02);
  const auto chosen = std::find_if(b.tried.begin(), b.tried.end(), [&](const auto& t) { return t.first == b.weight; });
  ASSERT_NE(chosen, b.tried.end());
  EXPECT_GT(chosen->second, 0.04);
  EXPECT_GT(chosen->second, 4 * b.tried.front().second);
}

TEST(PopularityBlend, WeightMakesNoDifferenceForPopularityItself) {
  INTEREC_REQUIRE_BOX(box);
  const size_t n = box->dataset->catalog->size();
  const LeaveOneOut split = LeaveOneOut::split(box->dataset->interactions);
  const Popularity counts = Popularity::train(split.train, n);
  const PopularityBlend b = choose_popularity_blend(counts, "popularity", split, counts.counts, n);
  // Every weight orders the items alike: the smallest one is kept.
  EXPECT_EQ(b.weight, 0.0);
  for (const auto& [w, hr] : b.tried) EXPECT_NEAR(hr, b.tried.front().second, 1e-12) << "weight " << w;
}

TEST(PopularityBlend, MfOnMovieLensNeedsLittleOrNoPrior) {
  INTEREC_REQUIRE_BOX(box);
  const PopularityBlend b = calibrate_mf_blend(box->dataset->interactions, box->dataset->catalog->size());
  EXPECT_EQ(b.model, "mf");
  // Dense ratings: the factor model beats popularity, so the prior stays small.
  EXPECT_LE(b.weight, 0.5);
  EXPECT_GT(b.tried.front().second, b.tried.back().second);
}

TEST(PopularityBlend, SavedAndLoadedForItsDataOnly) {
  const std::string dir = test::scratch_dir("popularity_blend");
  const std::string path = dir + "/blend.json";
  PopularityBlend b;
  b.model = "mf";
  b.weight = 2;
  b.tried = {{0, 0.1}, {2, 0.2}};
  b.validation_users = 7;
  b.save(path, 1234);
  const PopularityBlend back = PopularityBlend::load(path, 1234);
  EXPECT_EQ(back.model, "mf");
  EXPECT_EQ(back.weight, 2);
  EXPECT_EQ(back.tried, b.tried);
  EXPECT_EQ(back.validation_users, 7u);
  EXPECT_EQ(back.weight_for("mf"), 2);
  EXPECT_EQ(back.weight_for("sasrec"), 0);  // chosen for another model
  try {
    PopularityBlend::load(path, 999);
    FAIL() << "loaded a blend made for other data";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("other data"), std::string::npos) << e.what();
  }
  std::ofstream(path) << "{\"format\": \"interec.popularity_blend\", \"version\": 1, \"fingerprint\": \"1234\", "
                         "\"model\": \"mf\", \"weight\": -3}";
  EXPECT_THROW(PopularityBlend::load(path, 1234), ModelError);
  std::ofstream(path) << "{\"format\": \"interec.popularity_blend\", \"version\": 1, \"fingerprint\": \"1234\", "
                         "\"model\": \"mf\", \"weight\": 1, \"validation_users\": \"many\"}";
  try {
    PopularityBlend::load(path, 1234);
    FAIL() << "loaded a field of the wrong type";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  std::ofstream(path) << "not json";
  EXPECT_THROW(PopularityBlend::load(path, 1234), ModelError);
}

// Mean interaction count of the first 10 items rank puts first for a user.
double top_popularity(const std::shared_ptr<const Toolbox>& box, const UserContext& user) {
  const ToolOutput out = test::run_tool(box, "rank", Bus{}, {{"schema", "preference"}}, user);
  double sum = 0;
  for (size_t k = 0; k < 10 && k < out.bus.items.size(); ++k) sum += box->popularity.counts[out.bus.items[k]];
  return sum / 10;
}

TEST(PopularityBlend, RankAddsThePriorBesideTheModelItWasChosenFor) {
  INTEREC_REQUIRE_BOX(box);
  ASSERT_TRUE(box->mf) << "prepare trains mf";
  UserContext user;
  const Interactions& in = box->dataset->interactions;
  // A user with obscure tastes: the 30 least popular items they rated.
  const auto items = in.items(static_cast<UserIndex>(12));
  user.history.assign(items.begin(), items.end());
  std::sort(user.history.begin(), user.history.end(),
            [&](ItemIndex a, ItemIndex b) { return box->popularity.counts[a] < box->popularity.counts[b]; });
  user.history.resize(std::min<size_t>(30, user.history.size()));

  auto with = [&](const std::string& model, double weight) {
    auto copy = std::make_shared<Toolbox>(*box);
    copy->popularity_blend.model = model;
    copy->popularity_blend.weight = weight;
    return std::shared_ptr<const Toolbox>(copy);
  };
  const double plain = top_popularity(with("mf", 0), user);
  const double blended = top_popularity(with("mf", 8), user);
  EXPECT_GT(blended, 1.5 * plain) << "plain " << plain << ", blended " << blended;
  // A weight chosen for another model is not applied.
  EXPECT_DOUBLE_EQ(top_popularity(with("sasrec", 8), user), plain);
}

}  // namespace
}  // namespace interec

// The trained models on real data (ML-100K): each beats popularity on the
// validation items, their item vectors make sense, and `rank` uses the best
// one that was trained.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/tools/tools_fixture.h"
#include "tools/eval/evaluate.h"
#include "tools/models/model_paths.h"
#include "tools/models/recommenders.h"
#include "tools/models/text_model.h"

namespace interec {
namespace {

// Small and fast: the full-size numbers come from `interec eval offline`.
ModelOptions quick_options() {
  ModelOptions o;
  o.sasrec.dim = 32;
  o.sasrec.blocks = 1;
  o.sasrec.max_len = 50;
  o.sasrec.epochs = 6;
  o.sasrec.batch = 32;
  o.sasrec.lr = 3e-3f;
  o.sasrec.threads = 2;
  o.mf.threads = 2;
  return o;
}

TEST(Recommenders, EachBeatsPopularityOnMl100kValidation) {
  INTEREC_REQUIRE_BOX(box);
  const size_t n = box->dataset->catalog->size();
  const LeaveOneOut split = LeaveOneOut::split(box->dataset->interactions);
  EvalOptions eo;
  eo.target = EvalOptions::Target::validation;
  eo.threads = 2;
  const ModelOptions mo = quick_options();
  std::map<std::string, EvalResult> results;
  for (const std::string& name : recommender_names()) {
    results[name] = evaluate(*train_recommender(name, split.train, n, mo), split, n, eo);
    std::cout << "[ " << name << " ] ML-100K validation NDCG@10 " << results[name].ndcg << ", sampled HR@10 "
              << results[name].hr_sampled << "\n";
  }
  const EvalResult& pop = results["popularity"];
  EXPECT_GT(pop.ndcg, 0.01);  // popularity is a real baseline, not zero
  for (const char* name : {"itemcf", "mf", "sasrec"}) {
    EXPECT_GT(results[name].ndcg, 1.2 * pop.ndcg) << name;
    EXPECT_GT(results[name].hr_sampled, pop.hr_sampled) << name;
  }
}

TEST(Recommenders, MfItemVectorsServeSimilarity) {
  INTEREC_REQUIRE_BOX(box);
  ASSERT_TRUE(box->mf) << "prepare trains mf";
  const ItemIndex star_wars = test::item_titled(*box, "Star Wars (1977)");
  const ItemIndex empire = test::item_titled(*box, "Empire Strikes Back, The (1980)");
  const ItemIndex jedi = test::item_titled(*box, "Return of the Jedi (1983)");
  const auto top = box->mf->similar(star_wars, 10);
  ASSERT_EQ(top.size(), 10u);
  std::vector<ItemIndex> ids;
  for (const Scored& s : top) ids.push_back(s.index);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), star_wars), 0);
  EXPECT_TRUE(std::count(ids.begin(), ids.end(), empire) || std::count(ids.begin(), ids.end(), jedi));
}

TEST(Recommenders, TextModelFindsItemsByTheirWords) {
  INTEREC_REQUIRE_BOX(box);
  ASSERT_TRUE(box->text) << "prepare trains text";
  std::vector<float> scores;
  ASSERT_TRUE(box->text->score("star wars", scores));
  const auto top = top_k(scores.data(), scores.size(), 5);
  const ItemIndex star_wars = test::item_titled(*box, "Star Wars (1977)");
  EXPECT_TRUE(std::any_of(top.begin(), top.end(), [&](const Scored& s) { return s.index == star_wars; }));
  // Genre words pull items of that genre.
  ASSERT_TRUE(box->text->score("animation children", scores));
  for (const Scored& s : top_k(scores.data(), scores.size(), 10))
    EXPECT_TRUE(test::has_genre(*box, s.index, "Animation") || test::has_genre(*box, s.index, "Children's"))
        << box->dataset->catalog->title(s.index);
  EXPECT_FALSE(box->text->score("qwxyzblorp", scores));
}

// The bus order of rank preference over the whole catalog.
std::vector<ItemIndex> preference_order(const std::shared_ptr<const Toolbox>& box, const UserContext& user,
                                        const nlohmann::json& prefer) {
  return test::run_tool(box, "rank", Bus{}, {{"schema", "preference"}, {"prefer", prefer}}, user).bus.items;
}

// True when `order` starts with the top `k` items of `model` for `history`.
void expect_model_order(const Recommender& model, const std::vector<ItemIndex>& history,
                        const std::vector<ItemIndex>& order, size_t k) {
  std::vector<float> scores;
  model.score(history, scores);
  ASSERT_GE(order.size(), k);
  for (size_t r = 1; r < k; ++r) EXPECT_GE(scores[order[r - 1]], scores[order[r]] - 1e-5f) << "rank " << r;
  const float best = *std::max_element(scores.begin(), scores.end());
  EXPECT_NEAR(scores[order[0]], best, 1e-5f);
}

TEST(Recommenders, RankPreferenceUsesTheTrainedModel) {
  INTEREC_REQUIRE_BOX(box);
  ASSERT_EQ(box->preference_model(), box->mf.get());
  const Interactions& in = box->dataset->interactions;
  const UserIndex u = *in.find_user("196");
  UserContext user;
  user.history.assign(in.items(u).begin(), in.items(u).end());
  expect_model_order(*box->mf, user.history, preference_order(box, user, nlohmann::json::array()), 20);
  // `prefer` items join the history as the latest taste.
  const ItemIndex alien = test::item_titled(*box, "Alien (1979)");
  std::vector<ItemIndex> with = user.history;
  with.push_back(alien);
  expect_model_order(*box->mf, with, preference_order(box, user, {"Alien (1979)"}), 20);

  // With a sasrec model in the folder, sasrec ranks.
  namespace fs = std::filesystem;
  const std::string dir = test::scratch_dir("rank_sasrec");
  fs::copy(box->dataset->dir, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  ModelOptions mo = quick_options();
  mo.sasrec.epochs = 1;
  const size_t n = box->dataset->catalog->size();
  SasRec::train(in, n, mo.sasrec).save(model_path(dir, "sasrec"), dataset_fingerprint(in, n));
  const auto with_sasrec = Toolbox::open(dir);
  ASSERT_TRUE(with_sasrec->sasrec);
  ASSERT_EQ(with_sasrec->preference_model(), with_sasrec->sasrec.get());
  expect_model_order(*with_sasrec->sasrec, user.history, preference_order(with_sasrec, user, nlohmann::json::array()),
                     20);
}

TEST(Recommenders, BrokenOptionalModelFilesAreModelErrors) {
  INTEREC_REQUIRE_BOX(box);
  namespace fs = std::filesystem;
  const std::string dir = test::scratch_dir("broken_models");
  fs::copy(box->dataset->dir, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  for (const char* name : {"mf", "text"}) {
    const std::string path = model_path(dir, name);
    const std::string keep = path + ".keep";
    fs::copy_file(path, keep, fs::copy_options::overwrite_existing);
    fs::resize_file(path, fs::file_size(path) - 7);
    try {
      Toolbox::open(dir);
      ADD_FAILURE() << "no error for a truncated " << name;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    // A model of another dataset.
    fs::copy_file(keep, path, fs::copy_options::overwrite_existing);
    std::vector<Interactions::Row> rows = {{"a", 0, 1, 1}, {"a", 1, 1, 2}};
    MfOptions mo;
    mo.factors = 4;
    if (std::string(name) == "mf") {
      Mf::train(Interactions::build(rows), 3, mo).save(path, 99);
      EXPECT_THROW(Toolbox::open(dir), ModelError);
    }
    fs::copy_file(keep, path, fs::copy_options::overwrite_existing);
  }
  // Absent optional models are fine.
  fs::remove(model_path(dir, "mf"));
  fs::remove(model_path(dir, "text"));
  const auto box2 = Toolbox::open(dir);
  EXPECT_FALSE(box2->mf);
  EXPECT_FALSE(box2->text);
  EXPECT_EQ(box2->preference_model(), nullptr);
}

}  // namespace
}  // namespace interec

// The dialog model: what it learns from the hand-written corpus, its file,
// the weight chosen on held-out dialogues, and `soft_filter` / `rank` using it.
#include "tools/models/dialog_model.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "storage/dialogue_files.h"
#include "tests/dialogue_fixture.h"
#include "tests/test_data.h"
#include "tools/eval/dialogue_split.h"
#include "tools/models/dialog_blend.h"
#include "tools/models/model_file.h"
#include "tools/models/model_paths.h"
#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

class DialogModelTest;

// The fixture's corpus(count, horror_for), for helpers outside the fixture.
struct DialogModelTestCorpus {
  static std::vector<Dialogue> make(size_t count);
};

class DialogModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test::prepare_dialogue_catalog("DialogModel");
    box_ = Toolbox::open(dir_);
  }
  static void TearDownTestSuite() { box_.reset(); }

  const Catalog& catalog() const { return *box_->dataset->catalog; }
  MentionMap map() const { return MentionMap(box_->dataset->catalog, box_->titles); }
  ItemIndex item(const std::string& title) const { return box_->titles->match(title, 1, 0.99).at(0).item; }
  uint64_t fingerprint() const { return dataset_fingerprint(box_->dataset->interactions, catalog().size()); }

  // `count` dialogues in which the seeker names and likes a family movie and
  // the recommender answers with a movie `answer(family movie)`, which the
  // seeker likes.
  static std::vector<Dialogue> corpus(size_t count, const std::function<std::string(size_t)>& answer) {
    static const char* kFamily[] = {"Toy Story (1995)", "Jumanji (1995)", "Finding Nemo (2003)",
                                    "Lion King, The (1994)", "Shrek (2001)", "Up (2009)"};
    std::vector<Dialogue> out;
    for (size_t k = 0; k < count; ++k) {
      Dialogue d;
      d.id = "synthetic-" + std::to_string(k);
      d.mentions = {{"1", kFamily[k % 6], {0, 1, 1}, {}}, {"2", answer(k), {1, 0, 1}, {}}};
      d.messages = {{Speaker::seeker, "I loved @1", {0}}, {Speaker::recommender, "then @2", {1}}};
      out.push_back(std::move(d));
    }
    return out;
  }
  // The horror movie a recommender "always" suggests for each family movie:
  // a relation the ratings (disjoint taste groups) do not have.
  static std::string horror_for(size_t k) {
    static const char* kHorror[] = {"Scream (1996)", "Halloween (1978)", "Shining, The (1980)", "Se7en (a.k.a. Seven) (1995)"};
    return kHorror[(k % 6) % 4];
  }

  static std::string dir_;
  static std::shared_ptr<const Toolbox> box_;
};
std::string DialogModelTest::dir_;
std::shared_ptr<const Toolbox> DialogModelTest::box_;

struct CorpusAccess : DialogModelTest {
  static std::vector<Dialogue> make(size_t count) { return corpus(count, horror_for); }
};
std::vector<Dialogue> DialogModelTestCorpus::make(size_t count) { return CorpusAccess::make(count); }

TEST_F(DialogModelTest, LearnsWhatRecommendersSuggestForWhatSeekersLike) {
  const auto dialogues = read_dialogues(test::dialogue_file("redial_small.jsonl"), DialogueFormat::redial);
  const DialogModel m = DialogModel::train(dialogues, map(), catalog().size());
  ASSERT_EQ(m.items(), catalog().size());
  const ItemIndex toy = item("Toy Story (1995)"), nemo = item("Finding Nemo (2003)");
  ASSERT_FALSE(m.neighbours(toy).empty());
  // Toy Story -> Finding Nemo: named together, suggested for it, accepted
  // (1 + 2 + 1); the reverse is only "named together".
  EXPECT_EQ(m.neighbours(toy)[0], nemo);
  EXPECT_FLOAT_EQ(m.similarities(toy)[0], 4.0f);
  ASSERT_FALSE(m.neighbours(nemo).empty());
  EXPECT_LT(m.similarities(nemo)[std::find(m.neighbours(nemo).begin(), m.neighbours(nemo).end(), toy) -
                                 m.neighbours(nemo).begin()],
            1.5f);
  // Heat -> Black Panther (suggested, liked) above Heat -> Die Hard (suggested, disliked).
  auto heat = m.scores({{item("Heat (1995)"), 1.0}});
  ASSERT_FALSE(heat.empty());
  EXPECT_GT(heat[item("Black Panther (2017)")], heat[item("Die Hard (1988)")]);
  EXPECT_EQ(heat[item("Titanic (1997)")], 0.0);
  EXPECT_TRUE(m.scores({{item("Titanic (1997)"), 1.0}}).empty());  // never in a dialogue
  EXPECT_EQ(m.dialogues(), 4u);
  EXPECT_TRUE(m.trained_on("1001"));
  EXPECT_TRUE(m.trained_on("1002"));
  EXPECT_FALSE(m.trained_on("1005"));
}

TEST_F(DialogModelTest, FileRoundTripsAndRefusesBadFiles) {
  DialogModel m = DialogModel::train(read_dialogues(test::dialogue_file("redial_small.jsonl"), DialogueFormat::redial),
                                     map(), catalog().size());
  DialogWeight w;
  w.weight = 0.5;
  w.calibrated = true;
  w.samples = 77;
  w.tried = {{0, 0.1}, {0.5, 0.2}};
  m.set_weight(w);
  const std::string path = test::scratch_dir("DialogModelFile") + "/dialog.bin";
  m.save(path, fingerprint());
  const DialogModel back = DialogModel::load(path, fingerprint());
  EXPECT_EQ(back.items(), m.items());
  EXPECT_EQ(back.dialogues(), 4u);
  EXPECT_TRUE(back.trained_on("1006"));
  EXPECT_DOUBLE_EQ(back.weight().weight, 0.5);
  EXPECT_EQ(back.weight().samples, 77u);
  EXPECT_EQ(back.weight().tried.size(), 2u);
  const ItemIndex toy = item("Toy Story (1995)");
  ASSERT_EQ(back.neighbours(toy).size(), m.neighbours(toy).size());
  EXPECT_EQ(back.neighbours(toy)[0], m.neighbours(toy)[0]);
  auto error = [&](uint64_t fp) {
    try {
      DialogModel::load(path, fp);
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error(fingerprint() + 1).find("fingerprint"), std::string::npos);
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size - 5);
  EXPECT_NE(error(fingerprint()).find("dialog model"), std::string::npos);
  m.save(path, fingerprint());
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 12));
    f.put('\x7f');
  }
  EXPECT_NE(error(fingerprint()).find("corrupt"), std::string::npos);
}

TEST_F(DialogModelTest, WeightIsChosenOnHeldOutDialogues) {
  const auto& pop = box_->popularity.counts;
  // A relation the ratings lack, stated in 600 dialogues: it earns a weight.
  const DialogModel useful = train_dialog_model(corpus(600, horror_for), map(), box_->item_knn, pop);
  EXPECT_TRUE(useful.weight().calibrated);
  EXPECT_GE(useful.weight().samples, kMinCalibrationSamples);
  EXPECT_GT(useful.weight().weight, 0.0);
  EXPECT_EQ(useful.weight().tried.size(), std::size(kDialogWeights));
  // Suggestions the ratings already make (another family movie): nothing
  // to add, the rating similarity alone.
  const DialogModel redundant = train_dialog_model(
    corpus(600, [](size_t k) { return std::string(k % 2 ? "Up (2009)" : "Shrek (2001)"); }), map(), box_->item_knn, pop);
  EXPECT_TRUE(redundant.weight().calibrated);
  EXPECT_EQ(redundant.weight().weight, 0.0);
  // Too few held-out samples to choose: equal footing.
  const DialogModel few = train_dialog_model(corpus(20, horror_for), map(), box_->item_knn, pop);
  EXPECT_FALSE(few.weight().calibrated);
  EXPECT_DOUBLE_EQ(few.weight().weight, kUncalibratedDialogWeight);
}

// A copy of the prepared folder with the horror_for dialog model (weight 1) beside the others.
std::shared_ptr<const Toolbox> with_dialog_model(const std::string& name, const MentionMap& map, size_t items,
                                                 uint64_t fingerprint, const std::string& from) {
  const std::string dir = test::scratch_dir(name) + "/prepared";
  std::filesystem::copy(from, dir, std::filesystem::copy_options::recursive);
  DialogModel m = DialogModel::train(DialogModelTestCorpus::make(60), map, items);
  m.set_weight(DialogWeight{1.0, {}, 0, false});
  m.save(model_path(dir, "dialog"), fingerprint);
  return Toolbox::open(dir);
}

// Whether `item` is among the first 5 the step lists for `user`.
bool in_first_five(std::shared_ptr<const Toolbox> box, const Step& step, const UserContext& user, ItemIndex item) {
  const auto out = make_tool(kind_of(step), box)->run(Bus{}, step, user);
  const auto end = out.bus.items.begin() + std::min<size_t>(5, out.bus.items.size());
  return std::find(out.bus.items.begin(), end, item) != end;
}

TEST_F(DialogModelTest, SoftFilterAndRankAddTheDialogModel) {
  const auto with = with_dialog_model("DialogModelTools", map(), catalog().size(), fingerprint(), dir_);
  ASSERT_TRUE(with->dialog);
  const ItemIndex scream = item("Scream (1996)");  // horror_for(Toy Story)
  auto listed = [&](std::shared_ptr<const Toolbox> box, const Step& step, const UserContext& user) {
    return in_first_five(box, step, user, scream);
  };
  const Step like_toy = SoftFilterStep{{"Toy Story (1995)"}, ""};
  EXPECT_FALSE(listed(box_, like_toy, {}));
  EXPECT_TRUE(listed(with, like_toy, {}));
  UserContext fan;
  fan.liked = {item("Toy Story (1995)")};
  EXPECT_FALSE(listed(box_, RankStep{}, fan));
  EXPECT_TRUE(listed(with, RankStep{}, fan));
}

// Nothing known of the user: what conversations suggest (the model's
// suggestion prior) lifts items beside popularity.
TEST_F(DialogModelTest, RankWithoutSeedsAddsWhatConversationsSuggest) {
  const auto with = with_dialog_model("DialogModelPrior", map(), catalog().size(), fingerprint(), dir_);
  ASSERT_TRUE(with->dialog);
  const auto& prior = with->dialog->suggestion_prior();
  ASSERT_EQ(prior.size(), catalog().size());
  EXPECT_FLOAT_EQ(*std::max_element(prior.begin(), prior.end()), 1.0f);
  const ItemIndex scream = item("Scream (1996)"), shining = item("Shining, The (1980)");
  EXPECT_GT(prior[scream], prior[shining]);  // suggested for two family films, The Shining for one
  EXPECT_GT(prior[shining], 0.0f);
  // Loaded from the file, the same prior (derived, not stored).
  const DialogModel trained = DialogModel::train(DialogModelTestCorpus::make(60), map(), catalog().size());
  EXPECT_EQ(trained.suggestion_prior(), prior);
  EXPECT_FALSE(in_first_five(box_, RankStep{}, {}, scream));
  EXPECT_TRUE(in_first_five(with, RankStep{}, {}, scream));
}

// Beside seeds, what conversations suggest joins the seeds' neighbours,
// below the best of them: Scream, suggested for family films in the
// corpus, is no neighbour of Heat by ratings nor by the dialog model.
TEST_F(DialogModelTest, SoftFilterWithSeedsAddsWhatConversationsSuggest) {
  const auto with = with_dialog_model("DialogModelSeededPrior", map(), catalog().size(), fingerprint(), dir_);
  ASSERT_TRUE(with->dialog);
  const ItemIndex scream = item("Scream (1996)");
  ASSERT_TRUE(with->dialog->scores({{item("Heat (1995)"), 1.0}}).empty());
  const Step like_heat = SoftFilterStep{{"Heat (1995)"}, ""};
  auto run = [&](std::shared_ptr<const Toolbox> box) { return make_tool(ToolKind::soft_filter, box)->run(Bus{}, like_heat, {}); };
  const auto without = run(box_), out = run(with);
  ASSERT_FALSE(without.bus.items.empty());
  EXPECT_EQ(std::find(without.bus.items.begin(), without.bus.items.end(), scream), without.bus.items.end());
  const auto at = std::find(out.bus.items.begin(), out.bus.items.end(), scream);
  ASSERT_NE(at, out.bus.items.end());
  EXPECT_EQ(out.bus.items.front(), without.bus.items.front());  // the best neighbour stays first
  EXPECT_NE(at, out.bus.items.begin());
}

}  // namespace
}  // namespace interec

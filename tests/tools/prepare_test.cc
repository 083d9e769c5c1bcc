// `prepare` succeeds only with a folder chat can open: the 10 MB
// title used to pass prepare and then fail every chat on models/text.bin.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/test_data.h"
#include "tools/models/dense_model_file.h"
#include "tools/prepare_dataset.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

TEST(Prepare, TenMegabyteTitleIsCutAndEveryModelReadsBack) {
  const std::string src = test::scratch_dir("prepare-huge-title");
  std::ofstream items(src + "/items.csv");
  items << "item_id,title,genres\n1," << std::string(10 * 1024 * 1024, 'w') << ",Drama\n";
  for (int i = 2; i <= 12; ++i) items << i << ",Film " << i << ",Comedy|Drama\n";
  items.close();
  std::ofstream interactions(src + "/interactions.csv");
  interactions << "user_id,item_id\n";
  for (int u = 1; u <= 6; ++u)
    for (int i = 1; i <= 12; ++i)
      if ((u + i) % 3) interactions << u << "," << i << "\n";
  interactions.close();
  ImportOptions options;
  options.source_dir = src;
  options.out_dir = test::scratch_dir("prepare-huge-title-out");
  const ImportSummary summary = prepare_dataset(options);
  EXPECT_EQ(summary.cut_cells, 1u);
  auto box = Toolbox::open(options.out_dir);  // what chat does first
  ASSERT_TRUE(box->text);
  EXPECT_EQ(box->dataset->catalog->title(0).size(), 1024u);
}

TEST(Prepare, AModelFileIsNeverWrittenUnreadable) {
  DenseModel model;
  model.header.kind = "text";
  model.strings = {"fine", std::string(70 * 1024, 'x')};
  const std::string path = test::scratch_dir("prepare-unreadable") + "/text.bin";
  try {
    save_dense_model(path, model);
    FAIL() << "a string the loader refuses must not be written";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

// Re-preparing another dataset into a folder with profiles says so.
TEST(Prepare, AnotherDatasetOverExistingProfilesIsWarnedAbout) {
  const std::string data = test::tiny_dataset("prepare-over-profiles");
  std::filesystem::create_directories(data + "/profiles");
  std::ofstream(data + "/profiles/CURRENT") << "MANIFEST-000001\n";
  const std::string src = test::scratch_dir("prepare-over-profiles-other");
  std::ofstream(src + "/items.csv") << "item_id,title\n1,City Hall (1996)\n2,Other\n3,Third\n";
  std::ofstream(src + "/interactions.csv") << "user_id,item_id\n1,1\n1,2\n2,3\n2,1\n";
  ImportOptions options;
  options.source_dir = src;
  options.out_dir = data;
  const ImportSummary summary = prepare_dataset(options);
  bool warned = false;
  for (const auto& w : summary.warnings)
    warned |= w.find("holds the profiles of the dataset prepared here before") != std::string::npos &&
              w.find("interec profile rebind") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(Prepare, ModelsListIsParsedAndAnUnknownNameIsNamed) {
  const PrepareModels all = parse_prepare_models("item_knn,mf,text,sasrec");
  EXPECT_TRUE(all.mf && all.text && all.sasrec);
  const PrepareModels knn = parse_prepare_models("itemcf");
  EXPECT_FALSE(knn.mf || knn.text || knn.sasrec);
  EXPECT_EQ(to_string(PrepareModels{}), "item_knn,mf,text");
  EXPECT_EQ(to_string(parse_prepare_models("text,item_knn")), "item_knn,text");
  auto error = [](const std::string& list) {
    try {
      parse_prepare_models(list);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(error("item_knn,bpr").find("unknown model 'bpr'"), std::string::npos) << error("item_knn,bpr");
  EXPECT_NE(error("mf,text").find("item_knn must be in the list"), std::string::npos);
  EXPECT_NE(error("item_knn,mf,mf").find("'mf' is named twice"), std::string::npos);
  EXPECT_NE(error("").find("unknown model ''"), std::string::npos);
}

// Preparing again with fewer models removes the ones left out (they were
// trained on the data before), and the tools fall back as documented.
TEST(Prepare, ModelsLeftOutAreRemovedAndTheToolboxOpensWithout) {
  ImportOptions options;
  options.source_dir = test::tiny_source();
  options.out_dir = test::scratch_dir("prepare-models-list");
  prepare_dataset(options);
  EXPECT_TRUE(std::filesystem::exists(options.out_dir + "/models/mf.bin"));
  EXPECT_TRUE(std::filesystem::exists(options.out_dir + "/models/text.bin"));
  std::vector<std::string> lines;
  options.progress = [&](const std::string& line) { lines.push_back(line); };
  prepare_dataset(options, parse_prepare_models("item_knn"));
  EXPECT_FALSE(std::filesystem::exists(options.out_dir + "/models/mf.bin"));
  EXPECT_FALSE(std::filesystem::exists(options.out_dir + "/models/popularity_blend.json"));
  EXPECT_FALSE(std::filesystem::exists(options.out_dir + "/models/text.bin"));
  bool said = false;
  for (const auto& l : lines) said |= l.find("mf.bin (not in --models)") != std::string::npos;
  EXPECT_TRUE(said);
  auto box = Toolbox::open(options.out_dir);
  EXPECT_FALSE(box->mf);
  EXPECT_FALSE(box->text);
  EXPECT_EQ(box->preference_model_name(), "item_knn");
  EXPECT_GT(box->item_knn.items(), 0u);
}

}  // namespace
}  // namespace interec

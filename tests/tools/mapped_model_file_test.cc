// Mapped model files (tools/models/mapped_model_file.h): mf and text written
// by save() and mapped by load() answer as the trained models do; a file of
// the layout before is still read; a truncated or damaged file is a
// ModelError naming it.
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/dataset.h"
#include "tests/test_data.h"
#include "tools/models/dense_model_file.h"
#include "tools/models/mapped_model_file.h"
#include "tools/models/mf.h"
#include "tools/models/text_model.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

// Enough items for the 8-bit codes (Mf::kQuantizedFrom is 2^16), few factors.
Mf quantized_mf(size_t items) {
  std::vector<Interactions::Row> rows;
  std::mt19937_64 rng(3);
  for (int u = 0; u < 300; ++u)
    for (int k = 0; k < 20; ++k) rows.push_back({"u" + std::to_string(u), static_cast<ItemIndex>(rng() % items), 1, k});
  MfOptions o;
  o.factors = 8;
  o.iterations = 2;
  return Mf::train(Interactions::build(rows), items, o);
}

void expect_same_answers(const Mf& a, const Mf& b) {
  ASSERT_EQ(a.items(), b.items());
  for (const std::vector<ItemIndex>& history : std::vector<std::vector<ItemIndex>>{{1, 2, 3}, {7}, {}}) {
    const auto x = a.top_items(history, 10), y = b.top_items(history, 10);
    ASSERT_EQ(x.size(), y.size());
    for (size_t r = 0; r < x.size(); ++r) {
      EXPECT_EQ(x[r].index, y[r].index) << "rank " << r;
      EXPECT_FLOAT_EQ(x[r].score, y[r].score) << "rank " << r;
    }
    const std::vector<ItemIndex> among = {5, 50, 500, 5000, 50000};
    const auto p = a.top_items_among(history, among, 3), q = b.top_items_among(history, among, 3);
    ASSERT_EQ(p.size(), q.size());
    for (size_t r = 0; r < p.size(); ++r) EXPECT_EQ(p[r].index, q[r].index);
  }
}

std::string expect_mf_load_error(const std::string& path) {
  try {
    Mf::load(path, 0);
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error for " << path;
  return "";
}

// Flips one byte of `path` at `offset` (a new file renamed over it).
void flip_byte(const std::string& path, uint64_t offset) {
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes.at(offset) = static_cast<char>(bytes.at(offset) ^ 0x40);
  std::ofstream(path + ".new", std::ios::binary) << bytes;
  fs::rename(path + ".new", path);
}

TEST(MappedModelFile, MfMappedAnswersAsTrainedWithItsCodes) {
  const Mf trained = quantized_mf(70000);
  const std::string path = test::scratch_dir("mapped-mf") + "/mf.bin";
  trained.save(path, 11);
  const Mf mapped = Mf::load(path, 11);
  expect_same_answers(trained, mapped);
  EXPECT_EQ(mapped.item_factors().row(123), trained.item_factors().row(123));
  const auto file = MappedModel::open(path, "mf", 2, 11, "");
  EXPECT_TRUE(file->has("codes"));
  EXPECT_TRUE(file->has("gram"));
  EXPECT_NO_THROW(file->verify());
  // A copy outlives the model it was copied from (the mapping is shared).
  const Mf copy = [&] {
    const Mf loaded = Mf::load(path, 11);
    return loaded;
  }();
  expect_same_answers(trained, copy);
}

TEST(MappedModelFile, AnMfFileOfTheLayoutBeforeIsStillRead) {
  const Mf trained = quantized_mf(70000);
  const std::string path = test::scratch_dir("stream-mf") + "/mf.bin";
  DenseModel d;
  d.header = {"mf", 1, 11,
              nlohmann::json{{"factors", 8}, {"iterations", 2}, {"alpha", trained.options().alpha},
                             {"reg", trained.options().reg}, {"cg_steps", trained.options().cg_steps},
                             {"seed", trained.options().seed}}
                  .dump()};
  const auto f = trained.item_factors();
  d.tensors.push_back({"items", static_cast<uint64_t>(f.rows()), 8, std::vector<float>(f.data(), f.data() + f.size())});
  save_dense_model(path, d);
  expect_same_answers(trained, Mf::load(path, 11));
}

TEST(MappedModelFile, TruncatedExtendedOrDamagedFilesAreModelErrors) {
  const Mf trained = quantized_mf(70000);
  const std::string dir = test::scratch_dir("damaged-mf");
  const std::string path = dir + "/mf.bin", keep = dir + "/keep.bin";
  trained.save(keep, 0);
  const auto size = fs::file_size(keep);

  fs::copy_file(keep, path, fs::copy_options::overwrite_existing);
  fs::resize_file(path, size - 7);
  EXPECT_NE(expect_mf_load_error(path).find("truncated"), std::string::npos);
  fs::resize_file(path, size / 3);
  expect_mf_load_error(path);
  fs::resize_file(path, 20);
  expect_mf_load_error(path);
  fs::copy_file(keep, path, fs::copy_options::overwrite_existing);
  fs::resize_file(path, size + 64);
  expect_mf_load_error(path);

  // A byte of the first block of the factors: in the sample.
  const uint64_t items_at = MappedModel::open(keep, "mf", 2, 0, "")->entry("items").offset;
  fs::copy_file(keep, path, fs::copy_options::overwrite_existing);
  flip_byte(path, items_at + 5);
  EXPECT_NE(expect_mf_load_error(path).find("corrupt"), std::string::npos);

  // A byte of a block the sample does not read: a start does not see it,
  // the full check (what save() runs) does.
  fs::copy_file(keep, path, fs::copy_options::overwrite_existing);
  flip_byte(path, items_at + 4096 + 7);
  const auto file = MappedModel::open(path, "mf", 2, 0, "");
  try {
    file->verify();
    ADD_FAILURE() << "verify() missed a damaged byte";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }

  EXPECT_NE(expect_mf_load_error(dir + "/absent.bin").find("interec prepare"), std::string::npos);
}

TEST(MappedModelFile, TextMappedScoresAsTrained) {
  const auto ds = Dataset::open(test::tiny());
  const TextModel trained = TextModel::train(*ds->catalog);
  const std::string path = test::scratch_dir("mapped-text") + "/text.bin";
  trained.save(path, 5);
  const TextModel mapped = TextModel::load(path, 5);
  ASSERT_EQ(mapped.items(), trained.items());
  ASSERT_EQ(mapped.dim(), trained.dim());
  for (const char* words : {"space adventure", "a quiet drama about family", "zzzz"}) {
    std::vector<float> a, b;
    ASSERT_EQ(trained.score(words, a), mapped.score(words, b)) << words;
    EXPECT_EQ(a, b) << words;
  }
  EXPECT_EQ(mapped.item_vector(7), trained.item_vector(7));
  EXPECT_THROW(TextModel::load(path, 6), ModelError);  // another dataset
}

}  // namespace
}  // namespace interec

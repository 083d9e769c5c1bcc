// Mapped model files (tools/models/mapped_model_file.h): mf and text written
// by save() and mapped by load() answer as the trained models do, their 8-bit
// codes mapped, byte for byte the codes a load built before; a file of the
// layout before (or a text file without codes) is still read; a truncated or
// damaged file is a ModelError naming it.
#include <cstring>
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
#include "tools/models/model_paths.h"
#include "tools/models/quantized_table.h"
#include "tools/models/text_model.h"
#include "tools/text_neighbours.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

// Enough items for the 8-bit codes (kQuantizedFrom is 2^16), few factors.
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

// Whether `table`'s codes (rows x dim) and scales are byte for byte these.
bool same_codes(const QuantizedTable& table, size_t dim, const int8_t* codes, const float* scales) {
  return table.rows() > 0 && std::memcmp(table.codes(), codes, table.rows() * dim) == 0 &&
         std::memcmp(table.scales(), scales, table.rows() * sizeof(float)) == 0;
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
  EXPECT_FALSE(trained.codes_mapped());
  EXPECT_TRUE(mapped.codes_mapped());
  // The codes a load maps are those it would build from the mapped factors.
  const QuantizedTable built(mapped.item_factors().data(), mapped.items(), 8);
  EXPECT_TRUE(same_codes(built, 8, file->bytes("codes", mapped.items(), 8), file->floats("scales", mapped.items(), 1)));
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
  const Mf read = Mf::load(path, 11);
  expect_same_answers(trained, read);
  EXPECT_FALSE(read.codes_mapped());  // built at load, as then
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

// The text model's codes (what a bus is scanned by at scale): written by
// save() from `codes_from` items (prepare: kQuantizedFrom; 0 here, for the
// tiny catalog), mapped by load(), the very bytes codes() builds.
TEST(MappedModelFile, TextCodesWrittenMappedAndAsBuilt) {
  const auto ds = Dataset::open(test::tiny());
  const TextModel trained = TextModel::train(*ds->catalog);
  const std::string dir = test::scratch_dir("text-codes");
  trained.save(dir + "/text.bin", 5, 0);
  const TextModel mapped = TextModel::load(dir + "/text.bin", 5);
  EXPECT_TRUE(mapped.codes_mapped());
  EXPECT_TRUE(mapped.codes().mapped());  // nothing built
  const QuantizedTable built(mapped.item_vectors(), mapped.items(), mapped.dim());
  EXPECT_TRUE(same_codes(built, mapped.dim(), mapped.codes().codes(), mapped.codes().scales()));
  EXPECT_TRUE(same_codes(trained.codes(), trained.dim(), mapped.codes().codes(), mapped.codes().scales()));
  std::vector<int32_t> bus;
  for (int32_t i = 0; i < static_cast<int32_t>(mapped.items()); i += 2) bus.push_back(i);
  const auto q = mapped.item_vector(4);
  const auto a = mapped.codes().top_k_among(mapped.item_vectors(), q.data(), bus, 10);
  const auto b = built.top_k_among(mapped.item_vectors(), q.data(), bus, 10);
  ASSERT_EQ(a.size(), b.size());
  for (size_t r = 0; r < a.size(); ++r) EXPECT_EQ(a[r].index, b[r].index);

  // Below codes_from (the default for 300 items), no codes in the file: the
  // first codes() builds them, the same bytes.
  trained.save(dir + "/small.bin", 5);
  EXPECT_FALSE(MappedModel::open(dir + "/small.bin", "text", 3, 5, "")->has("codes"));
  const TextModel plain = TextModel::load(dir + "/small.bin", 5);
  EXPECT_FALSE(plain.codes_mapped());
  EXPECT_FALSE(plain.codes().mapped());
  EXPECT_TRUE(same_codes(built, plain.dim(), plain.codes().codes(), plain.codes().scales()));
  // Saved again (start_bench --write-models): now with its codes.
  plain.save(dir + "/again.bin", 5, 0);
  EXPECT_TRUE(TextModel::load(dir + "/again.bin", 5).codes_mapped());
}

TEST(MappedModelFile, DamagedTruncatedOrForeignTextCodesAreModelErrors) {
  const auto ds = Dataset::open(test::tiny());
  const TextModel trained = TextModel::train(*ds->catalog);
  const std::string dir = test::scratch_dir("text-codes-damaged");
  const std::string path = dir + "/text.bin", keep = dir + "/keep.bin";
  trained.save(keep, 5, 0);
  const auto size = fs::file_size(keep);
  auto expect_error = [&](const std::string& what, uint64_t fingerprint = 5) {
    try {
      TextModel::load(path, fingerprint);
      ADD_FAILURE() << "no error for " << what;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << what << ": " << e.what();
      return std::string(e.what());
    }
    return std::string();
  };
  const auto reset = [&] { fs::copy_file(keep, path, fs::copy_options::overwrite_existing); };

  reset();
  flip_byte(path, 2);  // the magic
  EXPECT_NE(expect_error("damaged header").find("not an interec model file"), std::string::npos);
  reset();
  EXPECT_NE(expect_error("another dataset", 6).find("fingerprint"), std::string::npos);
  reset();
  fs::resize_file(path, size - 1);
  EXPECT_NE(expect_error("truncated").find("truncated"), std::string::npos);
  // A byte of the codes (the first block is always in the sample).
  reset();
  flip_byte(path, MappedModel::open(keep, "text", 3, 5, "")->entry("codes").offset + 3);
  EXPECT_NE(expect_error("damaged codes").find("corrupt"), std::string::npos);

  // Codes of another shape than the vectors, or without their scales.
  const TextModel mapped = TextModel::load(keep, 5);
  const auto file = MappedModel::open(keep, "text", 3, 5, "");
  const uint64_t n = mapped.items(), dim = mapped.dim(), v = file->strings().size();
  auto write = [&](uint64_t code_rows, bool scales) {
    std::vector<TensorSource> t = {{"idf", TensorType::f32, 1, v, file->floats("idf", 1, v)},
                                   {"terms", TensorType::f32, v, dim, file->floats("terms", v, dim)},
                                   {"items", TensorType::f32, n, dim, mapped.item_vectors()},
                                   {"codes", TensorType::i8, code_rows, dim, mapped.codes().codes()}};
    if (scales) t.push_back({"scales", TensorType::f32, code_rows, 1, mapped.codes().scales()});
    save_mapped_model(path, file->header(), t, file->strings());
  };
  write(n - 1, true);
  EXPECT_NE(expect_error("codes of n - 1 rows").find("corrupt"), std::string::npos);
  write(n, false);
  EXPECT_NE(expect_error("codes without scales").find("corrupt"), std::string::npos);
}

// A toolbox opened on a prepared folder whose text.bin has codes maps them
// (no build on the first bus scan), and answers as one that builds them.
TEST(MappedModelFile, AToolboxMapsTheTextCodesOfAPreparedFolder) {
  const std::string dir = test::tiny_dataset("text-codes-toolbox");
  const auto before = Toolbox::open(dir);
  ASSERT_TRUE(before->text);
  EXPECT_FALSE(before->text->codes_mapped());  // 300 items: below kQuantizedFrom, none written
  const uint64_t fingerprint = MappedModel::open(model_path(dir, "text"), "text", 3, 0, "")->header().fingerprint;
  before->text->save(model_path(dir, "text"), fingerprint, 0);
  const auto after = Toolbox::open(dir);
  EXPECT_TRUE(after->text->codes_mapped());
  EXPECT_TRUE(after->text->codes().mapped());
  // The bus scan by codes runs where the box has the neighbour index.
  auto indexed = [](const Toolbox& box) {
    auto copy = std::make_shared<Toolbox>(box);
    VectorIndexOptions o;
    o.lists = 16;
    copy->text_index = std::make_shared<const VectorIndex>(
        VectorIndex::build(box.text->item_vectors(), box.text->items(), box.text->dim(), o));
    return copy;
  };
  const auto a = indexed(*before), b = indexed(*after);
  std::vector<ItemIndex> bus;
  for (ItemIndex i = 0; i < static_cast<ItemIndex>(before->text->items()); i += 3) bus.push_back(i);
  for (ItemIndex seed : {0, 42, 299}) {
    const auto x = text_neighbours(*a, seed, 10, &bus), y = text_neighbours(*b, seed, 10, &bus);
    ASSERT_EQ(x.size(), y.size()) << "seed " << seed;
    for (size_t r = 0; r < x.size(); ++r) EXPECT_EQ(x[r].index, y[r].index) << "seed " << seed;
  }
}

}  // namespace
}  // namespace interec

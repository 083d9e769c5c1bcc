// The approximate neighbour index over item vectors
// (tools/models/vector_index.h): reading every list it answers as the exact
// scan; the file written by save() and mapped by open() answers as the
// built index; a damaged, truncated or foreign file is a ModelError naming
// it and `interec prepare`. Recall at the default breadth is measured by
// bench/ann_bench, not asserted here.
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "tests/test_data.h"
#include "tools/models/model_file.h"
#include "tools/models/topk.h"
#include "tools/models/vector_index.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

constexpr size_t kIndexedItems = 3000, kIndexDim = 16;

// Unit vectors around 40 random directions, a few zero rows (items without text).
std::vector<float> clustered_vectors() {
  std::mt19937_64 rng(5);
  std::normal_distribution<float> normal;
  std::vector<float> centres(40 * kIndexDim);
  for (float& x : centres) x = normal(rng);
  std::vector<float> v(kIndexedItems * kIndexDim);
  for (size_t i = 0; i < kIndexedItems; ++i) {
    if (i % 500 == 7) continue;
    float norm = 0;
    for (size_t d = 0; d < kIndexDim; ++d) {
      float& x = v[i * kIndexDim + d];
      x = centres[(i % 40) * kIndexDim + d] + 0.5f * normal(rng);
      norm += x * x;
    }
    for (size_t d = 0; d < kIndexDim; ++d) v[i * kIndexDim + d] /= std::sqrt(norm);
  }
  return v;
}

std::vector<int32_t> exact_top(const std::vector<float>& v, size_t query, size_t k) {
  std::vector<int32_t> ids(k);
  std::vector<float> scores(k);
  top_k_inner_product(v.data(), kIndexedItems, kIndexDim, v.data() + query * kIndexDim, 1, k, ids.data(), scores.data(), 1);
  return ids;
}

std::vector<int32_t> index_ids(const std::vector<Scored>& found) {
  std::vector<int32_t> out;
  for (const Scored& s : found) out.push_back(s.index);
  return out;
}

VectorIndexOptions small_options() {
  VectorIndexOptions o;
  o.lists = 32;
  o.threads = 2;
  return o;
}

std::string expect_open_error(const std::string& path, uint64_t fingerprint = 9, size_t items = kIndexedItems) {
  try {
    VectorIndex::open(path, fingerprint, items, kIndexDim);
  } catch (const ModelError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("interec prepare"), std::string::npos) << what;
    return what;
  }
  ADD_FAILURE() << "no error opening " << path;
  return "";
}

std::string written_index(const std::string& test) {
  const auto v = clustered_vectors();
  const std::string path = test::scratch_dir(test) + "/text.ivf";
  VectorIndex::build(v.data(), kIndexedItems, kIndexDim, small_options()).save(path, 9);
  return path;
}

TEST(VectorIndex, EveryListReadIsTheExactScan) {
  const auto v = clustered_vectors();
  const VectorIndex index = VectorIndex::build(v.data(), kIndexedItems, kIndexDim, small_options());
  EXPECT_EQ(index.items(), kIndexedItems);
  EXPECT_EQ(index.lists(), 32u);
  for (size_t q : {0, 1, 99, 1234, 2999}) {
    const auto found = index.search(v.data() + q * kIndexDim, 10, 32);
    EXPECT_EQ(index_ids(found), exact_top(v, q, 10)) << "query " << q;
  }
}

TEST(VectorIndex, TheMappedFileAnswersAsTheBuiltIndex) {
  const auto v = clustered_vectors();
  const VectorIndex built = VectorIndex::build(v.data(), kIndexedItems, kIndexDim, small_options());
  const std::string path = test::scratch_dir("vector-index-roundtrip") + "/text.ivf";
  built.save(path, 9);
  const VectorIndex mapped = VectorIndex::open(path, 9, kIndexedItems, kIndexDim);
  EXPECT_EQ(mapped.lists(), built.lists());
  for (size_t q = 0; q < kIndexedItems; q += 97)
    for (size_t probes : {1, 4, 32}) {
      const auto a = built.search(v.data() + q * kIndexDim, 10, probes), b = mapped.search(v.data() + q * kIndexDim, 10, probes);
      EXPECT_EQ(index_ids(a), index_ids(b)) << "query " << q << ", " << probes << " lists";
    }
}

TEST(VectorIndex, AForeignOrDamagedFileNamesItselfAndPrepare) {
  const std::string path = written_index("vector-index-damaged");
  expect_open_error(path, 10);                 // another dataset's fingerprint
  expect_open_error(path, 9, kIndexedItems + 1);      // another catalog size
  expect_open_error(path + ".missing");
  const auto size = fs::file_size(path);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& content) {
    std::ofstream(path + ".new", std::ios::binary) << content;
    fs::rename(path + ".new", path);
  };
  write(bytes.substr(0, size / 2));  // truncated
  EXPECT_NE(expect_open_error(path).find("damaged"), std::string::npos);
  std::string magic = bytes;
  magic[0] = 'X';
  write(magic);
  EXPECT_NE(expect_open_error(path).find("not a vector index"), std::string::npos);
  std::string body = bytes;
  body[64] ^= 0x20;  // FAISS's own type tag
  write(body);
  EXPECT_NE(expect_open_error(path).find("damaged"), std::string::npos);
  write(bytes);
  EXPECT_EQ(VectorIndex::open(path, 9, kIndexedItems, kIndexDim).items(), kIndexedItems);
}

}  // namespace
}  // namespace interec

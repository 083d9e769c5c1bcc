// A flat file reads back the arrays and counts it was written with; one of
// another version or catalog is stale (null), one that is not of its kind,
// truncated, or read with another element size is a clear error.
#include "storage/flat_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/test_data.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

FlatFileId id(uint32_t version = 3, const std::string& fingerprint = "abc", uint64_t items = 2) {
  return FlatFileId{{'T', 'E', 'S', 'T', 'F', 'L', 'A', 'T'}, version, fingerprint, items};
}

struct Written {
  std::vector<uint32_t> numbers{7, 8, 9};
  std::vector<char> text{'h', 'i'};
  std::vector<double> empty;
  std::vector<double> reals{0.5, -1.25};
  std::string path;

  explicit Written(const std::string& name) : path((fs::path(test::scratch_dir(name)) / "t.flat").string()) {
    FlatFileWriter w;
    w.add(flat_view(numbers));
    w.add(flat_view(text));
    w.add(flat_view(empty));
    w.add(flat_view(reals));
    w.set_count(0, 64);
    w.set_count(7, 5);
    w.write(path, id());
  }
};

TEST(FlatFile, ReadsBackWhatWasWritten) {
  const Written w("flat-roundtrip");
  const auto f = FlatFile::open(w.path, id(), 4);
  ASSERT_TRUE(f);
  const auto numbers = f->array<uint32_t>(0);
  EXPECT_EQ(std::vector<uint32_t>(numbers.begin(), numbers.end()), w.numbers);
  const auto text = f->array<char>(1);
  EXPECT_EQ(std::string(text.begin(), text.end()), "hi");
  EXPECT_EQ(f->array<double>(2).size, 0u);
  const auto reals = f->array<double>(3);
  EXPECT_EQ(std::vector<double>(reals.begin(), reals.end()), w.reals);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(reals.data) % alignof(double), 0u);
  EXPECT_EQ(f->count(0), 64u);
  EXPECT_EQ(f->count(7), 5u);
  EXPECT_EQ(f->count(1), 0u);
}

TEST(FlatFile, AMissingOrStaleFileIsNull) {
  const Written w("flat-stale");
  EXPECT_FALSE(FlatFile::open(w.path + ".missing", id(), 4));
  EXPECT_FALSE(FlatFile::open(w.path, id(4), 4));
  EXPECT_FALSE(FlatFile::open(w.path, id(3, "abd"), 4));
  EXPECT_FALSE(FlatFile::open(w.path, id(3, "abc", 3), 4));
  EXPECT_TRUE(FlatFile::open(w.path, id(), 4));
}

TEST(FlatFile, ADamagedFileIsAClearError) {
  const Written w("flat-damaged");
  auto expect_error = [&](const std::function<void()>& f, const std::string& what) {
    try {
      f();
      FAIL() << what << " read";
    } catch (const CatalogError& e) {
      EXPECT_NE(std::string(e.what()).find("t.flat"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("interec prepare"), std::string::npos) << e.what();
    }
  };
  expect_error([&] { FlatFile::open(w.path, id(), 5); }, "too few arrays");
  const auto f = FlatFile::open(w.path, id(), 4);
  expect_error([&] { f->array<uint64_t>(0); }, "another element size");
  expect_error([&] { f->array<uint32_t>(9); }, "an array that is not there");
  fs::resize_file(w.path, fs::file_size(w.path) - 8);
  expect_error([&] { FlatFile::open(w.path, id(), 4); }, "a truncated file");
  std::ofstream(w.path, std::ios::binary | std::ios::trunc) << "some text";
  expect_error([&] { FlatFile::open(w.path, id(), 4); }, "a file of another kind");
}

}  // namespace
}  // namespace interec

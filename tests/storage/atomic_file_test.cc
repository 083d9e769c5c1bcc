#include "storage/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/test_data.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t files_in(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFile, TheStreamFormReplacesTheFile) {
  const std::string dir = test::scratch_dir("atomic-stream");
  const std::string path = dir + "/data.bin";
  write_file_atomically(path, std::string_view("old"));
  write_file_atomically(path, [](std::ostream& out) { out << "new " << 42; });
  EXPECT_EQ(read(path), "new 42");
  EXPECT_EQ(files_in(dir), 1u);  // no temporary file left
}

TEST(AtomicFile, AWriterThatThrowsLeavesTheOldFile) {
  const std::string dir = test::scratch_dir("atomic-throw");
  const std::string path = dir + "/data.bin";
  write_file_atomically(path, std::string_view("old"));
  EXPECT_THROW(write_file_atomically(path,
                                     [](std::ostream& out) {
                                       out << "half";
                                       throw std::runtime_error("stop");
                                     }),
               std::runtime_error);
  EXPECT_EQ(read(path), "old");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(AtomicFile, AFolderThatCannotTakeTheFileIsAnError) {
  const std::string path = test::scratch_dir("atomic-missing") + "/no/such/folder/data.bin";
  try {
    write_file_atomically(path, [](std::ostream& out) { out << "x"; });
    ADD_FAILURE() << "no error";
  } catch (const AtomicWriteError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace interec

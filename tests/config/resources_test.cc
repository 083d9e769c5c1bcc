#include "config/resources.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/child_process.h"
#include "tests/test_data.h"

namespace interec {
namespace {

namespace fs = std::filesystem;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Resources, TheFlagsFolderGivesEveryFile) {
  const std::string dir = test::scratch_dir("resources-flag");
  for (const char* name : {"synonyms.tsv", "demonstrations.jsonl", "user_phrasings.tsv"})
    std::ofstream(dir + "/" + name) << name;
  const Resources r(dir);
  EXPECT_EQ(r.dir(), dir);
  EXPECT_EQ(read(r.synonyms()), "synonyms.tsv");
  EXPECT_EQ(read(r.demonstrations()), "demonstrations.jsonl");
  EXPECT_EQ(read(r.phrasings()), "user_phrasings.tsv");
}

TEST(Resources, AMissingFileIsAnErrorNamingItAndTheRule) {
  const std::string dir = test::scratch_dir("resources-missing");
  fs::create_directory(dir + "/synonyms.tsv");  // a folder is not the file either
  const Resources r(dir);
  for (const auto& get : {&Resources::synonyms, &Resources::demonstrations}) {
    try {
      (r.*get)();
      ADD_FAILURE() << "no error for a missing file";
    } catch (const ResourceError& e) {
      EXPECT_TRUE(contains(e.what(), dir + "/")) << e.what();
      EXPECT_TRUE(contains(e.what(), "--resources")) << e.what();
    }
  }
}

TEST(Resources, WithoutTheFlagTheFolderBesideTheBinary) {
  // The build links tools-data/ as resources/ beside every binary it makes.
  const Resources r;
  EXPECT_EQ(fs::canonical(r.dir()), fs::canonical(fs::read_symlink("/proc/self/exe").parent_path() / "resources"));
  EXPECT_EQ(read(r.synonyms()), read(test::source_root() + "/tools-data/synonyms.tsv"));
}

TEST(Resources, TheCommandStopsAtStartWhenAFileIsMissing) {
  const std::string data = test::tiny();
  const std::string empty = test::scratch_dir("resources-empty");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{test::interec_binary(), "chat", "--data", data, "--resources", empty},
        std::vector<std::string>{test::interec_binary(), "understand", "--data", data, "--resources", empty}}) {
    const test::RunResult run = test::run(command, "a comedy\n");
    EXPECT_EQ(run.exit_code, 1) << command[1] << ": " << run.err;
    EXPECT_TRUE(contains(run.err, empty + "/synonyms.tsv")) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;  // no reply planned without the synonyms
  }
  // The same files given by the flag: the agent answers.
  const std::string copy = test::scratch_dir("resources-copy") + "/res";
  fs::copy(test::source_root() + "/tools-data", copy, fs::copy_options::recursive);
  const test::RunResult run = test::run({test::interec_binary(), "chat", "--data", data, "--resources", copy}, "a comedy\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(run.out.empty());
}

}  // namespace
}  // namespace interec

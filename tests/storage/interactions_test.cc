#include "storage/interactions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

Interactions sample() {
  const float nan = std::nanf("");
  return Interactions::build({
      {"bob", 3, 4.0f, 200},
      {"ann", 1, 5.0f, 50},
      {"bob", 2, nan, 100},
      {"bob", 7, 1.0f, 200},  // same time as item 3: input order kept
      {"ann", 0, 2.5f, 10},
  });
}

std::string load_error_of(const std::string& path) {
  try {
    Interactions::load(path);
  } catch (const InteractionsError& e) {
    return e.what();
  }
  return "";
}

TEST(Interactions, BuildSortsByUserThenTime) {
  Interactions in = sample();
  ASSERT_EQ(in.users(), 2u);
  EXPECT_EQ(in.size(), 5u);
  EXPECT_EQ(in.user_id(0), "bob");  // first appearance
  EXPECT_EQ(in.find_user("ann"), 1);
  EXPECT_FALSE(in.find_user("carl"));
  auto bob = in.items(0);
  EXPECT_EQ(std::vector<ItemIndex>(bob.begin(), bob.end()), (std::vector<ItemIndex>{2, 3, 7}));
  EXPECT_TRUE(std::isnan(in.ratings(0)[0]));
  EXPECT_EQ(in.timestamps(1)[0], 10);
  EXPECT_EQ(in.items(1)[1], 1);
}

TEST(Interactions, SaveLoadRoundTrip) {
  const std::string path = test::scratch_dir("interactions-rt") + "/interactions.bin";
  Interactions a = sample();
  a.save(path);
  Interactions b = Interactions::load(path);
  ASSERT_EQ(b.users(), a.users());
  ASSERT_EQ(b.size(), a.size());
  for (UserIndex u = 0; u < static_cast<UserIndex>(a.users()); ++u) {
    EXPECT_EQ(b.user_id(u), a.user_id(u));
    EXPECT_EQ(b.find_user(a.user_id(u)), u);
    ASSERT_EQ(b.items(u).size(), a.items(u).size());
    for (size_t k = 0; k < a.items(u).size(); ++k) {
      EXPECT_EQ(b.items(u)[k], a.items(u)[k]);
      EXPECT_EQ(b.timestamps(u)[k], a.timestamps(u)[k]);
      EXPECT_TRUE(b.ratings(u)[k] == a.ratings(u)[k] || (std::isnan(b.ratings(u)[k]) && std::isnan(a.ratings(u)[k])));
    }
  }
  // Empty interactions survive too.
  Interactions::build({}).save(path);
  EXPECT_EQ(Interactions::load(path).users(), 0u);
}

TEST(Interactions, DamagedFilesAreClearErrors) {
  const std::string dir = test::scratch_dir("interactions-bad");
  const std::string path = dir + "/interactions.bin";
  sample().save(path);
  const auto size = std::filesystem::file_size(path);

  EXPECT_NE(load_error_of(dir + "/missing.bin").find(dir + "/missing.bin"), std::string::npos);

  std::filesystem::resize_file(path, size - 9);
  std::string msg = load_error_of(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;

  sample().save(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size) - 20);
    f.put('\x5a');
  }
  msg = load_error_of(path);
  EXPECT_NE(msg.find("corrupt"), std::string::npos) << msg;

  sample().save(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8);
    f.put('\x09');  // version 9
  }
  msg = load_error_of(path);
  EXPECT_NE(msg.find("version 9"), std::string::npos) << msg;

  test::write_file(path, "not an interactions file at all, just some text");
  msg = load_error_of(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
}

}  // namespace
}  // namespace interec

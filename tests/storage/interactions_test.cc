#include "storage/interactions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "storage/checksum.h"
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
  EXPECT_TRUE(b.mapped());
  EXPECT_FALSE(a.mapped());
  for (const char* absent : {"", "a", "annie", "bo", "carl", "zed"}) EXPECT_FALSE(b.find_user(absent)) << absent;
  // Copies share the mapping, which outlives the original.
  Interactions c = b;
  b = Interactions();
  EXPECT_EQ(c.user_id(1), "ann");
  EXPECT_EQ(c.items(0)[2], 7);
  // Empty interactions survive too.
  Interactions::build({}).save(path);
  EXPECT_EQ(Interactions::load(path).users(), 0u);
  EXPECT_FALSE(Interactions::load(path).find_user("bob"));
}

// Many users, to cover the binary search and the sampled checksum over a
// file of more than 64 blocks.
TEST(Interactions, ManyUsersRoundTrip) {
  std::vector<Interactions::Row> rows;
  for (int k = 0; k < 60000; ++k)
    rows.push_back({"user-" + std::to_string(k * 7919 % 20000), k % 97, 1.0f, static_cast<int64_t>(k % 13)});
  const Interactions a = Interactions::build(rows);
  const std::string path = test::scratch_dir("interactions-many") + "/interactions.bin";
  a.save(path);
  ASSERT_GT(std::filesystem::file_size(path), 64u * 4096);
  const Interactions b = Interactions::load(path);
  ASSERT_EQ(b.users(), 20000u);
  for (UserIndex u = 0; u < static_cast<UserIndex>(a.users()); ++u) {
    ASSERT_EQ(b.user_id(u), a.user_id(u));
    ASSERT_EQ(b.find_user(a.user_id(u)), u);
    ASSERT_EQ(std::vector<ItemIndex>(b.items(u).begin(), b.items(u).end()),
              std::vector<ItemIndex>(a.items(u).begin(), a.items(u).end()));
  }
  EXPECT_FALSE(b.find_user("user-20000"));
  // verify() (which save() runs on the file it wrote) reads every byte; a
  // start reads only a sample.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(path) / 2 + 2048 + 3));
    f.put('\x5a');
  }
  try {
    Interactions::verify(path);
    ADD_FAILURE() << "no error";
  } catch (const InteractionsError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": corrupt"), std::string::npos) << e.what();
  }
}

// A file of the layout before (version 1: arrays packed, no user order, one
// checksum) is still read, the old way.
TEST(Interactions, VersionOneFilesAreStillRead) {
  const Interactions a = sample();
  std::string bytes = "IRECINTR";
  Checksum sum;
  auto put = [&](const void* p, size_t n) { bytes.append(static_cast<const char*>(p), n); };
  const uint32_t version = 1, mark = 0x01020304;
  put(&version, 4);
  put(&mark, 4);
  std::string ids;
  std::vector<uint64_t> offsets{0}, id_offsets{0};
  for (UserIndex u = 0; u < static_cast<UserIndex>(a.users()); ++u) {
    ids += a.user_id(u);
    id_offsets.push_back(ids.size());
    offsets.push_back(offsets.back() + a.items(u).size());
  }
  const uint64_t counts[3] = {a.users(), a.size(), ids.size()};
  put(counts, sizeof counts);
  put(offsets.data(), 8 * offsets.size());
  put(id_offsets.data(), 8 * id_offsets.size());
  put(ids.data(), ids.size());
  for (UserIndex u = 0; u < 2; ++u) put(a.items(u).first, 4 * a.items(u).size());
  for (UserIndex u = 0; u < 2; ++u) put(a.ratings(u).first, 4 * a.ratings(u).size());
  for (UserIndex u = 0; u < 2; ++u) put(a.timestamps(u).first, 8 * a.timestamps(u).size());
  sum.add(bytes.data(), bytes.size());
  const uint64_t value = sum.value();
  put(&value, 8);
  const std::string path = test::scratch_dir("interactions-v1") + "/interactions.bin";
  test::write_file(path, bytes);

  const Interactions b = Interactions::load(path);
  EXPECT_FALSE(b.mapped());
  ASSERT_EQ(b.users(), 2u);
  EXPECT_EQ(b.user_id(0), "bob");
  EXPECT_EQ(b.find_user("ann"), 1);
  EXPECT_EQ(std::vector<ItemIndex>(b.items(0).begin(), b.items(0).end()), (std::vector<ItemIndex>{2, 3, 7}));
  EXPECT_EQ(b.timestamps(1)[0], 10);

  bytes[bytes.size() - 12] ^= 1;  // a damaged timestamp: the whole file is checked
  test::write_file(path, bytes);
  EXPECT_NE(load_error_of(path).find(path + ": corrupt"), std::string::npos) << load_error_of(path);
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
    std::ofstream f(path, std::ios::binary | std::ios::app);
    f << "trailing";
  }
  msg = load_error_of(path);
  EXPECT_NE(msg.find(path + ": truncated or corrupt"), std::string::npos) << msg;

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

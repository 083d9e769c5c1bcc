// A damaged profile store is never silently replaced by an empty one: one
// test per kind of damage (missing CURRENT; truncated .sst, MANIFEST and
// CURRENT; empty OPTIONS; torn WAL) checks the message and that the
// documented recovery gets back every acknowledged write RocksDB does not
// report lost. Then repair, backup and restore on real databases, a backup
// taken while another thread writes included.
#include "storage/profile_recovery.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <rocksdb/sst_file_reader.h>

#include "storage/profile_store.h"
#include "tests/test_data.h"

namespace fs = std::filesystem;

namespace interec {
namespace {

constexpr int kUsers = 10;

std::string user(int k) { return "cli:u" + std::to_string(k); }

std::unique_ptr<ProfileStore> open_store(const std::string& path) {
  ProfileStoreOptions o;
  o.path = path;
  o.cache_profiles = 0;  // every read goes to RocksDB
  return ProfileStore::open(o);
}

void write_user(ProfileStore& store, int k) {
  ProfileUpdate u;
  u.like = {"i" + std::to_string(k)};
  u.dialogue = {"line " + std::to_string(k)};
  store.update_sync(user(k), u);
}

// Users 0-4 in table files, 5-9 only in the WAL.
std::string make_store(const std::string& test) {
  const std::string path = test::scratch_dir(test) + "/profiles";
  auto store = open_store(path);
  for (int k = 0; k < kUsers / 2; ++k) write_user(*store, k);
  store->compact();
  for (int k = kUsers / 2; k < kUsers; ++k) write_user(*store, k);
  return path;
}

// The users of 0..kUsers-1 whose profile and dialogue are intact.
std::set<int> intact_users(const std::string& path) {
  std::set<int> out;
  auto store = open_store(path);
  for (int k = 0; k < kUsers; ++k) {
    auto p = store->get(user(k));
    if (p && p->liked == std::vector<std::string>{"i" + std::to_string(k)} &&
        store->dialogue(user(k), 5) == std::vector<std::string>{"line " + std::to_string(k)})
      out.insert(k);
  }
  return out;
}

std::set<int> all_users() {
  std::set<int> out;
  for (int k = 0; k < kUsers; ++k) out.insert(k);
  return out;
}

std::string first_file(const std::string& dir, const std::string& prefix, const std::string& suffix = "") {
  std::string best;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 && (best.empty() || name > best))
      best = name;
  }
  return best.empty() ? best : (fs::path(dir) / best).string();
}

// The users (of 0..kUsers-1) with a key in the table file `path`.
std::set<int> users_in_table(const std::string& path) {
  std::set<int> out;
  rocksdb::SstFileReader reader{rocksdb::Options()};
  EXPECT_TRUE(reader.Open(path).ok()) << path;
  std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    for (int k = 0; k < kUsers; ++k)
      if (it->key().starts_with(user(k)) &&
          (it->key().size() == user(k).size() || it->key()[user(k).size()] == '\0'))
        out.insert(k);
  return out;
}

std::set<std::string> dir_listing(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// The message of the ProfileStoreError opening `path` throws ("" when none).
std::string open_error(const std::string& path) {
  try {
    open_store(path);
  } catch (const ProfileStoreError& e) {
    return e.what();
  }
  return "";
}

void expect_recovery_hint(const std::string& message, const std::string& path) {
  EXPECT_NE(message.find("damaged"), std::string::npos) << message;
  EXPECT_NE(message.find("interec profile repair --state " + path), std::string::npos) << message;
  EXPECT_NE(message.find("interec profile restore --from"), std::string::npos) << message;
}

TEST(ProfileDamage, MissingCurrentIsReportedAndNothingIsCreated) {
  const auto path = make_store("damage_current_missing");
  fs::remove(fs::path(path) / "CURRENT");
  const auto before = dir_listing(path);
  const auto message = open_error(path);
  expect_recovery_hint(message, path);
  EXPECT_NE(message.find("CURRENT file is missing"), std::string::npos) << message;
  EXPECT_EQ(dir_listing(path), before) << "the failed open must not create a new database over the old files";
  EXPECT_NE(open_error(path), "") << "and neither must a second try";

  const auto report = repair_profile_store(path);
  EXPECT_EQ(dir_listing(report.copy), before) << "repair keeps a copy of the folder as it was";
  EXPECT_EQ(report.users, static_cast<size_t>(kUsers));
  EXPECT_EQ(intact_users(path), all_users());
}

TEST(ProfileDamage, TruncatedCurrentIsReportedThenRepaired) {
  const auto path = make_store("damage_current_truncated");
  fs::resize_file(fs::path(path) / "CURRENT", 6);
  expect_recovery_hint(open_error(path), path);
  repair_profile_store(path);
  EXPECT_EQ(intact_users(path), all_users());
}

TEST(ProfileDamage, TruncatedManifestIsReportedThenRepaired) {
  const auto path = make_store("damage_manifest_truncated");
  const auto manifest = first_file(path, "MANIFEST-");
  ASSERT_FALSE(manifest.empty());
  fs::resize_file(manifest, fs::file_size(manifest) / 2);
  expect_recovery_hint(open_error(path), path);
  repair_profile_store(path);
  EXPECT_EQ(intact_users(path), all_users());
}

TEST(ProfileDamage, TruncatedTableFileIsReportedAndTheLossIsNamed) {
  const auto path = make_store("damage_sst_truncated");
  const auto backups = fs::path(path).parent_path() / "backups";
  backup_profile_store(path, backups.string());
  const auto table = first_file(path, "", ".sst");
  ASSERT_FALSE(table.empty());
  const auto held = users_in_table(table);
  ASSERT_FALSE(held.empty());
  fs::resize_file(table, fs::file_size(table) / 2);
  const auto message = open_error(path);
  expect_recovery_hint(message, path);
  EXPECT_NE(message.find(fs::path(table).filename().string()), std::string::npos) << "name the file: " << message;

  // Repair says which file it could not read, and loses nothing else: a
  // user who is not intact afterwards had data in that file.
  const auto report = repair_profile_store(path);
  ASSERT_EQ(report.lost_files.size(), 1u);
  EXPECT_NE(report.lost_files[0].find(fs::path(table).filename().string()), std::string::npos);
  const auto intact = intact_users(path);
  for (int k = 0; k < kUsers; ++k) {
    if (!intact.count(k)) {
      EXPECT_TRUE(held.count(k)) << "user " << k << " lost, not in the reported file";
    }
  }
  // The backup taken before the damage has everything.
  const auto restored = restore_profile_store(backups.string(), path);
  EXPECT_FALSE(restored.previous.empty());
  EXPECT_EQ(intact_users(path), all_users());
}

TEST(ProfileDamage, EmptyOptionsFileLosesNothing) {
  const auto path = make_store("damage_options_empty");
  const auto options = first_file(path, "OPTIONS-");
  ASSERT_FALSE(options.empty());
  fs::resize_file(options, 0);
  EXPECT_EQ(open_error(path), "") << "RocksDB does not need OPTIONS to open";
  EXPECT_EQ(intact_users(path), all_users());
}

TEST(ProfileDamage, TornWalTailLosesOnlyTheTornRecord) {
  const auto path = make_store("damage_wal_torn");
  const auto wal = first_file(path, "", ".log");
  ASSERT_FALSE(wal.empty());
  ASSERT_GT(fs::file_size(wal), 0u) << "users 5-9 must be in the WAL";
  {
    // A crash in the middle of writing a record never acknowledged.
    std::ofstream out(wal, std::ios::binary | std::ios::app);
    out << std::string("\x13\x57\x9a\x00\x40\x00\x01partial record", 21);
  }
  EXPECT_EQ(open_error(path), "");
  EXPECT_EQ(intact_users(path), all_users());
}

TEST(ProfileDamage, NonEmptyFolderThatIsNoDatabaseIsNotFilled) {
  const auto dir = test::scratch_dir("damage_foreign_folder");
  std::ofstream(dir + "/notes.txt") << "my notes";
  const auto message = open_error(dir);
  EXPECT_NE(message.find("not a profile database"), std::string::npos) << message;
  EXPECT_EQ(dir_listing(dir), std::set<std::string>{"notes.txt"});
}

TEST(ProfileRecovery, RepairOfAStoreInUseIsRefused) {
  const auto path = make_store("repair_in_use");
  auto store = open_store(path);
  try {
    repair_profile_store(path);
    FAIL() << "repair must refuse a store in use";
  } catch (const ProfileStoreError& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
}

TEST(ProfileRecovery, RestoreMovesTheCurrentFolderAsideAndPicksTheBackup) {
  const auto path = make_store("restore_aside");
  const auto backups = (fs::path(path).parent_path() / "backups").string();
  const auto first = backup_profile_store(path, backups);
  {
    auto store = open_store(path);
    store->erase_sync(user(0));
  }
  const auto second = backup_profile_store(path, backups);
  EXPECT_GT(second.id, first.id);
  ASSERT_EQ(list_profile_backups(backups).size(), 2u);

  const auto report = restore_profile_store(backups, path, first.id);
  EXPECT_EQ(report.id, first.id);
  EXPECT_EQ(report.users, static_cast<size_t>(kUsers));
  EXPECT_EQ(intact_users(path), all_users());
  EXPECT_EQ(intact_users(report.previous).count(0), 0u) << "the folder moved aside is the one before";
  EXPECT_THROW(restore_profile_store(backups, path, 99), ProfileStoreError);
}

// A backup while another writer commits: every update acknowledged before
// the backup began is in it.
TEST(ProfileRecovery, BackupWhileInUseHoldsEveryEarlierAcknowledgedWrite) {
  const auto dir = test::scratch_dir("backup_in_use");
  const auto path = dir + "/profiles";
  auto store = open_store(path);
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::thread writer([&] {
    for (int k = 0; !stop; ++k) {
      ProfileUpdate u;
      u.like = {"i" + std::to_string(k)};
      store->update_sync("cli:w" + std::to_string(k % 50), u);
      acknowledged = k + 1;
      if (k % 200 == 199) store->compact();
    }
  });
  while (acknowledged < 300) std::this_thread::yield();
  const int before = acknowledged;
  const auto report = backup_profile_store(path, dir + "/backups");
  stop = true;
  writer.join();
  EXPECT_TRUE(report.store_in_use);
  const auto restore_path = dir + "/restored";
  restore_profile_store(dir + "/backups", restore_path);
  auto restored = open_store(restore_path);
  int missing = 0;
  for (int k = 0; k < before; ++k) {
    auto p = restored->get("cli:w" + std::to_string(k % 50));
    const std::string item = "i" + std::to_string(k);
    if (!p || std::find(p->liked.begin(), p->liked.end(), item) == p->liked.end()) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << before << " updates acknowledged before the backup";
}

}  // namespace
}  // namespace interec

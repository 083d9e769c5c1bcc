// `interec profile` and the store's failure modes through the real binary,
// as a user meets them: erasure, a damaged store, repair, backup, restore.
#include "storage/profile_command.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rocksdb/db.h>

#include "storage/profile_db.h"
#include "storage/text.h"

#include "tests/child_process.h"
#include "tests/test_data.h"

namespace fs = std::filesystem;

namespace interec {
namespace {

using test::interec_binary;
using test::run;
using test::RunResult;

RunResult interec(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), interec_binary());
  return run(args, input);
}

std::set<std::string> store_listing(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

std::vector<std::string> store_files_containing(const std::string& dir, const std::string& needle) {
  std::vector<std::string> hits;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) hits.push_back(e.path().string());
  }
  return hits;
}

TEST(ProfileCommand, DeleteLeavesNoTraceOfWhatTheUserTyped) {
  const auto data = test::tiny_dataset("cli_erase");
  // No run of four bytes shared with the user's key or the catalog: table
  // files are compressed, and a shared run would be stored as a reference.
  const std::string phrase = "my-private-phrase-wombat-4417";
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "secretive"}, "I loved Frozen Creek, " + phrase + "\n").exit_code, 0);
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "other"}, "something like Neon Heist\n").exit_code, 0);
  ASSERT_FALSE(store_files_containing(data + "/profiles", phrase).empty());
  {
    ProfileStoreOptions options;
    options.path = data + "/profiles";
    ASSERT_TRUE(ProfileStore::open(options)->conversation("cli:secretive", "").has_value())
      << "the chat stored no dialogue state, so its erasure is not tested";
  }
  const auto deleted = interec({"profile", "delete", "--data", data, "--user", "cli:secretive"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted cli:secretive\n");
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "later"}, "a comedy\n").exit_code, 0);
  EXPECT_EQ(store_files_containing(data + "/profiles", phrase), std::vector<std::string>{});
  EXPECT_EQ(store_files_containing(data + "/profiles", "cli:secretive"), std::vector<std::string>{});
  EXPECT_EQ(interec({"profile", "show", "--data", data, "--user", "cli:secretive"}).exit_code, 1);
  EXPECT_EQ(interec({"profile", "show", "--data", data, "--user", "cli:other"}).exit_code, 0);
}

// The report: with CURRENT removed, a command used to create a new
// empty database over the old files, and the next chat started empty.
TEST(ProfileCommand, DamagedStoreStopsEveryCommandUntilRepaired) {
  const auto data = test::tiny_dataset("cli_damaged");
  const auto store = data + "/profiles";
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "ann"}, "I loved Frozen Creek\n").exit_code, 0);
  fs::remove(fs::path(store) / "CURRENT");
  const auto before = store_listing(store);
  for (const auto& args : std::vector<std::vector<std::string>>{
         {"profile", "show", "--data", data, "--user", "cli:ann"},
         {"chat", "--data", data, "--user", "ann"},
         {"profile", "delete", "--data", data, "--user", "cli:ann"}}) {
    const auto r = interec(args, "hello\n");
    EXPECT_EQ(r.exit_code, 1) << args[0] << " " << args[1];
    EXPECT_NE(r.err.find("is damaged"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("interec profile repair --state " + store), std::string::npos) << r.err;
    EXPECT_EQ(store_listing(store), before) << "nothing may be created over the damaged store";
  }
  const auto repaired = interec({"profile", "repair", "--data", data});
  EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
  EXPECT_NE(repaired.out.find("1 users"), std::string::npos) << repaired.out;
  const auto shown = interec({"profile", "show", "--data", data, "--user", "cli:ann"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Frozen Creek"), std::string::npos) << shown.out;
}

TEST(ProfileCommand, BackupThenRestoreBringsAProfileBack) {
  const auto data = test::tiny_dataset("cli_backup");
  const auto backups = test::scratch_dir("cli_backup_to");
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "ann"}, "I loved Frozen Creek\n").exit_code, 0);
  const auto backup = interec({"profile", "backup", "--data", data, "--to", backups});
  EXPECT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("backup 1 of"), std::string::npos) << backup.out;
  ASSERT_EQ(interec({"profile", "delete", "--data", data, "--user", "cli:ann"}).exit_code, 0);
  const auto restored = interec({"profile", "restore", "--data", data, "--from", backups});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  const auto shown = interec({"profile", "show", "--data", data, "--user", "cli:ann"});
  EXPECT_NE(shown.out.find("Frozen Creek"), std::string::npos) << shown.out;
  const auto missing = interec({"profile", "restore", "--data", data, "--from", backups, "--backup", "7"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no backup 7"), std::string::npos) << missing.err;
}

// The report: one bad byte in a chat line made `profile export`
// fail for good with "[json.exception.type_error.316] invalid UTF-8 byte".
TEST(ProfileCommand, ExportNeverFailsOnWhatWasTyped) {
  const auto data = test::tiny_dataset("cli_utf8");
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "inv"}, "a comedy \xff\xfe\xc3 from the 90s\n").exit_code, 0);
  const auto exported = interec({"profile", "export", "--data", data, "--user", "cli:inv"});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(text::is_utf8(exported.out));
  const auto doc = nlohmann::json::parse(exported.out);
  ASSERT_FALSE(doc["dialogue"].empty());
  EXPECT_NE(doc["dialogue"][0].get<std::string>().find("a comedy \xEF\xBF\xBD"), std::string::npos) << exported.out;
}

// Data an older interec stored with bad bytes exports too.
TEST(ProfileCommand, ExportNeverFailsOnBadBytesAlreadyStored) {
  const auto data = test::tiny_dataset("cli_utf8_stored");
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "old"}, "I loved Frozen Creek\n").exit_code, 0);
  {
    // Written as older versions did: straight into RocksDB.
    rocksdb::DB* raw = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    ASSERT_TRUE(rocksdb::DB::Open(profile_db::db_options(), data + "/profiles", profile_db::column_families(),
                                  &handles, &raw)
                  .ok());
    std::string key = "cli:old";
    key.push_back('\0');
    key += std::string(7, '\0') + "\x63";
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[3], key, "user: caf\xe9 \xff").ok());
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  const auto exported = interec({"profile", "export", "--data", data, "--user", "cli:old"});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(text::is_utf8(exported.out));
  EXPECT_NE(exported.out.find("Frozen Creek"), std::string::npos);
}

// The report: re-preparing another dataset into the folder kept the
// old profiles, and a "seen Fargo" became "City Hall (1996)" silently.
TEST(ProfileCommand, ProfilesOfAnotherDatasetAreRefusedWithAWayOut) {
  const auto data = test::tiny_dataset("cli_stale");
  ASSERT_EQ(interec({"chat", "--data", data, "--user", "ann"}, "I've already seen Fargo\n").exit_code, 0);
  const std::string src = test::scratch_dir("cli_stale_other");
  std::ofstream(src + "/items.csv") << "item_id,title\n1,Nixon (1995)\n2,Balto (1995)\n3,City Hall (1996)\n";
  std::ofstream(src + "/interactions.csv") << "user_id,item_id\n1,1\n1,2\n2,3\n2,1\n";
  const auto prepared = interec({"prepare", "--quiet", "--source", src, "--out", data});
  EXPECT_EQ(prepared.exit_code, 0) << prepared.err;
  EXPECT_NE(prepared.out.find("interec profile rebind"), std::string::npos) << prepared.out;
  for (const auto& args : std::vector<std::vector<std::string>>{
         {"profile", "show", "--data", data, "--user", "cli:ann"}, {"chat", "--data", data, "--user", "ann"}}) {
    const auto r = interec(args, "hello\n");
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_NE(r.err.find("belong to dataset"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("interec profile rebind --data " + data), std::string::npos) << r.err;
  }
  // The way out when the items are the same: here they are not, and
  // rebinding says how many stored ids the catalog lacks.
  const auto rebound = interec({"profile", "rebind", "--data", data});
  EXPECT_EQ(rebound.exit_code, 0) << rebound.err;
  EXPECT_NE(rebound.out.find("bound "), std::string::npos) << rebound.out;
  EXPECT_EQ(interec({"profile", "show", "--data", data, "--user", "cli:ann"}).exit_code, 0);
}

}  // namespace
}  // namespace interec

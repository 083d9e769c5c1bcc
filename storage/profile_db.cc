#include "storage/profile_db.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

namespace fs = std::filesystem;

namespace interec::profile_db {
namespace {

rocksdb::ColumnFamilyOptions small_value_cf_options(size_t write_buffer) {
  rocksdb::ColumnFamilyOptions cf;
  // Values are small JSON documents: a small memtable keeps memory low and
  // flushes often enough that recovery replays little WAL.
  cf.write_buffer_size = write_buffer;
  cf.max_write_buffer_number = 3;
  rocksdb::BlockBasedTableOptions table;
  // Profiles are read by exact key: a bloom filter skips SST files that do
  // not hold the key, so an unknown user costs no data-block read.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  // Small blocks suit small values read one at a time.
  table.block_size = 4 * 1024;
  table.cache_index_and_filter_blocks = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Most profiles are found; avoid filters on the last level (saves memory).
  cf.optimize_filters_for_hits = true;
  return cf;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Files RocksDB writes that hold (or describe) data.
bool is_database_file(const std::string& name) {
  return name == "IDENTITY" || starts_with(name, "MANIFEST-") || starts_with(name, "OPTIONS-") ||
         ends_with(name, ".sst") || ends_with(name, ".log") || ends_with(name, ".blob");
}

// Files a database folder may hold that say nothing about its data.
bool is_bookkeeping_file(const std::string& name) {
  return name == "LOCK" || name == "LOG" || starts_with(name, "LOG.old");
}

// The dataset record: {"fingerprint": F, "name": N}.
void check_dataset(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* meta, const ProfileStoreOptions& options) {
  const std::string& path = options.path;
  std::string value;
  auto s = db.Get(rocksdb::ReadOptions(), meta, kDatasetKey, &value);
  if (!s.ok() && !s.IsNotFound()) throw ProfileStoreError("cannot read " + path + ": " + s.ToString());
  if (s.ok() && !options.rebind_dataset) {
    const auto recorded = nlohmann::json::parse(value, nullptr, false);
    const std::string fingerprint = recorded.is_object() ? recorded.value("fingerprint", "") : "";
    if (fingerprint == options.dataset_fingerprint) return;
    const std::string name = recorded.is_object() ? recorded.value("name", "?") : "?";
    throw ProfileStoreError(
      "the profiles in " + path + " belong to dataset '" + name + "' (fingerprint " + fingerprint +
      "), not to '" + options.dataset_name + "' (fingerprint " + options.dataset_fingerprint +
      "): their item ids would name other items. Give this dataset its own profiles with --state NEW_DIR, or, "
      "if it holds the same items prepared again, bind the profiles to it: `interec profile rebind --data " +
      (options.dataset_dir.empty() ? std::string("DIR") : options.dataset_dir) + " --state " + path + "`");
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const nlohmann::json record = {{"fingerprint", options.dataset_fingerprint}, {"name", options.dataset_name}};
  s = db.Put(wo, meta, kDatasetKey, record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!s.ok()) throw ProfileStoreError("cannot write to " + path + ": " + s.ToString());
}

}  // namespace

rocksdb::DBOptions db_options() {
  rocksdb::DBOptions o;
  o.create_if_missing = false;  // prepare_folder() decides
  o.create_missing_column_families = true;
  // Info logs of a small store need not grow without bound. At INFO level
  // RocksDB logs the key range of each manual compaction, so an erasure
  // (ProfileStore::erase) would leave the erased user's key in the log:
  // warnings and errors only.
  o.keep_log_file_num = 3;
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // Each version edit starts a new MANIFEST holding only the live state, so
  // that the boundaries of deleted files (erased users' keys) do not linger
  // in it. Version edits come with flushes and compactions, rare for a
  // store of small values, and a MANIFEST of a few files is small.
  o.max_manifest_file_size = 1;
  // Every flush covers every column family (see flush_all()).
  o.atomic_flush = true;
  o.max_total_wal_size = 64 << 20;
  o.max_background_jobs = 2;
  // Verify checksums of what is read at open (WAL replay included), so a
  // corrupt database is reported instead of served.
  o.paranoid_checks = true;
  // A torn last WAL record (crash during a write) is dropped on recovery;
  // every record before it was synced and is kept.
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  return o;
}

std::vector<rocksdb::ColumnFamilyDescriptor> column_families() {
  const auto cf = small_value_cf_options(8 << 20);
  return {
    {rocksdb::kDefaultColumnFamilyName, cf},
    {kProfilesCf, cf},
    {kHistoryCf, cf},
    {kDialogueCf, cf},
    {kConversationsCf, cf},
  };
}

namespace {

// Builds an empty database in a sibling folder and renames it onto `path`
// (absent, or a folder holding nothing or bookkeeping files only), so that a
// process killed while creating leaves either no database or a whole one,
// never database files without CURRENT, which would read as damage.
void create_database(const fs::path& path) {
  const fs::path folder = path.filename().empty() ? path.parent_path() : path;
  const fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
  const std::string prefix = "." + folder.filename().string() + ".creating-";
  std::error_code ec;
  // Leftovers of creators that were killed (their process is gone).
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::atol(name.c_str() + prefix.size());
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
  }
  const fs::path tmp = parent / (prefix + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  rocksdb::DBOptions o = db_options();
  o.create_if_missing = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(o, tmp.string(), column_families(), &handles, &raw);
  if (s.ok()) {
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    s = raw->Close();
    delete raw;
  }
  if (!s.ok()) {
    fs::remove_all(tmp, ec);
    throw ProfileStoreError("cannot create the profile database " + folder.string() + ": " + s.ToString());
  }
  // An old LOG or LOCK would keep rename() from replacing the folder.
  if (fs::exists(folder, ec))
    for (const auto& entry : fs::directory_iterator(folder, ec)) fs::remove(entry.path(), ec);
  fs::rename(tmp, folder, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove_all(tmp, ec);
    throw ProfileStoreError("cannot move the new profile database into " + folder.string() + ": " + why);
  }
}

}  // namespace

void prepare_folder(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::create_directories(fs::path(path).parent_path(), ec);
    return create_database(path);
  }
  if (!fs::is_directory(path, ec)) throw ProfileStoreError(path + " is not a folder");
  bool current = false;
  std::vector<std::string> data, other;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == "CURRENT") current = true;
    else if (is_database_file(name)) data.push_back(name);
    else if (!is_bookkeeping_file(name) && name != "lost") other.push_back(name);
  }
  if (ec) throw ProfileStoreError("cannot list the profile folder " + path + ": " + ec.message());
  if (current) return;
  if (!data.empty())
    throw ProfileStoreError("profile database " + path + " is damaged: its CURRENT file is missing, but it holds " +
                            std::to_string(data.size()) +
                            " database files (e.g. " + data.front() + "); nothing was changed. " +
                            recovery_commands(path));
  if (!other.empty())
    throw ProfileStoreError(path + " is not a profile database and not empty (it holds " + other.front() +
                            "): give --state an empty or new folder");
  create_database(path);
}

ProfileStoreError open_error(const std::string& path, const rocksdb::Status& s) {
  const std::string why = s.ToString();
  if (why.find("lock") != std::string::npos || why.find("Resource temporarily unavailable") != std::string::npos)
    return ProfileStoreError("profile database " + path + " is in use by another interec process (" + why + ")");
  if (s.IsInvalidArgument() && why.find("olumn famil") != std::string::npos)
    return ProfileStoreError(path + " is not an interec profile database: " + why);
  if (s.IsCorruption() || s.IsIOError() || s.IsNotFound() || s.IsInvalidArgument())
    return ProfileStoreError("profile database " + path + " is damaged: " + why + ". " + recovery_commands(path));
  return ProfileStoreError("cannot open profile database " + path + ": " + why);
}

void initialize(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                const ProfileStoreOptions& options) {
  const std::string& path = options.path;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  std::string value;
  auto s = db.Get(rocksdb::ReadOptions(), handles[0], kFormatKey, &value);
  if (s.IsNotFound()) {
    s = db.Put(wo, handles[0], kFormatKey, kFormatVersion);
    if (!s.ok()) throw ProfileStoreError("cannot write to " + path + ": " + s.ToString());
  } else if (!s.ok()) {
    throw ProfileStoreError("cannot read " + path + ": " + s.ToString());
  } else if (value != kFormatVersion) {
    throw ProfileStoreError("profile database " + path + " has format version " + value +
                            "; this interec reads version " + kFormatVersion);
  }
  if (!options.dataset_fingerprint.empty()) check_dataset(db, handles[0], options);
  bool anchored = false;
  for (size_t k = 1; k < handles.size(); ++k) {
    s = db.Get(rocksdb::ReadOptions(), handles[k], "", &value);
    if (s.ok()) continue;
    if (!s.IsNotFound()) throw ProfileStoreError("cannot read " + path + ": " + s.ToString());
    s = db.Put(wo, handles[k], "", "interec column family anchor");
    if (!s.ok()) throw ProfileStoreError("cannot write to " + path + ": " + s.ToString());
    anchored = true;
  }
  if (anchored && !(s = flush_all(db, handles)).ok())
    throw ProfileStoreError("cannot write to " + path + ": " + s.ToString());
}

rocksdb::Status flush_all(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  auto s = db.Flush(flush, handles);
  // Obsolete files are otherwise deleted in the background: re-enabling
  // deletions deletes them now.
  if (s.ok()) s = db.DisableFileDeletions();
  if (s.ok()) s = db.EnableFileDeletions(/*force=*/false);
  return s;
}

std::string recovery_commands(const std::string& path) {
  return "To recover, stop every interec process using it, then run `interec profile repair --state " + path +
         "` (it copies the folder first), or `interec profile restore --from BACKUP_DIR --state " + path +
         "` to return to a backup made with `interec profile backup`";
}

bool in_use(const std::string& path) {
  rocksdb::Env* env = rocksdb::Env::Default();
  rocksdb::FileLock* lock = nullptr;
  const auto s = env->LockFile(path + "/LOCK", &lock);
  if (!s.ok()) return true;
  env->UnlockFile(lock);
  return false;
}

}  // namespace interec::profile_db

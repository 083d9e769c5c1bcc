#include "storage/profile_recovery.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <memory>
#include <set>

#include <rocksdb/db.h>
#include <rocksdb/utilities/backup_engine.h>

#include "storage/profile_db.h"
#include "storage/profile_store.h"

namespace fs = std::filesystem;

namespace interec {
namespace {

// A sibling of `path` that does not exist yet: PATH.WHAT-YYYYMMDD-HHMMSS[-N].
std::string aside_path(const std::string& path, const std::string& what) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::string base = fs::path(path).lexically_normal().string();
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  base += "." + what + "-" + stamp;
  std::string candidate = base;
  std::error_code ec;
  for (int n = 2; fs::exists(candidate, ec); ++n) candidate = base + "-" + std::to_string(n);
  return candidate;
}

void require_store(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) throw ProfileStoreError("no profile database at " + path);
  if (profile_db::in_use(path))
    throw ProfileStoreError("profile database " + path +
                            " is in use by another interec process: stop it first");
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir, ec).string());
  return out;
}

size_t count_users(const std::string& path) {
  ProfileStoreOptions options;
  options.path = path;
  return ProfileStore::open(options)->keys().size();
}

struct OpenDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ~OpenDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    if (db) db->Close();
  }
};

std::unique_ptr<rocksdb::BackupEngine> open_backup_engine(const std::string& backup_dir) {
  rocksdb::BackupEngine* raw = nullptr;
  auto s = rocksdb::BackupEngine::Open(rocksdb::BackupEngineOptions(backup_dir), rocksdb::Env::Default(), &raw);
  if (!s.ok()) throw ProfileStoreError("cannot open the backup folder " + backup_dir + ": " + s.ToString());
  return std::unique_ptr<rocksdb::BackupEngine>(raw);
}

// Opens the store at `path` for a backup: as the owner when nobody has it
// open, else as a secondary instance that follows the owner's files.
void open_for_backup(const std::string& path, const std::string& secondary_dir, OpenDb& out, bool& in_use) {
  in_use = profile_db::in_use(path);
  rocksdb::DBOptions options = profile_db::db_options();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (!in_use) {
    s = rocksdb::DB::Open(options, path, profile_db::column_families(), &out.handles, &raw);
  } else {
    options.max_open_files = -1;  // required of a secondary instance
    s = rocksdb::DB::OpenAsSecondary(options, path, secondary_dir, profile_db::column_families(), &out.handles,
                                     &raw);
    if (s.ok()) s = raw->TryCatchUpWithPrimary();
  }
  out.db.reset(raw);
  if (!s.ok()) throw profile_db::open_error(path, s);
}

}  // namespace

RepairReport repair_profile_store(const std::string& path) {
  require_store(path);
  RepairReport report;
  report.copy = aside_path(path, "before-repair");
  std::error_code ec;
  fs::copy(path, report.copy, fs::copy_options::recursive, ec);
  if (ec)
    throw ProfileStoreError("cannot copy " + path + " to " + report.copy + " before repairing: " + ec.message() +
                            "; nothing was changed");
  const fs::path lost = fs::path(path) / "lost";
  const auto lost_before = files_in(lost);
  rocksdb::DBOptions options = profile_db::db_options();
  // RepairDB writes its MANIFEST before the column families are set up: a
  // roll at every edit trips an assertion there. The next open rolls it.
  options.max_manifest_file_size = rocksdb::DBOptions().max_manifest_file_size;
  auto s = rocksdb::RepairDB(path, options, profile_db::column_families());
  if (!s.ok())
    throw ProfileStoreError("repair of " + path + " failed: " + s.ToString() + "; the folder as it was is in " +
                            report.copy);
  // RepairDB also archives the MANIFEST it replaced and the WAL files it
  // turned into tables: only table files it could not read held data.
  for (const auto& f : files_in(lost))
    if (!lost_before.count(f) && f.size() > 4 && f.compare(f.size() - 4, 4, ".sst") == 0)
      report.lost_files.push_back((lost / f).string());
  report.users = count_users(path);
  return report;
}

BackupReport backup_profile_store(const std::string& path, const std::string& backup_dir) {
  std::error_code ec;
  if (!fs::exists(fs::path(path) / "CURRENT", ec))
    throw ProfileStoreError("no profile database at " + path + " (no CURRENT file)");
  fs::create_directories(backup_dir, ec);
  if (ec) throw ProfileStoreError("cannot create the backup folder " + backup_dir + ": " + ec.message());
  const std::string secondary = (fs::path(backup_dir) / (".secondary-" + std::to_string(::getpid()))).string();
  BackupReport report;
  {
    OpenDb db;
    open_for_backup(path, secondary, db, report.store_in_use);
    auto engine = open_backup_engine(backup_dir);
    rocksdb::CreateBackupOptions create;
    // The owner flushes so that the backup needs no WAL replay; a secondary
    // cannot flush, and its backup carries the live WAL instead.
    create.flush_before_backup = !report.store_in_use;
    rocksdb::IOStatus s;
    // The owner may delete a table file (compaction) while a secondary
    // copies: catch up with it and try again.
    for (int attempt = 0; attempt < 5; ++attempt) {
      s = engine->CreateNewBackup(create, db.db.get(), &report.id);
      if (s.ok() || !report.store_in_use) break;
      if (!db.db->TryCatchUpWithPrimary().ok()) break;
    }
    if (!s.ok()) throw ProfileStoreError("backup of " + path + " to " + backup_dir + " failed: " + s.ToString());
    s = engine->VerifyBackup(report.id, /*verify_with_checksum=*/true);
    if (!s.ok())
      throw ProfileStoreError("backup " + std::to_string(report.id) + " in " + backup_dir +
                              " does not verify: " + s.ToString());
    rocksdb::BackupInfo info;
    if (engine->GetBackupInfo(report.id, &info).ok()) report.bytes = info.size;
  }
  fs::remove_all(secondary, ec);
  return report;
}

std::vector<BackupListing> list_profile_backups(const std::string& backup_dir) {
  std::error_code ec;
  if (!fs::is_directory(backup_dir, ec)) throw ProfileStoreError("no backup folder at " + backup_dir);
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  auto s = rocksdb::BackupEngineReadOnly::Open(rocksdb::BackupEngineOptions(backup_dir), rocksdb::Env::Default(),
                                               &raw);
  if (!s.ok()) throw ProfileStoreError("cannot read the backup folder " + backup_dir + ": " + s.ToString());
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  std::vector<BackupListing> out;
  for (const auto& i : infos) out.push_back({i.backup_id, i.timestamp, i.size});
  return out;
}

RestoreReport restore_profile_store(const std::string& backup_dir, const std::string& path, uint32_t id) {
  const auto backups = list_profile_backups(backup_dir);
  if (backups.empty()) throw ProfileStoreError("no backup in " + backup_dir);
  RestoreReport report;
  report.id = id == 0 ? backups.back().id : id;
  bool known = false;
  std::string ids;
  for (const auto& b : backups) {
    known = known || b.id == report.id;
    ids += (ids.empty() ? "" : ", ") + std::to_string(b.id);
  }
  if (!known)
    throw ProfileStoreError("no backup " + std::to_string(report.id) + " in " + backup_dir + " (there are: " + ids +
                            ")");
  auto engine = open_backup_engine(backup_dir);
  auto s = engine->VerifyBackup(report.id, /*verify_with_checksum=*/true);
  if (!s.ok())
    throw ProfileStoreError("backup " + std::to_string(report.id) + " in " + backup_dir + " is damaged (" +
                            s.ToString() + "); " + path + " was not changed");
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
    require_store(path);
    report.previous = aside_path(path, "before-restore");
    fs::rename(path, report.previous, ec);
    if (ec) throw ProfileStoreError("cannot move " + path + " aside: " + ec.message() + "; nothing was changed");
  }
  s = engine->RestoreDBFromBackup(report.id, path, path);
  if (!s.ok())
    throw ProfileStoreError("restore of backup " + std::to_string(report.id) + " into " + path + " failed: " +
                            s.ToString() +
                            (report.previous.empty() ? "" : "; the previous folder is in " + report.previous));
  report.users = count_users(path);
  return report;
}

}  // namespace interec

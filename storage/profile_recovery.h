// Getting a profile store back: repair in place, backup and restore
// (`interec profile repair|backup|restore`). Every operation keeps what it
// replaces: repair copies the folder first, restore moves the current folder
// aside; nothing here deletes a user's data.
//
// Backups use RocksDB's BackupEngine (incremental: table files shared
// between backups) and are consistent also while a `serve`, `chat` or
// memory node has the store open: the backup then reads it as a RocksDB
// secondary instance, which sees every write acknowledged before the backup
// started (their WAL is copied too).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interec {

struct RepairReport {
  /// The copy of the folder made before repairing.
  std::string copy;
  /// Files RocksDB could not read and moved to PATH/lost/: what they held is
  /// lost unless restored from a backup.
  std::vector<std::string> lost_files;
  /// Users with a profile after the repair.
  size_t users = 0;
};

/// Copies `path` to PATH.before-repair-STAMP, then rebuilds the database
/// from the table and WAL files it finds (RocksDB RepairDB) and opens it.
/// Throws ProfileStoreError when `path` is in use, is no profile database,
/// or cannot be repaired.
RepairReport repair_profile_store(const std::string& path);

struct BackupReport {
  uint32_t id = 0;          // the backup's number in the backup folder
  uint64_t bytes = 0;       // size of the backup's files
  bool store_in_use = false;  // taken while another process had the store open
};

/// Adds a backup of the store at `path` to `backup_dir` (created when
/// missing) and verifies its checksums. Throws ProfileStoreError.
BackupReport backup_profile_store(const std::string& path, const std::string& backup_dir);

struct BackupListing {
  uint32_t id = 0;
  int64_t timestamp = 0;  // seconds since the epoch
  uint64_t bytes = 0;
};
/// The backups in `backup_dir`, oldest first. Throws ProfileStoreError.
std::vector<BackupListing> list_profile_backups(const std::string& backup_dir);

struct RestoreReport {
  uint32_t id = 0;
  /// Where the folder that was at `path` went ("" when there was none).
  std::string previous;
  size_t users = 0;
};

/// Restores backup `id` (0 = the latest) of `backup_dir` into `path` after
/// verifying its checksums; a non-empty folder at `path` is first moved to
/// PATH.before-restore-STAMP. Throws ProfileStoreError when the store is in
/// use, the backup is missing or damaged.
RestoreReport restore_profile_store(const std::string& backup_dir, const std::string& path,
                                    uint32_t id = 0);

}  // namespace interec

// The RocksDB side of the profile store, shared by the store
// (storage/profile_store.cc) and its recovery tools (storage/profile_recovery.cc):
// the options and column families, the rule for when a database may be
// created, and what a failed open means in words a user can act on.
//
// Never creates a database over a folder that holds anything: an absent or
// empty folder gets a new database; a folder with database files but no
// CURRENT is damaged (creating would orphan, then delete, the old tables);
// a non-empty folder without database files is not ours to fill.
#pragma once

#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "storage/profile_store.h"

namespace interec::profile_db {

inline constexpr const char* kProfilesCf = "profiles";
inline constexpr const char* kHistoryCf = "history";
inline constexpr const char* kDialogueCf = "dialogue";
inline constexpr const char* kConversationsCf = "conversations";
/// In the default column family: the store's format version, and the
/// dataset the stored item ids belong to (ProfileStoreOptions::dataset).
inline constexpr const char* kFormatKey = "interec:profile-format";
inline constexpr const char* kFormatVersion = "1";
inline constexpr const char* kDatasetKey = "interec:dataset";

/// Options of every open of a profile database (create_if_missing off:
/// see prepare_folder()).
rocksdb::DBOptions db_options();
/// default, profiles, history, dialogue, conversations — in that order (a
/// store made before "conversations" gets it at its next open).
std::vector<rocksdb::ColumnFamilyDescriptor> column_families();

/// Checks `path` before an open, and creates an empty database there when
/// the folder is absent or empty (built in a sibling folder and renamed into
/// place: a process killed while creating leaves no half-made database).
/// Throws ProfileStoreError when the folder holds database files without
/// CURRENT (damaged) or other files only (not a profile database).
void prepare_folder(const std::string& path);

/// The ProfileStoreError for a failed open of `path` with status `s`: in
/// use by another process, damaged (what RocksDB found, and how to
/// recover), or not a profile database.
ProfileStoreError open_error(const std::string& path, const rocksdb::Status& s);

/// Flushes every column family at once (atomic_flush: a WAL file is then
/// either wholly needed or wholly obsolete, never half in table files, which
/// RepairDB could not replay without duplicating), then deletes the obsolete
/// WAL, table and MANIFEST files on this thread rather than a little later.
rocksdb::Status flush_all(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles);

/// After an open: checks the format version (writing it into a new store)
/// and the dataset (ProfileStoreOptions::dataset_fingerprint: recorded when
/// absent or rebinding, else compared), and gives every column family a
/// table file holding an anchor under the empty key (never a user's key),
/// so that RepairDB, which learns column families from table files, can
/// always replay their WAL records. Throws ProfileStoreError.
void initialize(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                const ProfileStoreOptions& options);

/// The commands that recover the damaged store at `path`, as one sentence.
std::string recovery_commands(const std::string& path);

/// True when another process holds the database at `path` open.
bool in_use(const std::string& path);

}  // namespace interec::profile_db

// Durable long-term user profiles in RocksDB.
//
// Layout: column family "profiles" (key -> preferences JSON), "history"
// (key -> JSON list of consumed item ids), "dialogue" (key \0 seq -> line),
// "conversations" (key \0 session -> the dialogue state of that session,
// opaque text written with the turn's update), and "default" holding the
// format version. Keys are "CHANNEL:USER".
//
// Durability: an update is acknowledged only after the RocksDB WAL holding it
// has been fsync'd. One writer thread applies updates in arrival order and
// commits everything that queued up meanwhile as one WriteBatch with one
// sync (group commit), so many concurrent writers share each fsync.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "storage/profile.h"

namespace interec {

/// The database is locked by another process, corrupt, of another format
/// version, or cannot be written. The message says which, and the path.
struct ProfileStoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ProfileStoreOptions {
  /// Folder of the RocksDB database; created when missing.
  std::string path;
  /// Profiles kept in memory for reads without RocksDB (LRU). Default 100000
  /// (a profile is a few hundred bytes, so about tens of MB at most).
  size_t cache_profiles = 100000;
  /// fsync the WAL before acknowledging. Only tests and benchmarks that
  /// measure the cost of durability turn this off. Default true.
  bool sync = true;
  /// Dialogue lines kept per user; older ones are deleted. Default 200.
  size_t dialogue_lines = 200;
  /// Conversations (dialogue states of sessions) kept per user; the least
  /// recently written go. Default 16.
  size_t conversations_kept = 16;
  /// Largest dialogue state accepted, in bytes (the brain keeps an idle one
  /// under 5 KB); an update carrying a larger one is refused whole, with
  /// an error saying so. Default 65536.
  size_t conversation_bytes = 64 * 1024;
  /// Most updates committed in one batch. Default 1024.
  size_t max_batch = 1024;
  /// The dataset whose item ids the profiles hold (Dataset::fingerprint and
  /// name). A store records the first one it is opened with; opening it
  /// with another is a ProfileStoreError naming both and the way out, since
  /// a "seen Fargo" would become whatever item has Fargo's id there. Empty
  /// (default): not checked, nothing recorded (repair, backup, delete).
  std::string dataset_fingerprint;
  std::string dataset_name;
  /// The dataset's folder, named in the refusal's `profile rebind --data`
  /// hint so that it can be pasted as it stands. Default "" (shown as DIR).
  std::string dataset_dir;
  /// Record dataset_fingerprint even over another one (`interec profile
  /// rebind`: the same items prepared again). Default false.
  bool rebind_dataset = false;
};

struct Dataset;

/// The profile store of a prepared dataset: `state_dir`, else DIR/profiles
/// of the dataset's folder, bound to the dataset's fingerprint.
ProfileStoreOptions profile_store_options(const Dataset& dataset, const std::string& state_dir);

class ProfileStore {
 public:
  /// Called on the store's writer thread once the update is durable (ok) or
  /// has failed (ok = false, error says why). Must not block.
  using Ack = std::function<void(bool ok, const std::string& error)>;

  /// Opens or creates the database. Throws ProfileStoreError.
  static std::unique_ptr<ProfileStore> open(const ProfileStoreOptions& options);
  /// Commits what is queued, then closes.
  ~ProfileStore();

  /// The profile of `key`, or nullopt when the user has none. Thread-safe.
  /// Reflects every acknowledged update.
  std::optional<Profile> get(const std::string& key);
  /// The last `n` dialogue lines of `key`, oldest first. Thread-safe.
  std::vector<std::string> dialogue(const std::string& key, size_t n);
  /// The dialogue state last stored for conversation `session` of `key`
  /// (ProfileUpdate::conversation), or nullopt. Thread-safe; reflects every
  /// acknowledged update. Throws ProfileStoreError when it cannot be read.
  std::optional<std::string> conversation(const std::string& key, const std::string& session);
  /// Every stored dialogue state of `key`: (session, state), by session id
  /// (for `profile export`). Thread-safe.
  std::vector<std::pair<std::string, std::string>> conversations(const std::string& key);

  /// Queues an update. Thread-safe; `ack` is always called exactly once.
  /// An invalid key (empty, or with a NUL byte) is refused through `ack`.
  void update(const std::string& key, ProfileUpdate update, Ack ack);
  /// Erases every trace of `key` in every column family (right to be
  /// forgotten): acknowledged once no file of the store holds the user's
  /// key or values any more (flushed, compacted away, old WAL and MANIFEST
  /// deleted). Same acknowledgement rules as update().
  void erase(const std::string& key, Ack ack);

  /// Blocking forms, for command-line tools and tests. Throw ProfileStoreError.
  void update_sync(const std::string& key, ProfileUpdate update);
  void erase_sync(const std::string& key);

  /// Flushes memtables and compacts every column family (so that disk use
  /// reflects live data). Blocking; for tools and benchmarks.
  void compact();

  /// Every key with a profile, in key order (for export and tests).
  std::vector<std::string> keys();

  struct Stats {
    uint64_t batches = 0;   // synced write batches
    uint64_t updates = 0;   // updates and erasures committed
    uint64_t cache_hits = 0;
    uint64_t cache_misses = 0;
  };
  Stats stats() const;

  struct Impl;

 private:
  explicit ProfileStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace interec

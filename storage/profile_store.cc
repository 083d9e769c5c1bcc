#include "storage/profile_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "storage/dataset.h"
#include "storage/profile_db.h"
#include "storage/profile_keys.h"
#include "storage/text.h"

namespace interec {
namespace {

// Written by each erasure (the time), so that it ends with a version edit.
constexpr const char* kPurgeKey = "interec:last-purge";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

// Whether `u` only erases a conversation's state.
bool resets_only(const ProfileUpdate& u) {
  ProfileUpdate rest = u;
  rest.forget_conversation = false;
  return u.forget_conversation && rest.empty();
}

}  // namespace

struct ProfileStore::Impl {
  struct Op {
    enum Kind { update, erase } kind;
    std::string key;
    ProfileUpdate change;
    ProfileStore::Ack ack;
  };

  // What the writer knows of one user while building a batch.
  struct State {
    Profile profile;
    uint64_t dialogue_next = 0;
    std::vector<std::string> conversations;  // session ids, least recently written first
    bool exists = false;
  };

  ProfileStoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  // default, profiles, history, dialogue, conversations
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* profiles = nullptr;
  rocksdb::ColumnFamilyHandle* history = nullptr;
  rocksdb::ColumnFamilyHandle* dialogue_cf = nullptr;
  rocksdb::ColumnFamilyHandle* conversations_cf = nullptr;

  // LRU cache of user states. Only the writer thread changes cached entries
  // of a key; readers insert a state they read only when no batch was
  // committed while they read (writes_done unchanged), so they never cache
  // a stale state over a newer one.
  mutable std::mutex cache_mutex;
  std::list<std::pair<std::string, State>> lru;
  std::unordered_map<std::string, std::list<std::pair<std::string, State>>::iterator> cache;
  uint64_t writes_done = 0;
  Stats stats;

  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<Op> queue;
  bool stopping = false;
  std::thread writer;

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(queue_mutex);
      stopping = true;
    }
    queue_cv.notify_all();
    if (writer.joinable()) writer.join();
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    handles.clear();
    if (db) db->Close();
  }

  // -- cache (caller holds cache_mutex) --

  const State* cache_find(const std::string& key) {
    auto it = cache.find(key);
    if (it == cache.end()) return nullptr;
    lru.splice(lru.begin(), lru, it->second);
    return &it->second->second;
  }

  void cache_put(const std::string& key, State state) {
    if (options.cache_profiles == 0) return;
    auto it = cache.find(key);
    if (it != cache.end()) {
      it->second->second = std::move(state);
      lru.splice(lru.begin(), lru, it->second);
      return;
    }
    lru.emplace_front(key, std::move(state));
    cache[key] = lru.begin();
    while (cache.size() > options.cache_profiles) {
      cache.erase(lru.back().first);
      lru.pop_back();
    }
  }

  void cache_erase(const std::string& key) {
    auto it = cache.find(key);
    if (it == cache.end()) return;
    lru.erase(it->second);
    cache.erase(it);
  }

  // -- reading from RocksDB --

  State load(const std::string& key) {
    State state;
    std::string value;
    auto s = db->Get(rocksdb::ReadOptions(), profiles, key, &value);
    if (s.ok()) {
      auto j = nlohmann::json::parse(value, nullptr, false);
      if (j.is_discarded()) throw ProfileStoreError("profile of '" + key + "' is corrupt in " + options.path);
      state.profile = profile_from_json(j);
      state.dialogue_next = j.value("dialogue_next", uint64_t{0});
      if (auto c = j.find("conversations"); c != j.end() && c->is_array())
        for (const auto& v : *c)
          if (v.is_string()) state.conversations.push_back(v.get<std::string>());
      state.exists = true;
    } else if (!s.IsNotFound()) {
      throw ProfileStoreError("reading profile '" + key + "' from " + options.path + ": " + s.ToString());
    }
    s = db->Get(rocksdb::ReadOptions(), history, key, &value);
    if (s.ok()) {
      auto j = nlohmann::json::parse(value, nullptr, false);
      if (j.is_discarded() || !j.is_array())
        throw ProfileStoreError("history of '" + key + "' is corrupt in " + options.path);
      for (const auto& v : j)
        if (v.is_string()) state.profile.history.push_back(v.get<std::string>());
      state.exists = true;
    } else if (!s.IsNotFound()) {
      throw ProfileStoreError("reading history '" + key + "' from " + options.path + ": " + s.ToString());
    }
    return state;
  }

  // -- the writer thread --

  void write_loop() {
    std::vector<Op> ops;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(queue_mutex);
        queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and everything is committed
        while (!queue.empty() && ops.size() < options.max_batch) {
          ops.push_back(std::move(queue.front()));
          queue.pop_front();
        }
      }
      commit(ops);
      ops.clear();
    }
  }

  void commit(std::vector<Op>& ops) {
    std::unordered_map<std::string, State> working;
    std::vector<std::string> erased;
    rocksdb::WriteBatch batch;
    std::string failure;
    try {
      for (auto& op : ops) {
        if (op.kind == Op::erase) {
          batch.Delete(profiles, op.key);
          batch.Delete(history, op.key);
          batch.DeleteRange(dialogue_cf, profile_keys::dialogue(op.key, 0), profile_keys::range_end(op.key));
          batch.DeleteRange(conversations_cf, profile_keys::conversation(op.key, ""), profile_keys::range_end(op.key));
          working[op.key] = State{};  // later ops in this batch start afresh
          erased.push_back(op.key);
          continue;
        }
        auto it = working.find(op.key);
        if (it == working.end()) {
          State state;
          bool cached = false;
          {
            std::lock_guard<std::mutex> lock(cache_mutex);
            if (const State* c = cache_find(op.key)) {
              state = *c;
              cached = true;
            }
          }
          if (!cached) state = load(op.key);
          it = working.emplace(op.key, std::move(state)).first;
        }
        State& st = it->second;
        if (!st.exists && resets_only(op.change)) {
          // A reset of a user the store does not know makes no profile.
          batch.Delete(conversations_cf, profile_keys::conversation(op.key, op.change.session));
          continue;
        }
        const size_t history_before = st.profile.history.size();
        const bool history_forget = !op.change.forget.empty();
        apply_update(st.profile, op.change, now_ms());
        st.exists = true;
        // Whatever a caller hands in, the store holds valid UTF-8, so that
        // exports and profile views never fail on it.
        for (const auto& line : op.change.dialogue)
          batch.Put(dialogue_cf, profile_keys::dialogue(op.key, st.dialogue_next++), text::valid_utf8(line));
        if (st.dialogue_next > options.dialogue_lines)
          batch.DeleteRange(dialogue_cf, profile_keys::dialogue(op.key, 0),
                            profile_keys::dialogue(op.key, st.dialogue_next - options.dialogue_lines));
        if (!op.change.conversation.empty() || op.change.forget_conversation)
          write_conversation(batch, op.key, op.change, st);
        auto j = profile_to_json(st.profile);
        j.erase("history");
        j["dialogue_next"] = st.dialogue_next;
        j["conversations"] = st.conversations;
        batch.Put(profiles, op.key, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        if (st.profile.history.size() != history_before || history_forget)
          batch.Put(history, op.key,
                    nlohmann::json(st.profile.history).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      rocksdb::WriteOptions wo;
      wo.sync = options.sync;
      auto s = db->Write(wo, &batch);
      if (!s.ok()) failure = "profile write to " + options.path + " failed: " + s.ToString();
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (failure.empty()) {
      std::lock_guard<std::mutex> lock(cache_mutex);
      for (const auto& key : erased) cache_erase(key);
      for (auto& [key, state] : working)
        if (state.exists) cache_put(key, std::move(state));
      ++writes_done;
      ++stats.batches;
      stats.updates += ops.size();
    } else {
      // Nothing of this batch is durable: drop cached states it may touch.
      std::lock_guard<std::mutex> lock(cache_mutex);
      for (const auto& op : ops) cache_erase(op.key);
      ++writes_done;
    }
    // Updates need not wait for the purge of what this batch erased.
    for (auto& op : ops)
      if (op.kind == Op::update) op.ack(failure.empty(), failure);
    if (erased.empty()) return;
    if (failure.empty()) failure = purge(erased);
    for (auto& op : ops)
      if (op.kind == Op::erase) op.ack(failure.empty(), failure);
  }

  // Stores (or erases) the dialogue state of one session and keeps
  // the user's most recently written conversations_kept of them.
  void write_conversation(rocksdb::WriteBatch& batch, const std::string& key, const ProfileUpdate& change,
                          State& st) {
    auto& sessions = st.conversations;
    sessions.erase(std::remove(sessions.begin(), sessions.end(), change.session), sessions.end());
    if (change.forget_conversation) {
      batch.Delete(conversations_cf, profile_keys::conversation(key, change.session));
      return;
    }
    batch.Put(conversations_cf, profile_keys::conversation(key, change.session), text::valid_utf8(change.conversation));
    sessions.push_back(change.session);
    while (sessions.size() > std::max<size_t>(options.conversations_kept, 1)) {
      batch.Delete(conversations_cf, profile_keys::conversation(key, sessions.front()));
      sessions.erase(sessions.begin());
    }
  }

  // Forces the erased keys out of every file, so that deleting a user
  // erases the bytes and not only their visibility: the memtables of every
  // column family are flushed (the WAL segments holding the old values and
  // the deletes become obsolete), every table file overlapping a key's range
  // is rewritten without it (bottommost level forced, so no tombstone merely
  // shadows an old value), and the obsolete WAL and table files are deleted
  // before the erasure is acknowledged. "" on success, else why not.
  std::string purge(const std::vector<std::string>& keys) {
    auto fail = [&](const rocksdb::Status& s) {
      return "the user was deleted but the old values could not be purged from " + options.path +
             ": " + s.ToString() + " (deleting again retries)";
    };
    auto s = profile_db::flush_all(*db, handles);
    if (!s.ok()) return fail(s);
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    for (const auto& key : keys) {
      // Every key of this user, in every column family: KEY, KEY \0 seq.
      const std::string end = profile_keys::range_end(key);
      const rocksdb::Slice begin_slice(key), end_slice(end);
      for (auto* h : handles) {
        s = db->CompactRange(compact, h, &begin_slice, &end_slice);
        if (!s.ok()) return fail(s);
      }
    }
    // The MANIFEST still names the key as a boundary of the files it
    // replaced. One more version edit rolls it (max_manifest_file_size is
    // tiny): the new MANIFEST starts from the state after the compactions.
    // flush_all() also deletes the obsolete files now, before the ack.
    rocksdb::WriteOptions wo;
    wo.sync = options.sync;
    s = db->Put(wo, handles[0], kPurgeKey, std::to_string(now_ms()));
    if (s.ok()) s = profile_db::flush_all(*db, handles);
    if (!s.ok()) return fail(s);
    return {};
  }

  void enqueue(Op op) {
    if (!profile_keys::valid(op.key)) {
      op.ack(false, "invalid profile key (empty, over 1024 bytes, or with a NUL byte)");
      return;
    }
    if (op.change.session.size() > 1024) {
      op.ack(false, "invalid session id (over 1024 bytes)");
      return;
    }
    if (op.change.conversation.size() > options.conversation_bytes) {
      op.ack(false, "the dialogue state of session '" + op.change.session + "' is " +
                      std::to_string(op.change.conversation.size()) + " bytes, over the store's limit of " +
                      std::to_string(options.conversation_bytes) + "; nothing of the update was written");
      return;
    }
    {
      std::lock_guard<std::mutex> lock(queue_mutex);
      if (stopping) {
        op.ack(false, "the profile store is closing");
        return;
      }
      queue.push_back(std::move(op));
    }
    queue_cv.notify_one();
  }
};

ProfileStoreOptions profile_store_options(const Dataset& dataset, const std::string& state_dir) {
  ProfileStoreOptions options;
  options.path = state_dir.empty() ? dataset.dir + "/profiles" : state_dir;
  options.dataset_fingerprint = dataset.fingerprint;
  options.dataset_name = dataset.name;
  options.dataset_dir = dataset.dir;
  return options;
}

ProfileStore::ProfileStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProfileStore::~ProfileStore() = default;

std::unique_ptr<ProfileStore> ProfileStore::open(const ProfileStoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  rocksdb::DBOptions db_options = profile_db::db_options();
  profile_db::prepare_folder(options.path);
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(db_options, options.path, profile_db::column_families(), &impl->handles, &raw);
  if (!s.ok()) throw profile_db::open_error(options.path, s);
  impl->db.reset(raw);
  impl->profiles = impl->handles[1];
  impl->history = impl->handles[2];
  impl->dialogue_cf = impl->handles[3];
  impl->conversations_cf = impl->handles[4];

  profile_db::initialize(*impl->db, impl->handles, options);
  Impl* p = impl.get();
  impl->writer = std::thread([p] { p->write_loop(); });
  return std::unique_ptr<ProfileStore>(new ProfileStore(std::move(impl)));
}

std::optional<Profile> ProfileStore::get(const std::string& key) {
  if (!profile_keys::valid(key)) return std::nullopt;
  uint64_t seen_writes;
  {
    std::lock_guard<std::mutex> lock(impl_->cache_mutex);
    if (const Impl::State* s = impl_->cache_find(key)) {
      ++impl_->stats.cache_hits;
      return s->exists ? std::optional<Profile>(s->profile) : std::nullopt;
    }
    ++impl_->stats.cache_misses;
    seen_writes = impl_->writes_done;
  }
  Impl::State state = impl_->load(key);
  std::optional<Profile> out;
  if (state.exists) out = state.profile;
  std::lock_guard<std::mutex> lock(impl_->cache_mutex);
  if (impl_->writes_done == seen_writes && state.exists && !impl_->cache.count(key))
    impl_->cache_put(key, std::move(state));
  return out;
}

std::vector<std::string> ProfileStore::dialogue(const std::string& key, size_t n) {
  std::vector<std::string> lines;
  if (!profile_keys::valid(key) || n == 0) return lines;
  const std::string upper = profile_keys::range_end(key);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->dialogue_cf));
  for (it->Seek(profile_keys::dialogue(key, 0)); it->Valid(); it->Next()) lines.push_back(it->value().ToString());
  if (lines.size() > n) lines.erase(lines.begin(), lines.end() - n);
  return lines;
}

std::optional<std::string> ProfileStore::conversation(const std::string& key, const std::string& session) {
  if (!profile_keys::valid(key)) return std::nullopt;
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->conversations_cf, profile_keys::conversation(key, session), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok())
    throw ProfileStoreError("reading the conversation of '" + key + "' from " + impl_->options.path + ": " +
                            s.ToString());
  return value;
}

std::vector<std::pair<std::string, std::string>> ProfileStore::conversations(const std::string& key) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!profile_keys::valid(key)) return out;
  const std::string first = profile_keys::conversation(key, "");
  const std::string upper = profile_keys::range_end(key);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->conversations_cf));
  for (it->Seek(first); it->Valid(); it->Next())
    out.emplace_back(it->key().ToString().substr(first.size()), it->value().ToString());
  return out;
}

void ProfileStore::update(const std::string& key, ProfileUpdate update, Ack ack) {
  impl_->enqueue(Impl::Op{Impl::Op::update, key, std::move(update), std::move(ack)});
}

void ProfileStore::erase(const std::string& key, Ack ack) {
  impl_->enqueue(Impl::Op{Impl::Op::erase, key, {}, std::move(ack)});
}

namespace {
void wait_for(const std::function<void(ProfileStore::Ack)>& start) {
  std::promise<std::string> done;
  auto result = done.get_future();
  start([&done](bool ok, const std::string& error) { done.set_value(ok ? std::string() : error); });
  const std::string error = result.get();
  if (!error.empty()) throw ProfileStoreError(error);
}
}  // namespace

void ProfileStore::update_sync(const std::string& key, ProfileUpdate change) {
  wait_for([&](Ack ack) { update(key, std::move(change), std::move(ack)); });
}

void ProfileStore::erase_sync(const std::string& key) {
  wait_for([&](Ack ack) { erase(key, std::move(ack)); });
}

void ProfileStore::compact() {
  profile_db::flush_all(*impl_->db, impl_->handles);
  for (auto* h : impl_->handles) impl_->db->CompactRange(rocksdb::CompactRangeOptions(), h, nullptr, nullptr);
}

std::vector<std::string> ProfileStore::keys() {
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->profiles));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    if (!it->key().empty()) out.push_back(it->key().ToString());  // "": profile_db's anchor
  return out;
}

ProfileStore::Stats ProfileStore::stats() const {
  std::lock_guard<std::mutex> lock(impl_->cache_mutex);
  return impl_->stats;
}

}  // namespace interec

// The RocksDB profile store on a real database on disk, including a crash
// test in the spirit of RocksDB's db_crashtest: a child process writes and
// reports acknowledgements, the parent kills it with SIGKILL at random
// moments and checks that every acknowledged update survived.
#include "storage/profile_store.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/test_data.h"

namespace interec {
namespace {

using V = std::vector<std::string>;

ProfileStoreOptions options_for(const std::string& dir) {
  ProfileStoreOptions o;
  o.path = dir + "/profiles";
  return o;
}

TEST(ProfileStore, UpdateThenGetAcrossReopen) {
  const auto dir = test::scratch_dir("profile_reopen");
  {
    auto store = ProfileStore::open(options_for(dir));
    EXPECT_FALSE(store->get("cli:ann").has_value());
    ProfileUpdate u;
    u.like = {"1"};
    u.dislike_values = {"genres=Horror"};
    u.consumed = {"50"};
    u.dialogue = {"user: no horror please", "agent: noted"};
    store->update_sync("cli:ann", u);
    auto p = store->get("cli:ann");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->liked, V{"1"});
  }
  auto store = ProfileStore::open(options_for(dir));
  auto p = store->get("cli:ann");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->liked, V{"1"});
  EXPECT_EQ(p->disliked_values, V{"genres=Horror"});
  EXPECT_EQ(p->history, V{"50"});
  EXPECT_EQ(store->dialogue("cli:ann", 10), (V{"user: no horror please", "agent: noted"}));
  EXPECT_FALSE(store->get("slack:ann").has_value()) << "channels must not share users";
}

TEST(ProfileStore, DeleteErasesEveryColumnFamily) {
  const auto dir = test::scratch_dir("profile_delete");
  auto store = ProfileStore::open(options_for(dir));
  ProfileUpdate u;
  u.like = {"1"};
  u.consumed = {"2"};
  u.dialogue = {"user: hi"};
  store->update_sync("web:bob", u);
  store->update_sync("web:carl", u);
  store->erase_sync("web:bob");
  EXPECT_FALSE(store->get("web:bob").has_value());
  EXPECT_TRUE(store->dialogue("web:bob", 10).empty());
  EXPECT_EQ(store->keys(), V{"web:carl"});
  store.reset();
  // Nothing of bob is left on disk either: reopen with an empty cache.
  auto o = options_for(dir);
  o.cache_profiles = 0;
  auto again = ProfileStore::open(o);
  EXPECT_FALSE(again->get("web:bob").has_value());
  EXPECT_TRUE(again->dialogue("web:bob", 10).empty());
  EXPECT_TRUE(again->get("web:carl").has_value());
}

// The files under `dir` (recursively) whose bytes contain `needle`.
std::vector<std::string> files_holding(const std::string& dir, const std::string& needle) {
  std::vector<std::string> hits;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) hits.push_back(entry.path().filename().string());
  }
  return hits;
}

// What the user typed must be gone from the disk, not only from reads: in
// table files written before (the issue's "000016.sst"), in the WAL, in the
// memtables' successors, while the store stays open and after it closes.
TEST(ProfileStore, DeleteLeavesNoTraceInAnyFile) {
  const auto dir = test::scratch_dir("profile_erase_bytes");
  const std::string phrase = "my-secret-phrase-quokka-7731";
  // Only in the dialogue state of the user's conversation.
  const std::string state_phrase = "conversation-state-narwhal-5309";
  const std::string key = "cli:secretive";
  auto store = ProfileStore::open(options_for(dir));
  auto write = [&](const std::string& user, const std::string& line) {
    ProfileUpdate u;
    u.like = {"1"};
    u.consumed = {"2"};
    u.dislike_values = {"tag=" + line};
    u.dialogue = {"user: " + line};
    store->update_sync(user, u);
  };
  auto save_state = [&](const std::string& session, const std::string& state) {
    ProfileUpdate u;
    u.session = session;
    u.conversation = state;
    store->update_sync(key, u);
  };
  write(key, phrase + " in a table file");
  save_state("tab-1", "{\"focus\": \"" + state_phrase + " in a table file\"}");
  write("cli:other", "an ordinary line");
  store->compact();  // into .sst files
  write(key, phrase + " in the WAL and the memtable");
  save_state("tab-2", "{\"focus\": \"" + state_phrase + " in the WAL\"}");
  write("cli:later", "someone else afterwards");
  ASSERT_FALSE(files_holding(dir, phrase).empty()) << "the test must see the phrase first";
  ASSERT_FALSE(files_holding(dir, state_phrase).empty()) << "the test must see the state first";

  store->erase_sync(key);
  EXPECT_FALSE(store->conversation(key, "tab-1").has_value());
  EXPECT_FALSE(store->conversation(key, "tab-2").has_value());
  EXPECT_EQ(files_holding(dir, phrase), V{}) << "still on disk after the deletion";
  EXPECT_EQ(files_holding(dir, state_phrase), V{}) << "the dialogue state is still on disk";
  EXPECT_EQ(files_holding(dir, key), V{}) << "the user's key is still on disk";
  EXPECT_EQ(files_holding(dir, "636C693A736563726574697665"), V{}) << "the key, in hex (logs)";
  write("cli:next", "later sessions of others");
  EXPECT_TRUE(store->get("cli:other").has_value());
  EXPECT_TRUE(store->get("cli:later").has_value());
  store.reset();
  EXPECT_EQ(files_holding(dir, phrase), V{}) << "on disk after closing";
  EXPECT_EQ(files_holding(dir, state_phrase), V{}) << "the dialogue state, on disk after closing";
  auto again = ProfileStore::open(options_for(dir));
  EXPECT_FALSE(again->get(key).has_value());
  EXPECT_TRUE(again->get("cli:other").has_value());
  EXPECT_EQ(again->dialogue("cli:later", 5), V{"user: someone else afterwards"});
}

TEST(ProfileStore, ProfilesOfAnotherDatasetAreRefusedUntilRebound) {
  const auto dir = test::scratch_dir("profile_dataset");
  auto with = [&](const std::string& fingerprint, const std::string& name, bool rebind = false) {
    auto o = options_for(dir);
    o.dataset_fingerprint = fingerprint;
    o.dataset_name = name;
    o.rebind_dataset = rebind;
    return o;
  };
  {
    auto store = ProfileStore::open(with("aaaa", "ml-100k"));
    ProfileUpdate u;
    u.consumed = {"3"};  // Fargo there
    store->update_sync("cli:ann", u);
  }
  try {
    ProfileStore::open(with("bbbb", "other"));
    FAIL() << "profiles of another dataset must be refused";
  } catch (const ProfileStoreError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'ml-100k' (fingerprint aaaa)"), std::string::npos) << m;
    EXPECT_NE(m.find("'other' (fingerprint bbbb)"), std::string::npos) << m;
    EXPECT_NE(m.find("interec profile rebind"), std::string::npos) << m;
    EXPECT_NE(m.find("--state"), std::string::npos) << m;
  }
  EXPECT_NO_THROW(ProfileStore::open(with("aaaa", "ml-100k")));
  EXPECT_NO_THROW(ProfileStore::open(options_for(dir))) << "no dataset given: no check (erasure, repair)";
  EXPECT_NO_THROW(ProfileStore::open(with("bbbb", "other", true)));
  EXPECT_NO_THROW(ProfileStore::open(with("bbbb", "other")));
  EXPECT_THROW(ProfileStore::open(with("aaaa", "ml-100k")), ProfileStoreError);
}

TEST(ProfileStore, StoredTextIsValidUtf8WhateverCameIn) {
  const auto dir = test::scratch_dir("profile_utf8");
  auto store = ProfileStore::open(options_for(dir));
  ProfileUpdate u;
  u.dialogue = {"user: a comedy \xff\xfe\xc3 from the 90s"};
  u.like_values = {"genres=Com\xe9" "dy"};
  store->update_sync("cli:inv", u);
  EXPECT_EQ(store->dialogue("cli:inv", 5), V{"user: a comedy \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD from the 90s"});
  auto again = options_for(dir);
  again.cache_profiles = 0;
  store.reset();
  auto p = ProfileStore::open(again)->get("cli:inv");
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->liked_values.size(), 1u);
  EXPECT_EQ(p->liked_values[0], "genres=Com\xEF\xBF\xBD" "dy");
}

TEST(ProfileStore, DialogueKeepsOnlyTheLastLines) {
  const auto dir = test::scratch_dir("profile_dialogue");
  auto o = options_for(dir);
  o.dialogue_lines = 5;
  auto store = ProfileStore::open(o);
  for (int i = 0; i < 12; ++i) {
    ProfileUpdate u;
    u.dialogue = {"line " + std::to_string(i)};
    store->update_sync("cli:d", u);
  }
  EXPECT_EQ(store->dialogue("cli:d", 100),
            (V{"line 7", "line 8", "line 9", "line 10", "line 11"}));
}

// A session's dialogue state is written with the turn's update, read back
// after a reopen, replaced by the next one, erased by a reset, and only the
// most recently written sessions of a user are kept.
TEST(ProfileStore, ConversationStatesSurviveReopenAndStayBounded) {
  const auto dir = test::scratch_dir("profile_conversations");
  auto o = options_for(dir);
  o.conversations_kept = 2;
  auto save = [](ProfileStore& store, const std::string& session, const std::string& state) {  // state: not ""
    ProfileUpdate u;
    u.dialogue = {"user: turn of " + session};
    u.session = session;
    u.conversation = state;
    store.update_sync("web:eve", u);
  };
  {
    auto store = ProfileStore::open(o);
    EXPECT_FALSE(store->conversation("web:eve", "a").has_value());
    save(*store, "a", R"({"turn": 1})");
    save(*store, "a", R"({"turn": 2})");
    save(*store, "", R"({"turn": 7})");  // the default session
    EXPECT_EQ(store->conversation("web:eve", "a"), std::optional<std::string>(R"({"turn": 2})"));
    EXPECT_EQ(store->dialogue("web:eve", 10), (V{"user: turn of a", "user: turn of a", "user: turn of "}));
  }
  o.cache_profiles = 0;  // what is on disk, not what a cache remembers
  auto store = ProfileStore::open(o);
  EXPECT_EQ(store->conversation("web:eve", "a"), std::optional<std::string>(R"({"turn": 2})"));
  EXPECT_EQ(store->conversation("web:eve", ""), std::optional<std::string>(R"({"turn": 7})"));
  EXPECT_FALSE(store->conversation("web:bob", "a").has_value()) << "users must not share conversations";
  save(*store, "b", R"({"turn": 1})");  // a third session: the least recently written ("a") goes
  EXPECT_FALSE(store->conversation("web:eve", "a").has_value());
  EXPECT_TRUE(store->conversation("web:eve", "").has_value());
  ProfileUpdate reset;
  reset.session = "b";
  reset.forget_conversation = true;
  store->update_sync("web:eve", reset);
  EXPECT_FALSE(store->conversation("web:eve", "b").has_value());
  EXPECT_TRUE(store->conversation("web:eve", "").has_value());

  // Too large a state is refused with the whole update, and says why.
  ProfileUpdate big;
  big.dialogue = {"user: this line must not be written either"};
  big.session = "c";
  big.conversation = std::string(o.conversation_bytes + 1, 'x');
  try {
    store->update_sync("web:eve", big);
    ADD_FAILURE() << "an oversized dialogue state was accepted";
  } catch (const ProfileStoreError& e) {
    EXPECT_NE(std::string(e.what()).find("over the store's limit"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(store->conversation("web:eve", "c").has_value());
  EXPECT_EQ(store->dialogue("web:eve", 1), V{"user: turn of b"});
}

TEST(ProfileStore, InvalidKeyIsRefusedNotCrashed) {
  const auto dir = test::scratch_dir("profile_badkey");
  auto store = ProfileStore::open(options_for(dir));
  EXPECT_THROW(store->update_sync("", ProfileUpdate{}), ProfileStoreError);
  EXPECT_THROW(store->update_sync(std::string("a\0b", 3), ProfileUpdate{}), ProfileStoreError);
}

TEST(ProfileStore, SecondOpenOfTheSameDatabaseIsAClearError) {
  const auto dir = test::scratch_dir("profile_locked");
  auto store = ProfileStore::open(options_for(dir));
  try {
    ProfileStore::open(options_for(dir));
    FAIL() << "a second open must fail";
  } catch (const ProfileStoreError& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
}

TEST(ProfileStore, CorruptOrForeignDatabaseIsAClearError) {
  const auto dir = test::scratch_dir("profile_corrupt");
  {
    auto store = ProfileStore::open(options_for(dir));
    ProfileUpdate u;
    u.like = {"1"};
    store->update_sync("cli:x", u);
  }
  // Overwrite every table and log file with garbage.
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/profiles")) {
    const auto name = entry.path().filename().string();
    if (name.rfind("MANIFEST", 0) == 0) {
      std::ofstream(entry.path(), std::ios::trunc) << "this is not a manifest";
    }
  }
  EXPECT_THROW(ProfileStore::open(options_for(dir)), ProfileStoreError);
}

TEST(ProfileStore, ConcurrentWritersAreAllAcknowledged) {
  const auto dir = test::scratch_dir("profile_concurrent");
  auto o = options_for(dir);
  auto store = ProfileStore::open(o);
  constexpr int kThreads = 16, kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < kEach; ++k) {
        ProfileUpdate u;
        u.like = {std::to_string(k)};
        try {
          store->update_sync("cli:t" + std::to_string(t), u);
        } catch (...) {
          ++failures;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    auto p = store->get("cli:t" + std::to_string(t));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->liked.size(), static_cast<size_t>(kEach));
  }
  // Group commit: far fewer synced batches than updates.
  auto stats = store->stats();
  EXPECT_EQ(stats.updates, static_cast<uint64_t>(kThreads * kEach));
  EXPECT_LT(stats.batches, stats.updates);
}

// Child: opens the store, keeps up to 32 updates in flight, and writes the
// number of each acknowledged update to `fd`. Never returns.
[[noreturn]] void crash_child(const std::string& dir, int first, int fd) {
  auto store = ProfileStore::open(options_for(dir));
  std::atomic<int> in_flight{0};
  for (int k = first;; ++k) {
    while (in_flight.load() >= 32) std::this_thread::yield();
    ++in_flight;
    ProfileUpdate u;
    u.like = {"i" + std::to_string(k)};
    u.consumed = {"h" + std::to_string(k)};
    u.dialogue = {"line " + std::to_string(k)};
    store->update("cli:u" + std::to_string(k % 40), u, [&in_flight, fd, k](bool ok, const std::string&) {
      if (ok) {
        const std::string line = std::to_string(k) + "\n";
        if (::write(fd, line.data(), line.size()) < 0) _exit(3);
      }
      --in_flight;
    });
  }
}

TEST(ProfileStoreCrash, AcknowledgedUpdatesSurviveSigkill) {
  const auto dir = test::scratch_dir("profile_crash");
  std::mt19937 rng(20261126);
  std::set<int> acknowledged;
  int next = 0;
  constexpr int kRounds = 24;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      crash_child(dir, next, fds[1]);
    }
    ::close(fds[1]);
    // The kill lands while the child writes, not while it opens the store:
    // on a loaded machine opening alone can take longer than the random
    // delay, and a round that acknowledged nothing tests nothing.
    std::string data;
    char buf[4096];
    ssize_t n;
    while (data.find('\n') == std::string::npos && (n = ::read(fds[0], buf, sizeof buf)) > 0)
      data.append(buf, static_cast<size_t>(n));
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 120));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child ended by itself (status " << status << ")";
    // Every acknowledgement the child wrote before it died.
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    int round_acks = 0, max_k = next - 1;
    size_t pos = 0;
    while (true) {
      auto nl = data.find('\n', pos);
      if (nl == std::string::npos) break;  // a torn last line is not an ack
      const int k = std::stoi(data.substr(pos, nl - pos));
      acknowledged.insert(k);
      max_k = std::max(max_k, k);
      ++round_acks;
      pos = nl + 1;
    }
    next = max_k + 1000;  // updates the child queued but never acked get new numbers
    // Reopen: the database opens cleanly and holds every acknowledged update.
    auto o = options_for(dir);
    o.cache_profiles = 0;
    auto store = ProfileStore::open(o);
    std::map<int, Profile> profiles;
    for (int u = 0; u < 40; ++u) {
      auto p = store->get("cli:u" + std::to_string(u));
      if (p) profiles[u] = *p;
    }
    size_t missing = 0;
    for (int k : acknowledged) {
      auto it = profiles.find(k % 40);
      const std::string item = "i" + std::to_string(k), seen = "h" + std::to_string(k);
      if (it == profiles.end() ||
          std::find(it->second.liked.begin(), it->second.liked.end(), item) == it->second.liked.end() ||
          std::find(it->second.history.begin(), it->second.history.end(), seen) == it->second.history.end())
        ++missing;
    }
    ASSERT_EQ(missing, 0u) << "round " << round << ": acknowledged updates lost";
    RecordProperty("round" + std::to_string(round) + "_acks", round_acks);
  }
  EXPECT_GT(acknowledged.size(), static_cast<size_t>(kRounds)) << "the child barely wrote anything";
}

// A process killed while it creates a store (the first chat, the first
// serve) must not leave database files without CURRENT: that reads as
// damage and every later command would refuse the store.
TEST(ProfileStoreCrash, KilledWhileCreatingLeavesNoDamage) {
  const auto root = test::scratch_dir("profile_create_crash");
  std::mt19937 rng(20261129);
  for (int round = 0; round < 16; ++round) {
    const std::string dir = root + "/" + std::to_string(round);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ProfileStore::open(options_for(dir));
      _exit(0);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 40000));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    EXPECT_NO_THROW(ProfileStore::open(options_for(dir))) << "round " << round;
  }
  // What killed creators left beside the stores is gone once a store is created there.
  for (const auto& entry : std::filesystem::directory_iterator(root))
    for (const auto& inner : std::filesystem::directory_iterator(entry.path()))
      EXPECT_EQ(inner.path().filename().string().find(".creating-"), std::string::npos) << inner.path();
}

}  // namespace
}  // namespace interec

// Durable profile updates per second with 1, 16 and 256 concurrent writers
// (each waits for its acknowledgement, i.e. the fsync'd WAL, before the
// next update), read latency of cached and uncached profiles, and bytes per
// profile on disk.
//
//   build/bench/profile_bench [--dir /tmp/interec-profile-bench] [--seconds 3] [--profiles 20000]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "config/cli_args.h"
#include "storage/profile_store.h"

using namespace interec;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

ProfileUpdate typical_update(std::mt19937& rng) {
  ProfileUpdate u;
  u.like = {std::to_string(rng() % 1682)};
  u.dislike_values = {"genres=Horror"};
  u.consumed = {std::to_string(rng() % 1682)};
  u.dialogue = {"user: something like Heat but funnier", "agent: Here are 5 picks ..."};
  return u;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

uint64_t dir_bytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"dir", "seconds", "profiles"}, {});
  const std::string dir = args.get("dir", "/tmp/interec-profile-bench");
  const double seconds = static_cast<double>(args.get_int("seconds", 3, 1, 600));
  const long profiles = args.get_int("profiles", 20000, 100, 10000000);
  fs::remove_all(dir);
  ProfileStoreOptions options;
  options.path = dir;
  auto store = ProfileStore::open(options);

  for (int writers : {1, 16, 256}) {
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> done{0};
    std::vector<std::thread> threads;
    const auto batches_before = store->stats().batches;
    const auto start = Clock::now();
    for (int w = 0; w < writers; ++w)
      threads.emplace_back([&, w] {
        std::mt19937 rng(w);
        while (!stop.load(std::memory_order_relaxed)) {
          store->update_sync("bench:w" + std::to_string(w), typical_update(rng));
          done.fetch_add(1, std::memory_order_relaxed);
        }
      });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const auto batches = store->stats().batches - batches_before;
    std::cout << "durable updates, " << writers << " writers: " << done / elapsed
              << " /s (" << static_cast<double>(done) / std::max<uint64_t>(1, batches)
              << " updates per fsync'd batch)\n";
  }

  // Many distinct profiles, then reads.
  {
    std::mt19937 rng(7);
    std::atomic<long> next{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 64; ++w)
      threads.emplace_back([&] {
        std::mt19937 local(rng());
        for (long k; (k = next.fetch_add(1)) < profiles;)
          store->update_sync("bench:p" + std::to_string(k), typical_update(local));
      });
    for (auto& t : threads) t.join();
  }
  std::vector<double> cached;
  std::mt19937 rng(11);
  for (int k = 0; k < 20000; ++k) {
    const std::string key = "bench:p" + std::to_string(rng() % std::min<long>(profiles, 1000));
    const auto t0 = Clock::now();
    auto p = store->get(key);
    cached.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!p) return 1;
  }
  store.reset();
  options.cache_profiles = 0;  // every read goes to RocksDB
  store = ProfileStore::open(options);
  std::vector<double> uncached;
  for (int k = 0; k < 20000; ++k) {
    const std::string key = "bench:p" + std::to_string(rng() % profiles);
    const auto t0 = Clock::now();
    auto p = store->get(key);
    uncached.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!p) return 1;
  }
  std::cout << "read, cached profile: p50 " << percentile(cached, 0.5) << " us, p99 "
            << percentile(cached, 0.99) << " us\n";
  std::cout << "read, uncached profile (RocksDB): p50 " << percentile(uncached, 0.5)
            << " us, p99 " << percentile(uncached, 0.99) << " us\n";
  // Compact so the figure is the steady state, not WAL + memtable.
  store->compact();
  store.reset();
  std::cout << "disk: " << dir_bytes(dir) << " bytes for " << profiles << " profiles (+" << 16 + 256 + 1
            << " bench writers): " << static_cast<double>(dir_bytes(dir)) / profiles << " bytes/profile\n";
  return 0;
}

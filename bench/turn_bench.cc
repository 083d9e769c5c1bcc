// Measures `prepare` on a MovieLens folder and the latency of one chat turn
// in-process, through the real actors (router -> session -> memory ->
// planner -> executor -> tools -> reflector), one turn at a time.
//
//   build/bench/turn_bench [--source ../shared/data/ml-100k] [--turns 3000] [--profiles] [--fresh]
//
// Four requests rotate (their filters are cached after the first turns);
// with --fresh every turn asks for a year range never asked before.
// With --profiles the agent has a durable RocksDB profile store, as `chat`
// and `serve` do: each turn also logs its dialogue (written in the
// background; the reply does not wait for it).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <vector>

#include "actors/agent.h"
#include "actors/messages.h"
#include "config/cli_args.h"
#include "storage/dataset.h"
#include "storage/importer.h"
#include "storage/profile_store.h"
#include "tools/prepare_dataset.h"
#include "tools/toolbox.h"

using namespace interec;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"source", "work", "turns"}, {"profiles", "fresh"});
  const std::string source = args.get("source", "../shared/data/ml-100k");
  const std::string work = args.get("work", "/tmp/interec-bench");
  const long turns = args.get_int("turns", 3000, 10, 10000000);
  std::filesystem::remove_all(work);

  auto t0 = Clock::now();
  ImportOptions options;
  options.source_dir = source;
  options.out_dir = work;
  const ImportSummary summary = prepare_dataset(options);
  const double prepare_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cout << "prepare " << source << ": " << prepare_s << " s (" << summary.items << " items, "
            << summary.interactions << " interactions)\n";

  auto box = Toolbox::open(work);
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  std::shared_ptr<ProfileStore> profiles;
  if (args.has("profiles")) {
    ProfileStoreOptions store_options;
    store_options.path = work + "/profiles";
    profiles = ProfileStore::open(store_options);
  }
  Agent agent = spawn_agent(sys, box, AgentConfig{}, profiles);
  caf::scoped_actor self{sys};

  // filter + rank + map plans (the rules brain plans each request).
  const std::vector<std::string> requests = {
    "I'd like a comedy from the 90s, but nothing before 1995",
    "top 5 thrillers after 1990",
    "dramas from the 80s, no war",
    "an action movie from 1995 to 1998",
  };
  std::vector<double> ms;
  ms.reserve(turns);
  std::string first_plan;
  for (long k = 0; k < turns + 100; ++k) {
    // --fresh: every turn's year range is new (never in hard_filter's
    // cache), its genre one of four (cached after its first use).
    static const char* const kGenres[] = {"comedy", "thriller", "drama", "action movie"};
    const std::string text =
      args.has("fresh") ? std::string("a ") + kGenres[k % 4] + " from " + std::to_string(1930 + k % 60) + " to " +
                            std::to_string(1930 + k % 60 + 1 + (k / 60) % 50)
                        : requests[k % requests.size()];
    const auto start = Clock::now();
    bool ok = false;
    // A fresh user per turn, so "already shown" never empties the bus.
    self->request(agent.router, std::chrono::seconds(10), atoms::turn_atom_v,
                  TurnRequest{"bench", "u" + std::to_string(k), "", text})
      .receive([&](TurnReply& r) {
        ok = !r.error && !r.items.empty();
        if (first_plan.empty()) first_plan = r.plan;
      }, [&](caf::error&) {});
    const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!ok) {
      std::cerr << "turn failed: " << text << "\n";
      return 1;
    }
    if (k >= 100) ms.push_back(elapsed);  // the first 100 warm caches up
  }
  std::cout << "plan of the first request: " << first_plan << "\n";
  std::cout << "turn latency over " << ms.size() << " turns: p50 " << percentile(ms, 0.50)
            << " ms, p99 " << percentile(ms, 0.99) << " ms, max " << percentile(ms, 1.0)
            << " ms\n";
  stop_agent(sys, agent);
  return 0;
}

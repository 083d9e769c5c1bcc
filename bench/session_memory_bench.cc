// Resident memory per idle session: N sessions, each created by one turn
// ("top 1 comedies", so it holds a dialogue and a shown item, like a real
// idle session), all left alive; the growth of the process's resident set
// divided by N. No profile store, so RocksDB's memtables do not blur the
// number (they are per process, not per session).
//
//   build/bench/session_memory_bench --data DIR [--sessions 10000] [--window 256]
#include <malloc.h>

#include <fstream>
#include <iostream>
#include <string>

#include "actors/agent.h"
#include "actors/messages.h"
#include "config/cli_args.h"
#include "tools/toolbox.h"

using namespace interec;

namespace {

long rss_kb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// Runs `n` turns, each in its own new session, at most `window` at a time.
size_t run_turns(caf::actor_system& sys, const Agent& agent, const std::string& prefix, long n,
                 long window) {
  caf::scoped_actor self{sys};
  long sent = 0, received = 0;
  size_t errors = 0;
  auto send_one = [&] {
    self->send(agent.router, atoms::turn_atom_v,
               TurnRequest{"bench", prefix + std::to_string(sent), "", "top 1 comedies"});
    ++sent;
  };
  while (sent < std::min(n, window)) send_one();
  while (received < n) {
    self->receive([&](TurnReply& r) { errors += r.error.has_value(); },
                  caf::after(std::chrono::seconds(60)) >> [&] { ++errors; });
    ++received;
    if (sent < n) send_one();
  }
  return errors;
}

}  // namespace

int main(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"data", "sessions", "window"}, {});
  const std::string data = args.require("data");
  const long sessions = args.get_int("sessions", 10000, 1, 10000000);
  const long window = args.get_int("window", 256, 1, 100000);
  auto box = Toolbox::open(data);
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  AgentConfig config;
  const Agent agent = spawn_agent(sys, box, config);
  // Warm-up: caches, pools and the allocator's arenas grow to their working
  // size before the baseline (these sessions stay, and are in the baseline).
  run_turns(sys, agent, "warm-", 2000, window);
  malloc_trim(0);
  const long before = rss_kb();
  const size_t errors = run_turns(sys, agent, "idle-", sessions, window);
  malloc_trim(0);
  const long after = rss_kb();
  uint64_t live = 0;
  {
    caf::scoped_actor self{sys};
    self->request(agent.router, std::chrono::seconds(30), atoms::sessions_atom_v)
      .receive([&](uint64_t n) { live = n; }, [&](caf::error&) {});
  }
  std::cout << "{\"sessions\": " << sessions << ", \"live_sessions\": " << live
            << ", \"errors\": " << errors << ", \"rss_before_mb\": " << before / 1024.0
            << ", \"rss_after_mb\": " << after / 1024.0 << ", \"bytes_per_session\": "
            << (after - before) * 1024.0 / sessions << "}" << std::endl;
  stop_agent(sys, agent);
  return errors == 0 ? 0 : 1;
}

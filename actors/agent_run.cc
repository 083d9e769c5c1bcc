#include "actors/agent_run.h"

#include <atomic>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "config/cli_args.h"
#include "config/llm_cli.h"
#include "tools/models/parallel.h"

namespace interec {

AgentConfig AgentRunOptions::agent_config() const {
  AgentConfig config = agent;
  config.workers = workers;
  return config;
}

void apply_agent_run_cli(const CliArgs& args, AgentRunOptions& o) {
  o.concurrency = static_cast<size_t>(args.get_int("concurrency", 0, 0, 1024));
  o.workers = static_cast<size_t>(args.get_int("workers", 0, 0, 1024));
  apply_brain_cli(args, o.agent);
}

void for_each_case(caf::actor_system& sys, size_t n, size_t concurrency,
                   const std::function<void(caf::scoped_actor&, size_t)>& play, std::ostream* progress,
                   const std::string& label, const std::string& unit) {
  std::atomic<size_t> next{0};
  size_t done = 0;
  std::mutex progress_mutex;
  // Cases differ in length, so each thread takes the next case when it is
  // free rather than a fixed slice.
  auto worker = [&] {
    caf::scoped_actor self{sys};
    for (size_t i = next++; i < n; i = next++) {
      play(self, i);
      // Counted under the lock, so that the lines come out in order.
      std::lock_guard<std::mutex> lock(progress_mutex);
      const size_t d = ++done;
      if (progress && (d % 100 == 0 || d == n))
        *progress << label << ": " << d << "/" << n << " " << unit << "\n" << std::flush;
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < thread_count(concurrency); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

}  // namespace interec

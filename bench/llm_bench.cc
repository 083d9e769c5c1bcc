// Throughput of the openai brain against a slow model: the in-process
// OpenAI-compatible test server answers every call after --delay-ms, and
// --sessions concurrent sessions each send turns back to back (each turn:
// plan-first prompt -> HTTP -> parse + ground -> executor -> tools -> reply).
// The ideal is sessions / delay turns per second (every session always
// waiting on the model); the target is >= 80% of it on 2 cores.
//
//   build/bench/llm_bench --data DIR | --source ../shared/data/ml-100k
//       [--sessions 256] [--delay-ms 500] [--seconds 20] [--workers 0]
//
// CPU per turn is the process's CPU time over the measured window, less the
// test server thread's own, divided by the turns: what the agent spends per
// turn, excluding the wait.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "actors/agent.h"
#include "actors/messages.h"
#include "config/cli_args.h"
#include "storage/dataset.h"
#include "storage/importer.h"
#include "tests/llm_server/fake_llm_server.h"
#include "tools/prepare_dataset.h"
#include "tools/toolbox.h"

using namespace interec;
using Clock = std::chrono::steady_clock;

namespace {

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

struct Counters {
  std::atomic<bool> measuring{false};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> turns{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> fallbacks{0};
  std::mutex mu;
  std::vector<double> latency_ms;
};

const char* kRequests[] = {"top 5 Comedy", "top 5 Drama", "top 5 Thriller", "top 5 Action"};

// One user: a turn, then the next as soon as the reply is in.
caf::behavior client(caf::event_based_actor* self, RouterActor router, int id, Counters* c) {
  auto next = std::make_shared<std::function<void(uint64_t)>>();
  *next = [=](uint64_t k) {
    if (c->stop.load()) {
      self->quit();
      return;
    }
    const auto start = Clock::now();
    self->request(router, std::chrono::seconds(60), atoms::turn_atom_v,
                  TurnRequest{"bench", "b" + std::to_string(id), "", kRequests[(id + k) % 4]})
      .then(
        [=](TurnReply& r) {
          if (c->measuring.load()) {
            c->turns.fetch_add(1);
            if (r.error || r.items.empty()) c->failed.fetch_add(1);
            if (!r.trace.empty() && r.trace.front().tool == "brain") c->fallbacks.fetch_add(1);
            std::lock_guard<std::mutex> lock(c->mu);
            c->latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
          }
          (*next)(k + 1);
        },
        [=](caf::error&) {
          c->failed.fetch_add(1);
          (*next)(k + 1);
        });
  };
  (*next)(0);
  return {[](caf::unit_t) {}};
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"data", "source", "work", "sessions", "delay-ms", "seconds", "workers"}, {});
  std::string data = args.get("data");
  if (data.empty()) {
    data = args.get("work", "/tmp/interec-llm-bench");
    std::filesystem::remove_all(data);
    ImportOptions options;
    options.source_dir = args.get("source", "../shared/data/ml-100k");
    options.out_dir = data;
    prepare_dataset(options);
  }
  const long sessions = args.get_int("sessions", 256, 1, 100000);
  const long delay_ms = args.get_int("delay-ms", 500, 0, 60000);
  const long seconds = args.get_int("seconds", 20, 1, 3600);

  // The model: one plan per request, after the delay.
  test::FakeLlmServer server([delay_ms](const test::FakeRequest& r, size_t) {
    const std::string user = r.last_message("user");
    std::string genre = "Comedy";
    auto at = user.rfind("Request: top 5 ");
    if (at != std::string::npos) genre = user.substr(at + 15, user.find('\n', at) - at - 15);
    return test::FakeResponse::chat(
      "```json\n[{\"tool\": \"hard_filter\", \"input\": \"SELECT item_id FROM items WHERE genres LIKE '%" + genre +
        "%' AND year BETWEEN 1980 AND 1999\"},\n {\"tool\": \"rank\", \"input\": {\"schema\": \"preference\"}},\n"
        " {\"tool\": \"map\", \"input\": {\"n\": 5}}]\n```",
      std::chrono::milliseconds(delay_ms));
  });

  auto box = Toolbox::open(data);
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  AgentConfig config;
  config.brain = "openai";
  config.reflection_rounds = 0;  // one model call per turn: the ideal is sessions / delay
  config.workers = static_cast<size_t>(args.get_int("workers", 0, 0, 64));
  config.llm.url = server.url();
  config.llm.model = "bench";
  Agent agent = spawn_agent(sys, box, config);

  Counters c;
  for (long s = 0; s < sessions; ++s) sys.spawn(client, agent.router, static_cast<int>(s), &c);
  // Warm up: every session's first turn (connections, caches).
  std::this_thread::sleep_for(std::chrono::milliseconds(2 * delay_ms + 1000));
  const double cpu0 = process_cpu_seconds(), server0 = server.cpu_seconds();
  const auto t0 = Clock::now();
  c.measuring = true;
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  c.measuring = false;
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu = process_cpu_seconds() - cpu0, server_cpu = server.cpu_seconds() - server0;
  c.stop = true;

  const double turns = static_cast<double>(c.turns.load());
  const double ideal = delay_ms > 0 ? sessions * 1000.0 / delay_ms : 0;
  std::cout << "sessions " << sessions << ", model delay " << delay_ms << " ms, " << seconds
            << " s measured, " << std::thread::hardware_concurrency() << " cores\n";
  std::cout << "turns/s " << turns / wall;
  if (ideal > 0) std::cout << " (ideal " << ideal << ", " << 100.0 * turns / wall / ideal << "%)";
  std::cout << "\nfailed " << c.failed.load() << ", fell back to rules " << c.fallbacks.load() << "\n";
  {
    std::lock_guard<std::mutex> lock(c.mu);
    std::cout << "turn latency p50 " << percentile(c.latency_ms, 0.5) << " ms, p99 "
              << percentile(c.latency_ms, 0.99) << " ms\n";
  }
  std::cout << "CPU per turn (agent, excluding the wait and the test server) "
            << 1000.0 * (cpu - server_cpu) / std::max(1.0, turns) << " ms; test server "
            << 1000.0 * server_cpu / std::max(1.0, turns) << " ms\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms + 500));
  stop_agent(sys, agent);
  return 0;
}

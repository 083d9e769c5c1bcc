// Turn latency and throughput with the tools in-process, on one remote tool
// node and on two, over loopback (real `interec node` processes), and the
// overhead per remote tool step.
//
//   build/bench/deployment_bench [--data PREPARED_DIR | --source ../shared/data/ml-100k]
//                                [--turns 2000] [--clients 16]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include "actors/agent.h"
#include "actors/messages.h"
#include "config/cli_args.h"
#include "storage/dataset.h"
#include "storage/importer.h"
#include "tests/child_process.h"
#include "tools/prepare_dataset.h"
#include "tools/toolbox.h"

using namespace interec;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

const std::vector<std::string> kRequests = {
  "I'd like a comedy from the 90s, but nothing before 1995", "top 5 thrillers after 1990",
  "dramas from the 80s, no war", "movies similar to Toy Story but not animated"};

struct Result {
  double p50 = 0, p99 = 0, turns_per_s = 0, steps_per_turn = 0;
};

Result measure(std::shared_ptr<const Toolbox> box, AgentConfig config, long turns, int clients) {
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  enable_network(cfg);
  caf::actor_system sys{cfg};
  Agent agent = spawn_agent(sys, box, config);
  auto ask = [&](const std::string& user, const std::string& text, TurnReply& out) {
    caf::scoped_actor self{sys};
    bool ok = false;
    self->request(agent.router, 30s, atoms::turn_atom_v, TurnRequest{"bench", user, "", text})
      .receive([&](TurnReply& r) { ok = !r.error && !r.items.empty(); out = std::move(r); },
               [&](caf::error&) {});
    return ok;
  };
  TurnReply reply;
  for (int k = 0; k < 200; ++k)  // until the nodes are connected, then warm up
    if (ask("warm" + std::to_string(k), "top 3 comedies", reply) && k > 50) break;
  Result r;
  std::vector<double> ms;
  size_t steps = 0;
  for (long k = 0; k < turns; ++k) {
    const auto t0 = Clock::now();
    if (!ask("seq" + std::to_string(k), kRequests[k % kRequests.size()], reply)) {
      std::cerr << "turn failed: " << reply.reply << "\n";
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    steps += reply.trace.size();
  }
  r.p50 = percentile(ms, 0.5);
  r.p99 = percentile(ms, 0.99);
  r.steps_per_turn = static_cast<double>(steps) / static_cast<double>(turns);
  std::atomic<long> next{0}, failed{0};
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      TurnReply mine;
      for (long k; (k = next.fetch_add(1)) < turns;)
        if (!ask("par" + std::to_string(c) + "-" + std::to_string(k), kRequests[k % kRequests.size()], mine))
          ++failed;
    });
  for (auto& t : threads) t.join();
  r.turns_per_s = static_cast<double>(turns) / std::chrono::duration<double>(Clock::now() - t0).count();
  if (failed) std::cerr << failed << " concurrent turns failed\n";
  stop_agent(sys, agent);
  return r;
}

std::unique_ptr<test::ChildProcess> start_node(const std::string& data, std::string& address) {
  auto p = std::make_unique<test::ChildProcess>(std::vector<std::string>{
    test::interec_binary(), "node", "--data", data, "--role", "tools", "--listen", "127.0.0.1:0"});
  const std::string line = p->read_line(30s);
  address = line.substr(line.rfind(' ') + 1);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"data", "source", "turns", "clients"}, {});
  const long turns = args.get_int("turns", 2000, 10, 10000000);
  const int clients = static_cast<int>(args.get_int("clients", 16, 1, 1024));
  std::string data = args.get("data");
  if (data.empty()) {
    data = "/tmp/interec-deployment-bench";
    std::filesystem::remove_all(data);
    ImportOptions options;
    options.source_dir = args.get("source", "../shared/data/ml-100k");
    options.out_dir = data;
    prepare_dataset(options);
  }
  auto box = Toolbox::open(data);
  std::string a, b;
  auto node_a = start_node(data, a);
  auto node_b = start_node(data, b);

  AgentConfig local;
  AgentConfig one = local, two = local;
  one.tools_at = a;
  one.local_tools_fallback = false;
  two.tools_at = a + "," + b;
  two.local_tools_fallback = false;
  const Result rl = measure(box, local, turns, clients);
  const Result r1 = measure(box, one, turns, clients);
  const Result r2 = measure(box, two, turns, clients);
  auto line = [&](const char* name, const Result& r) {
    std::cout << name << ": p50 " << r.p50 << " ms, p99 " << r.p99 << " ms (one at a time); "
              << r.turns_per_s << " turns/s with " << clients << " concurrent clients; "
              << r.steps_per_turn << " tool steps per turn\n";
  };
  line("tools in-process", rl);
  line("1 remote tool node", r1);
  line("2 remote tool nodes", r2);
  std::cout << "overhead per remote step (p50): " << (r1.p50 - rl.p50) / r1.steps_per_turn << " ms\n";
  return 0;
}

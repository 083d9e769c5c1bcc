#include "bridge/loadgen.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace interec {
namespace {

using Clock = std::chrono::steady_clock;

// A mix of what users ask: filters, similarity, lookups and follow-ups, so
// every tool of the rules brain is exercised.
constexpr const char* kTexts[] = {
  "top 5 comedies from the 90s",
  "something like Heat",
  "more",
  "a drama after 1995, no horror",
  "when was Fargo released?",
  "movies similar to Toy Story but not animated",
  "top 3 thrillers",
  "recommend me something",
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p * sorted.size()));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double round3(double x) { return std::round(x * 1000) / 1000; }

}  // namespace

nlohmann::ordered_json LoadgenResult::to_json() const {
  nlohmann::ordered_json j;
  j["sessions"] = sessions;
  j["turns"] = turns;
  j["errors"] = errors;
  j["turns_per_s"] = round3(turns_per_s);
  j["p50_ms"] = round3(p50_ms);
  j["p99_ms"] = round3(p99_ms);
  return j;
}

LoadgenResult run_loadgen(const LoadgenOptions& options) {
  auto client = std::make_unique<BridgeClient>(options.client);
  std::mutex mutex;
  std::condition_variable all_done;
  std::vector<double> latencies;
  latencies.reserve(options.sessions * options.turns);
  size_t errors = 0, finished_sessions = 0;
  // Per session, guarded by mutex: turns sent, turns due (paced mode), and
  // whether a turn is waiting for its answer.
  struct Session {
    size_t sent = 0;
    size_t due = 0;
    bool waiting = false;
  };
  std::vector<Session> sessions(options.sessions);
  const bool paced = options.rate > 0;

  std::function<void(size_t)> send_next;  // call with mutex held
  send_next = [&](size_t s) {
    auto& session = sessions[s];
    const size_t turn = session.sent++;
    session.waiting = true;
    nlohmann::json request = {{"type", "message"},
                              {"channel", options.channel},
                              {"user", "lg-" + std::to_string(s)},
                              {"session", "s"},
                              {"text", kTexts[(s + turn) % std::size(kTexts)]}};
    const auto start = Clock::now();
    // Runs on the client's I/O thread.
    client->send(std::move(request), [&, s, start](nlohmann::json answer) {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      const bool failed = answer.value("type", "") != "reply" || answer.contains("error");
      std::lock_guard<std::mutex> lock(mutex);
      latencies.push_back(ms);
      if (failed) ++errors;
      auto& session = sessions[s];
      session.waiting = false;
      if (session.sent == options.turns) {
        if (++finished_sessions == options.sessions) all_done.notify_all();
      } else if (!paced || session.due > session.sent) {
        send_next(s);
      }
    });
  };

  const auto start = Clock::now();
  if (!paced) {
    std::lock_guard<std::mutex> lock(mutex);
    for (size_t s = 0; s < options.sessions; ++s) send_next(s);
  } else {
    // Turn t of session s is due at (t * sessions + s) / rate.
    const double period = 1.0 / options.rate;
    for (size_t t = 0; t < options.turns; ++t)
      for (size_t s = 0; s < options.sessions; ++s) {
        const double at = (static_cast<double>(t) * options.sessions + s) * period;
        std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(at)));
        std::lock_guard<std::mutex> lock(mutex);
        auto& session = sessions[s];
        session.due = t + 1;
        if (!session.waiting && session.sent < session.due) send_next(s);
      }
  }
  std::unique_lock<std::mutex> lock(mutex);
  all_done.wait(lock, [&] { return finished_sessions == options.sessions; });
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  lock.unlock();
  // Joins the I/O thread, which may still be returning from the last callback.
  client.reset();

  LoadgenResult result;
  result.sessions = options.sessions;
  result.turns = latencies.size();
  result.errors = errors;
  result.turns_per_s = seconds > 0 ? latencies.size() / seconds : 0;
  std::sort(latencies.begin(), latencies.end());
  result.p50_ms = percentile(latencies, 0.50);
  result.p99_ms = percentile(latencies, 0.99);
  return result;
}

}  // namespace interec

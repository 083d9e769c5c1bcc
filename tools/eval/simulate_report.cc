#include "tools/eval/simulate_report.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace interec {

const SimulatorRun& SimulateReport::run(const std::string& simulator) const {
  for (const auto& r : runs)
    if (r.simulator == simulator) return r;
  throw std::out_of_range("no run with the " + simulator + " simulator");
}

std::string report_table(const SimulateReport& r, size_t wording_rows) {
  std::ostringstream out;
  char buf[512];
  const std::string k = std::to_string(r.k);
  const size_t sessions = r.runs.empty() ? 0 : r.runs.front().agent.sessions;
  out << "dataset " << r.dataset << ": " << sessions << " sessions, at most " << r.max_turns << " turns, k = " << r.k
      << ", seed " << r.seed << ", preference model " << r.model << "\n";
  // One group of columns per simulator: hit, at, failed plans, turn p50.
  std::snprintf(buf, sizeof buf, "%-38s", "");
  out << buf;
  for (const auto& run : r.runs) {
    std::snprintf(buf, sizeof buf, " | %-34s", (run.simulator + " user").c_str());
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "\n%-38s", "method");
  out << buf;
  for (size_t g = 0; g < r.runs.size(); ++g) {
    std::snprintf(buf, sizeof buf, " | %7s %6s %7s %11s", ("hit@" + k).c_str(), ("at@" + k).c_str(), "failed",
                  "turn_ms_p50");
    out << buf;
  }
  out << "\n";
  auto row = [&](const std::string& name, auto metrics_of) {
    std::snprintf(buf, sizeof buf, "%-38s", name.c_str());
    out << buf;
    for (const auto& run : r.runs) {
      const ConversationMetrics& m = metrics_of(run);
      std::snprintf(buf, sizeof buf, " | %7.3f %6.2f %7zu %11.2f", m.hit, m.at, m.failed_plans, m.turn_ms_p50);
      out << buf;
    }
    out << "\n";
  };
  row("agent (" + r.brain + " brain)", [](const SimulatorRun& run) -> const ConversationMetrics& { return run.agent; });
  if (r.baselines) {
    row("naive: clues as filters + popularity",
        [](const SimulatorRun& run) -> const ConversationMetrics& { return run.naive; });
    // These read nothing the user says: the same for every simulator.
    row("one-shot model, no conversation", [&](const SimulatorRun&) -> const ConversationMetrics& { return r.one_shot; });
    row("popularity", [&](const SimulatorRun&) -> const ConversationMetrics& { return r.popularity; });
    row("random", [&](const SimulatorRun&) -> const ConversationMetrics& { return r.random; });
    std::snprintf(buf, sizeof buf,
                  "one-turn retrieval recall@%zu (%zu requests naming %zu attributes, rules user): agent %.3f, naive "
                  "%.3f\n",
                  r.k, r.one_turn_cases, r.retrieval_clues, r.retrieval_agent, r.retrieval_naive);
    out << buf;
    std::snprintf(buf, sizeof buf,
                  "one-turn ranking ndcg (target + %zu negatives): rank preference %.3f, popularity %.3f, random %.3f\n",
                  r.negatives, r.ndcg_model, r.ndcg_popularity, r.ndcg_random);
    out << buf;
  }
  for (const auto& run : r.runs) {
    if (run.wordings.by_wording.empty() || wording_rows == 0) continue;
    out << "\n" << run.simulator << " user, the agent's answers to each piece of a message (honoured: every item "
        << "shown fits what it said; kept: later lists still fit it):\n"
        << run.wordings.table(wording_rows);
  }
  for (const auto& run : r.runs) {
    if (run.simulator != "openai") continue;
    out << "user simulator openai: " << run.simulator_turns << " agent turns, leaks_caught " << run.leaks_caught
        << " (answers stopped for saying the target's title), simulator_fallbacks " << run.simulator_fallbacks
        << " (turns given the rules simulator's message)\n";
    if (r.baselines)
      out << "the naive agent read the openai user's facts as the rules simulator states them, in the same order\n";
  }
  return out.str();
}

}  // namespace interec

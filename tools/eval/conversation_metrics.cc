#include "tools/eval/conversation_metrics.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace interec {

ConversationMetrics summarize(const std::vector<SessionOutcome>& sessions, size_t max_turns) {
  ConversationMetrics m;
  m.sessions = sessions.size();
  if (sessions.empty()) return m;
  std::vector<double> ms;
  double hits = 0, turns = 0;
  for (const auto& s : sessions) {
    const bool hit = s.hit_turn >= 1 && s.hit_turn <= max_turns;
    hits += hit ? 1 : 0;
    turns += static_cast<double>(hit ? s.hit_turn : max_turns + 1);
    m.failed_plans += s.failed_plans;
    ms.insert(ms.end(), s.turn_ms.begin(), s.turn_ms.end());
  }
  m.hit = hits / static_cast<double>(sessions.size());
  m.at = turns / static_cast<double>(sessions.size());
  m.turn_ms_p50 = quantile(std::move(ms), 0.5);
  return m;
}

double quantile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::string metrics_json(const ConversationMetrics& m, size_t k) {
  // nlohmann::json orders keys alphabetically; the protocol fixes the order.
  auto num = [](double x) { return nlohmann::json(std::round(x * 10000) / 10000).dump(); };
  const std::string ks = std::to_string(k);
  return "{\"sessions\": " + std::to_string(m.sessions) + ", \"hit@" + ks + "\": " + num(m.hit) +
         ", \"at@" + ks + "\": " + num(m.at) + ", \"failed_plans\": " + std::to_string(m.failed_plans) +
         ", \"turn_ms_p50\": " + num(m.turn_ms_p50) + "}";
}

double ndcg_of_rank(size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 2.0); }

}  // namespace interec

// Metrics of the session-wise protocol (InteRecAgent): Hit@k within a turn
// budget and AT@k, the average turn of the hit with misses counted as the
// budget + 1; plus failed plans and the median turn latency.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace interec {

/// What happened in one simulated conversation.
struct SessionOutcome {
  /// 1-based turn at which the target was shown in the top k; 0 = never.
  size_t hit_turn = 0;
  /// Turns whose reply failed (an error, or no items where items were asked).
  size_t failed_plans = 0;
  /// Wall-clock time of each turn, in milliseconds.
  std::vector<double> turn_ms;
};

struct ConversationMetrics {
  size_t sessions = 0;
  double hit = 0;  // Hit@k within max_turns
  double at = 0;   // AT@k, misses = max_turns + 1
  size_t failed_plans = 0;
  double turn_ms_p50 = 0;  // over every turn of every session; 0 without turns
};

/// A hit after max_turns counts as a miss. Empty input gives all zeros.
ConversationMetrics summarize(const std::vector<SessionOutcome>& sessions, size_t max_turns);

/// The p-quantile (0..1) by linear interpolation between order statistics;
/// 0 for no values.
double quantile(std::vector<double> values, double p);

/// Exactly {"sessions": N, "hit@K": x, "at@K": x, "failed_plans": N, "turn_ms_p50": x}.
std::string metrics_json(const ConversationMetrics& m, size_t k);

/// NDCG of one relevant item at 0-based `rank` (1 / log2(rank + 2)).
double ndcg_of_rank(size_t rank);

}  // namespace interec

#include "tests/time_scale.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace interec::test {

double time_scale() {
  const char* text = std::getenv("INTEREC_TEST_TIME_SCALE");
  if (!text || !*text) return 1.0;
  char* end = nullptr;
  const double scale = std::strtod(text, &end);
  if (*end != '\0' || !(scale >= 1.0) || scale > 1000.0) {
    std::fprintf(stderr, "INTEREC_TEST_TIME_SCALE=\"%s\": expected a number from 1 to 1000\n", text);
    std::exit(2);
  }
  return scale;
}

std::chrono::milliseconds scaled(std::chrono::milliseconds limit) {
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(limit.count() * time_scale()));
}

size_t scaled_count(size_t n, size_t least) {
  const auto fewer = static_cast<size_t>(static_cast<double>(n) / time_scale());
  return std::min(n, std::max(fewer, least));
}

AgentConfig scaled_limits(AgentConfig config) {
  config.step_timeout = scaled(config.step_timeout);
  config.turn_timeout = scaled(config.turn_timeout);
  config.llm.call_timeout = scaled(config.llm.call_timeout);
  config.llm.plan_budget = scaled(config.llm.plan_budget);
  return config;
}

}  // namespace interec::test

// One scale for every wait and deadline of the tests. A sanitizer build runs
// the same code several times slower (ThreadSanitizer about 5-15x,
// AddressSanitizer 2-4x): scripts/sanitize.sh sets INTEREC_TEST_TIME_SCALE
// (10 for tsan, 4 for asan) and every time limit a test waits for an answer
// with goes through scaled(), so that slowness alone never fails a test and
// no test needs a sanitizer case of its own. Only limits are scaled: a test
// never asserts how long something took (bench/ measures speed).
#pragma once

#include <chrono>
#include <cstddef>

#include "config/agent_config.h"

namespace interec::test {

/// INTEREC_TEST_TIME_SCALE: a number >= 1, default 1 when unset or empty.
/// Anything else (a typo, 0, a negative number) stops the test process
/// with a message saying so rather than silently shortening every wait.
double time_scale();

/// `limit` times time_scale(), in milliseconds.
std::chrono::milliseconds scaled(std::chrono::milliseconds limit);

/// How many of `n` repetitions (turns, sessions) a test that repeats work to
/// show it concurrent or stable runs: `n` divided by time_scale(), never
/// below `least`. The instrumented builds pay their slowdown on every turn,
/// and the TSan job's budget (docs/trust.md, "Sanitizers") cannot; a test
/// passes `least` large enough that what it asserts (overlap, order, no
/// cross-talk) still needs the concurrency it checks.
size_t scaled_count(size_t n, size_t least);

/// `config` with the agent's own limits (step_timeout, turn_timeout, the
/// LLM's call_timeout and plan_budget) scaled;
/// every fixture that starts an agent passes its config through it, so that
/// a turn queued behind others does not fail a step only because the build
/// is slow. A test that races a limit against a delay scales the delay too.
AgentConfig scaled_limits(AgentConfig config);

}  // namespace interec::test

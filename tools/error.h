// What went wrong in a turn, as one typed value: a code a program can switch
// on and a message a person can read. Tools, the planner, memory and the
// executor report failures with it; it travels in ToolReply, each step's
// StepTrace, ExecResult, the memory replies and TurnReply, and its code is
// the protocol's "error" field (docs/protocol.md). Success is the absence of an Error
// (std::optional<Error>), never an empty string.
#pragma once

#include <cstdint>
#include <string>

#include "tools/inspect_std.h"

namespace interec {

enum class ErrorCode : uint8_t {
  /// A tool refused or could not do its step (bad input, refused SQL, no
  /// such item); the message is the tool's, starting with its name.
  tool_failed,
  /// A tool did not answer within the step time limit.
  tool_timeout,
  /// A hard filter could not check one of its conditions within its query
  /// time bound; the message names the condition. How many items match is
  /// unknown, not none, so reflection does not relax it (docs/architecture.md).
  condition_unchecked,
  /// No tool could take the step: the plan names no such tool, or the tool
  /// actor or every tool node is down.
  tool_unavailable,
  /// The planner failed or did not answer; the turn has no plan.
  brain_failed,
  /// The user's profile could not be read (the answer is not personalised)
  /// or what the message taught could not be saved.
  memory_unavailable,
  /// The plan did not finish within the turn's time limit.
  timeout,
  /// Something failed inside the agent itself (an exception in the session).
  internal,
};

/// The protocol name of a code: "tool_failed", "tool_timeout", ...
const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  /// One sentence naming what failed and why, e.g. "rank: no answer within
  /// the step time limit (5000 ms)".
  std::string message;
};

inline bool operator==(const Error& a, const Error& b) {
  return a.code == b.code && a.message == b.message;
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Error& x) {
  return f(x.code, x.message);
}

}  // namespace interec

#include "tools/error.h"

namespace interec {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::tool_failed: return "tool_failed";
    case ErrorCode::tool_timeout: return "tool_timeout";
    case ErrorCode::condition_unchecked: return "condition_unchecked";
    case ErrorCode::tool_unavailable: return "tool_unavailable";
    case ErrorCode::brain_failed: return "brain_failed";
    case ErrorCode::memory_unavailable: return "memory_unavailable";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace interec

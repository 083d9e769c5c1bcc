// One chat-completions call with retries, the part of the openai brain that
// every caller of a language model shares: the request (OpenAI or Azure),
// how one HTTP exchange is judged (content, retry, give up), the back-off
// between tries, and a blocking loop of them. The brain's actors
// (actors/llm_planner.cc) drive the same policy asynchronously; the
// demonstration generator and the LLM user simulator block on chat_sync().
// Plain C++ without CAF or libcurl: it is compiled into interec_brain, so
// LlmBrain::chat_call uses it too.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "brain/llm/llm_brain.h"  // LlmCall, ChatContent
#include "brain/llm/http_client.h"      // HttpRequest, HttpResponse (the structs only)
#include "config/llm_config.h"

namespace interec {

/// The POST of one chat-completions call under `config`: URL/chat/completions
/// with the model in the body and "Authorization: Bearer KEY", or, with
/// azure_deployment and azure_api_version both set, the deployment's URL
/// with an "api-key" header. The key is llm_api_key(config); no key header
/// without one. `max_tokens` <= 0 means config.max_tokens. Invalid UTF-8 in
/// the messages is replaced, never thrown on.
LlmCall chat_completions_call(const LlmConfig& config, const nlohmann::json& messages, int max_tokens = 0);

/// `call` as an HTTP request bounded by the shorter of config.call_timeout
/// and `left`, and by config.max_response_bytes.
HttpRequest llm_http_request(LlmCall call, const LlmConfig& config, std::chrono::milliseconds left);

/// What one HTTP exchange of a chat call means.
struct ChatVerdict {
  enum class Kind { content, retry, fail };
  Kind kind = Kind::fail;
  std::string content;        // kind == content: the message content (may be empty)
  std::string why;            // retry, fail: what went wrong, in words for a log or a user
  long retry_after_ms = -1;   // retry: the server's Retry-After, -1 = none
};
/// A transport error (time-out, refused connection, over-long answer), 408,
/// 429 or 5xx, or a 200 whose body is not a chat answer: retry. Any other
/// status (400, 401, 404...): fail, asking again would get the same answer.
/// Otherwise the content. Never throws.
ChatVerdict judge_chat_exchange(long status, const std::string& body, const std::string& error,
                                long retry_after_ms);

/// The wait before retry number `attempt` (1-based): backoff * 2^(attempt-1)
/// times a uniform jitter in [0.5, 1.5], at most backoff_max; a Retry-After
/// (`retry_after_ms` >= 0) is honoured up to backoff_max.
std::chrono::milliseconds retry_delay(const LlmConfig& config, size_t attempt, long retry_after_ms,
                                      std::mt19937& rng);

/// After a retryable failure, with `attempt` retries used so far: counts one
/// more in `attempt` and returns the wait before it; or nullopt when the call
/// must give up (config.retries used, or the wait would end at or past
/// `deadline`), having added the reason to `why`.
std::optional<std::chrono::milliseconds> next_retry(const LlmConfig& config, size_t& attempt,
                                                    long retry_after_ms,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    std::mt19937& rng, std::string& why);

struct ChatResult {
  bool ok = false;
  std::string content;  // ok: the message content (may be empty)
  std::string error;    // !ok: why, as the brain words it
  size_t attempts = 0;  // HTTP exchanges made
};

/// Performs one HTTP exchange (e.g. HttpClient::send_sync).
using HttpSend = std::function<HttpResponse(HttpRequest)>;

/// One chat-completions call with the brain's retry policy, blocking the
/// calling thread until content arrives, a non-retryable answer, the retries
/// are used up or `deadline` passes (no exchange outlives it). Never throws
/// on HTTP failures. For commands and plain threads, never for an actor
/// handler (it sleeps between tries).
ChatResult chat_sync(const HttpSend& send, const LlmConfig& config, const nlohmann::json& messages,
                     std::chrono::steady_clock::time_point deadline, std::mt19937& rng, int max_tokens = 0);

}  // namespace interec

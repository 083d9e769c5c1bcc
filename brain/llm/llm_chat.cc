#include "brain/llm/llm_chat.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace interec {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

LlmCall chat_completions_call(const LlmConfig& config, const json& messages, int max_tokens) {
  LlmCall call;
  std::string base = config.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string key = llm_api_key(config);
  json body = {{"messages", messages}, {"temperature", config.temperature},
               {"max_tokens", max_tokens > 0 ? max_tokens : config.max_tokens}};
  if (!config.azure_deployment.empty() && !config.azure_api_version.empty()) {
    call.url = base + "/openai/deployments/" + config.azure_deployment +
               "/chat/completions?api-version=" + config.azure_api_version;
    if (!key.empty()) call.headers.push_back("api-key: " + key);
  } else {
    call.url = base + "/chat/completions";
    body["model"] = config.model;
    if (!key.empty()) call.headers.push_back("Authorization: Bearer " + key);
  }
  call.headers.push_back("Content-Type: application/json");
  call.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return call;
}

HttpRequest llm_http_request(LlmCall call, const LlmConfig& config, std::chrono::milliseconds left) {
  HttpRequest request;
  request.url = std::move(call.url);
  request.headers = std::move(call.headers);
  request.body = std::move(call.body);
  request.timeout = std::min(config.call_timeout, left);
  request.max_response_bytes = config.max_response_bytes;
  return request;
}

ChatVerdict judge_chat_exchange(long status, const std::string& body, const std::string& error,
                                long retry_after_ms) {
  ChatVerdict v;
  if (!error.empty()) {
    v.kind = ChatVerdict::Kind::retry;
    v.why = "the language model's endpoint: " + error;
    v.retry_after_ms = retry_after_ms;
    return v;
  }
  if (status == 429 || status == 408 || status >= 500) {
    v.kind = ChatVerdict::Kind::retry;
    v.why = "the language model's endpoint answered HTTP " + std::to_string(status);
    v.retry_after_ms = retry_after_ms;
    return v;
  }
  const ChatContent c = LlmBrain::read_chat(body);
  if (status != 200) {
    v.kind = ChatVerdict::Kind::fail;
    v.why = "the language model's endpoint refused the request (HTTP " + std::to_string(status) +
            (c.error.empty() ? "" : ": " + c.error) + ")";
    return v;
  }
  if (!c.ok) {
    // A proxy's error page or a truncated body: another try may well work.
    v.kind = ChatVerdict::Kind::retry;
    v.why = c.error;
    return v;
  }
  v.kind = ChatVerdict::Kind::content;
  v.content = c.content;
  return v;
}

std::chrono::milliseconds retry_delay(const LlmConfig& c, size_t attempt, long retry_after_ms, std::mt19937& rng) {
  const double base = static_cast<double>(c.backoff.count()) *
                      std::pow(2.0, static_cast<double>(attempt > 0 ? attempt - 1 : 0));
  // Jitter keeps many clients that failed together from retrying together.
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  double ms = std::min(base * jitter(rng), static_cast<double>(c.backoff_max.count()));
  if (retry_after_ms >= 0)
    ms = std::min<double>(std::max<double>(ms, static_cast<double>(retry_after_ms)),
                          static_cast<double>(c.backoff_max.count()));
  return std::chrono::milliseconds(static_cast<long>(ms));
}

std::optional<std::chrono::milliseconds> next_retry(const LlmConfig& config, size_t& attempt, long retry_after_ms,
                                                    Clock::time_point deadline, std::mt19937& rng,
                                                    std::string& why) {
  if (attempt >= config.retries) {
    if (config.retries) why += " (after " + std::to_string(attempt + 1) + " attempts)";
    return std::nullopt;
  }
  ++attempt;
  const auto wait = retry_delay(config, attempt, retry_after_ms, rng);
  if (Clock::now() + wait >= deadline) {
    why += " (no time left to retry)";
    return std::nullopt;
  }
  return wait;
}

ChatResult chat_sync(const HttpSend& send, const LlmConfig& config, const json& messages,
                     Clock::time_point deadline, std::mt19937& rng, int max_tokens) {
  ChatResult out;
  const LlmCall call = chat_completions_call(config, messages, max_tokens);
  size_t retries = 0;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      out.error = "the language model gave no usable answer in time";
      return out;
    }
    ++out.attempts;
    const HttpResponse r = send(llm_http_request(call, config, left));
    ChatVerdict v = judge_chat_exchange(r.status, r.body, r.error, r.retry_after_ms);
    if (v.kind == ChatVerdict::Kind::content) {
      out.ok = true;
      out.content = std::move(v.content);
      return out;
    }
    if (v.kind == ChatVerdict::Kind::fail) {
      out.error = std::move(v.why);
      return out;
    }
    const auto wait = next_retry(config, retries, v.retry_after_ms, deadline, rng, v.why);
    if (!wait) {
      out.error = std::move(v.why);
      return out;
    }
    std::this_thread::sleep_for(*wait);
  }
}

}  // namespace interec

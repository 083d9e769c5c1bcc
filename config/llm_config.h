// Settings of the `openai` brain: the endpoint, the prompt, the retry and
// time-out policy. Every field documents its default; the same names are the
// keys of the JSON config file (config/llm.example.json; also the "llm"
// section of `serve --config`), and the chat and serve flags (--llm-url,
// --llm-model, --reply-style, --demos, --num-demos; config/llm_cli.h)
// override the file.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace interec {

struct LlmConfig {
  /// Base URL of an OpenAI-compatible API, up to and including the version
  /// ("http://127.0.0.1:8000/v1"); "/chat/completions" is appended.
  std::string url;
  /// Model name sent with every request (for Azure: ignored by the service).
  std::string model;
  /// Bearer key; "" = the OPENAI_API_KEY environment variable (may be unset:
  /// local servers need none).
  std::string api_key;
  /// Azure OpenAI: with both set, requests go to
  /// URL/openai/deployments/DEPLOYMENT/chat/completions?api-version=V with
  /// an "api-key" header instead of "Authorization: Bearer".
  std::string azure_deployment;
  std::string azure_api_version;
  /// Sampling temperature; 0 makes plans as repeatable as the server allows.
  double temperature = 0.0;
  /// Upper bound on the tokens of one answer (plans are short).
  int max_tokens = 800;

  /// Bound on one HTTP exchange, connection included.
  std::chrono::milliseconds call_timeout{15000};
  /// Bound on planning one turn, retries and repairs included; then the
  /// rules brain plans the turn. Keep it below AgentConfig::turn_timeout.
  std::chrono::milliseconds plan_budget{25000};
  /// Retries of one call after a time-out, a refused connection, 429 or 5xx
  /// or an unreadable body; the n-th waits backoff * 2^(n-1), +-50% jitter,
  /// at most backoff_max (a Retry-After header is honoured up to that).
  size_t retries = 3;
  std::chrono::milliseconds backoff{250};
  std::chrono::milliseconds backoff_max{4000};
  /// Times an unusable answer (no plan found, broken plan) goes back to the
  /// model with what was wrong before the turn falls back to the rules brain.
  size_t repair_rounds = 2;
  /// Answers longer than this many bytes are refused as garbage.
  size_t max_response_bytes = 1 << 20;

  /// "template": the reply is written from the tool results; "llm": one more
  /// call lets the model write it (the template reply when that call fails).
  std::string reply_style = "template";
  /// The demonstration pool; "" = demonstrations.jsonl of the resource
  /// folder (config/resources.h).
  std::string demos_path;
  /// Demonstrations put in each planning prompt (the most similar ones).
  size_t num_demos = 6;
  /// When set, demonstrations are chosen by the endpoint's /embeddings with
  /// this model instead of local TF-IDF (TF-IDF again when that call fails).
  std::string embedding_model;
  /// Dialogue lines quoted verbatim; older lines are summarised in one line.
  size_t dialogue_lines = 8;
  /// Categorical values shown per column in the schema (nearest to the
  /// request first, then the most frequent).
  size_t values_per_column = 8;
};

/// Reads a JSON config file: {"llm": {...fields above...}} or the fields at
/// the top level; durations in milliseconds ("call_timeout_ms"). Unknown keys
/// are an error naming them (a typo must not silently keep a default).
/// Throws std::runtime_error naming the file.
LlmConfig load_llm_config(const std::string& path, LlmConfig defaults = {});

/// The key to send: config.api_key, else $OPENAI_API_KEY, else "".
std::string llm_api_key(const LlmConfig& config);

/// Promises: refuses (std::invalid_argument) a URL that is not http(s), so a
/// typo cannot send prompts somewhere unintended.
void check_llm_config(const LlmConfig& config);

}  // namespace interec

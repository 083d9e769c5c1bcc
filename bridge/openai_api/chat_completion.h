// The OpenAI chat-completions API as `interec openai-api` speaks it
// (docs/channels.md): reading a request into the one turn it carries, who
// is asking and in which conversation, and writing the answers — a
// completion, its server-sent events, OpenAI-shaped errors. Pure logic
// without sockets, so every byte a client may send is tested here.
//
// Contract:
//  * The turn is the last `user` message; earlier messages only name the
//    conversation. interec keeps the dialogue itself (the bridge session),
//    so clients may send the whole history, as OpenAI clients do.
//  * The conversation is the `X-Conversation-Id` header when given, else
//    the SHA-256 of the conversation's opening (system messages and first
//    user message). A request whose history holds no assistant message
//    opens a conversation: its session starts afresh.
//  * The user: with API keys, the account of the bearer key, followed by
//    "/" and the `user` field when one is given (a bot framework's end
//    user); without keys, the `user` field, else "anonymous".
//  * Every failure is an ApiError with the HTTP status and the
//    {"error": {"message", "type", "param", "code"}} body OpenAI sends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "bridge/openai_api/api_keys.h"

namespace interec::openai_api {

/// The one model this endpoint serves (GET /v1/models).
constexpr const char* kModel = "interec";
/// Longest turn accepted, in bytes: the bridge protocol's 64 KiB body bound
/// less room for the other fields.
constexpr size_t kMaxTurnBytes = 32 * 1024;
/// Longest `user` field and X-Conversation-Id header, in bytes.
constexpr size_t kMaxNameBytes = 200;

struct ApiError {
  int status = 400;
  std::string type = "invalid_request_error";
  std::string code;   // "" = null
  std::string param;  // "" = null
  std::string message;
};

/// {"error": {"message", "type", "param", "code"}}.
nlohmann::json error_body(const ApiError& error);

struct ChatRequest {
  std::string text;  // the last user message: the turn
  std::string user;  // the `user` field; "" when absent
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  std::string opening;         // system messages + first user message
  bool opens_conversation = false;  // no assistant message in the history
  size_t prompt_chars = 0;          // all message text, for the usage estimate
};

/// Parses a POST /v1/chat/completions body. Never throws.
std::variant<ChatRequest, ApiError> parse_chat_request(std::string_view body);

/// Where a turn goes on the bridge: user and session of the channel.
struct Caller {
  std::string user;
  std::string session;
  bool fresh = false;  // reset the session before the turn
};

/// Who asks, from the request, the keys (empty = unauthenticated), the
/// Authorization header and the X-Conversation-Id header ("" when absent).
/// A missing or unknown key with keys configured is a 401.
std::variant<Caller, ApiError> identify(const ChatRequest& request, const ApiKeys& keys,
                                        std::string_view authorization,
                                        std::string_view conversation_header);

/// One answered turn, ready to be written.
struct Completion {
  std::string id;         // "chatcmpl-..."
  int64_t created = 0;    // Unix seconds
  std::string session;    // the conversation, echoed to the client
  nlohmann::json answer;  // the bridge's {"type":"reply", ...} answer
  size_t prompt_chars = 0;
};

/// The chat.completion object. The reply text lists the items; the
/// structured items ride in the extra field "interec":
/// {"items": [...], "conversation": "...", "relaxed"?: [...], "error"?: "..."}.
nlohmann::json completion_body(const Completion& completion);

/// The same completion as server-sent events, each "data: {...}\n\n": the
/// role, the text line by line, the finish (with "interec"), the usage when
/// asked for, then "data: [DONE]\n\n".
std::vector<std::string> completion_events(const Completion& completion, bool include_usage);

/// The HTTP error for a bridge error answer ({"type":"error","code":...}):
/// busy -> 429, timeout -> 504, unavailable / shutting_down / a server that
/// does not answer -> 503, anything else -> 500.
ApiError bridge_error(const nlohmann::json& answer);

/// GET /v1/models and GET /v1/models/interec.
nlohmann::json model_object();
nlohmann::json model_list();

}  // namespace interec::openai_api

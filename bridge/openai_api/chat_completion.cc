#include "bridge/openai_api/chat_completion.h"

#include <optional>

#include "bridge/digest.h"
#include "storage/text.h"

namespace interec::openai_api {
namespace {

using json = nlohmann::json;

ApiError invalid(std::string message, std::string param = {}, std::string code = {}) {
  return ApiError{400, "invalid_request_error", std::move(code), std::move(param),
                  std::move(message)};
}

// The text of a message's content: a string, or the text parts of an array
// (image and audio parts carry nothing the agent can use). nullopt when
// the content has the wrong shape.
std::optional<std::string> content_text(const json& content) {
  if (content.is_null()) return std::string();
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) return std::nullopt;
  std::string out;
  for (const auto& part : content) {
    if (!part.is_object() || !part.contains("type") || !part["type"].is_string())
      return std::nullopt;
    if (part["type"] != "text") continue;
    if (!part.contains("text") || !part["text"].is_string()) return std::nullopt;
    if (!out.empty()) out += "\n";
    out += part["text"].get<std::string>();
  }
  return out;
}

bool known_role(const std::string& role) {
  for (const char* r : {"system", "developer", "user", "assistant", "tool", "function"})
    if (role == r) return true;
  return false;
}

// Rough token counts (4 bytes a token) for the `usage` object that clients
// expect; interec runs no tokenizer.
size_t tokens(size_t chars) { return (chars + 3) / 4; }

json usage(const Completion& c) {
  const size_t prompt = tokens(c.prompt_chars);
  const size_t completion = tokens(c.answer.value("reply", std::string()).size());
  return {{"prompt_tokens", prompt},
          {"completion_tokens", completion},
          {"total_tokens", prompt + completion}};
}

json extension(const Completion& c) {
  json out = {{"items", c.answer.value("items", json::array())}, {"conversation", c.session}};
  if (c.answer.contains("relaxed")) out["relaxed"] = c.answer["relaxed"];
  if (c.answer.contains("error")) out["error"] = c.answer["error"];
  return out;
}

json chunk(const Completion& c, json delta, json finish_reason) {
  return {{"id", c.id},
          {"object", "chat.completion.chunk"},
          {"created", c.created},
          {"model", kModel},
          {"choices",
           json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish_reason}}})}};
}

std::string event(const json& data) {
  return "data: " + data.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

std::optional<ApiError> check_options(const json& doc) {
  if (!doc.contains("model")) return invalid("you must provide a model parameter", "model");
  if (!doc["model"].is_string()) return invalid("model must be a string", "model");
  if (doc["model"] != kModel)
    return ApiError{404, "invalid_request_error", "model_not_found", "model",
                    "The model `" + doc["model"].get<std::string>() +
                      "` does not exist; this endpoint serves `" + kModel + "`"};
  if (doc.contains("stream") && !doc["stream"].is_boolean() && !doc["stream"].is_null())
    return invalid("stream must be a boolean", "stream");
  if (doc.contains("n") && !doc["n"].is_null() && doc["n"] != 1)
    return invalid("only n = 1 is supported", "n");
  if (doc.contains("user") && !doc["user"].is_string())
    return invalid("user must be a string", "user");
  if (doc.contains("user") && doc["user"].get<std::string>().size() > kMaxNameBytes)
    return invalid("user is longer than " + std::to_string(kMaxNameBytes) + " bytes", "user");
  if (doc.contains("stream_options") && !doc["stream_options"].is_object() &&
      !doc["stream_options"].is_null())
    return invalid("stream_options must be an object", "stream_options");
  return std::nullopt;
}

}  // namespace

json error_body(const ApiError& e) {
  return {{"error",
           {{"message", e.message},
            {"type", e.type},
            {"param", e.param.empty() ? json(nullptr) : json(e.param)},
            {"code", e.code.empty() ? json(nullptr) : json(e.code)}}}};
}

std::variant<ChatRequest, ApiError> parse_chat_request(std::string_view body) {
  // nlohmann's parser rejects ill-formed UTF-8 inside strings too.
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return invalid("We could not parse the JSON body of your request: it is not valid JSON");
  if (!doc.is_object()) return invalid("the request body must be a JSON object");
  if (auto e = check_options(doc)) return *e;
  if (!doc.contains("messages") || !doc["messages"].is_array() || doc["messages"].empty())
    return invalid("messages must be a non-empty array", "messages");

  ChatRequest out;
  out.stream = doc.value("stream", json(false)) == true;
  out.include_usage = out.stream && doc.contains("stream_options") &&
                      doc["stream_options"].is_object() &&
                      doc["stream_options"].value("include_usage", json(false)) == true;
  if (doc.contains("user")) out.user = doc["user"].get<std::string>();
  const json& messages = doc["messages"];
  bool seen_user = false, has_assistant = false;
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string at = "messages[" + std::to_string(i) + "]";
    const json& m = messages[i];
    if (!m.is_object()) return invalid(at + " must be an object", at);
    if (!m.contains("role") || !m["role"].is_string() || !known_role(m["role"]))
      return invalid(at + ".role must be one of system, developer, user, assistant, tool",
                     at + ".role");
    auto text = content_text(m.value("content", json(nullptr)));
    if (!text) return invalid(at + ".content must be a string or an array of parts", at + ".content");
    out.prompt_chars += text->size();
    const std::string role = m["role"];
    if (role == "assistant") has_assistant = true;
    if (role == "user") {
      if (!seen_user) out.opening += "user:" + *text;
      seen_user = true;
      out.text = std::move(*text);
    } else if (!seen_user && (role == "system" || role == "developer")) {
      out.opening += role + ":" + *text + "\n";
    }
  }
  out.opens_conversation = !has_assistant;
  if (!seen_user) return invalid("messages must contain a user message", "messages");
  if (text::trim(out.text).empty())
    return invalid("the last user message is empty", "messages");
  if (out.text.size() > kMaxTurnBytes)
    return invalid("the last user message is longer than " + std::to_string(kMaxTurnBytes) +
                     " bytes",
                   "messages", "string_above_max_length");
  return out;
}

std::variant<Caller, ApiError> identify(const ChatRequest& request, const ApiKeys& keys,
                                        std::string_view authorization,
                                        std::string_view conversation_header) {
  Caller caller;
  if (keys.empty()) {
    caller.user = request.user.empty() ? "anonymous" : request.user;
  } else {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.substr(0, kBearer.size()) != kBearer)
      return ApiError{401, "invalid_request_error", "invalid_api_key", "",
                      "You didn't provide an API key: send `Authorization: Bearer KEY`"};
    auto account = keys.account(std::string(text::trim(authorization.substr(kBearer.size()))));
    if (!account)
      return ApiError{401, "invalid_request_error", "invalid_api_key", "", "Incorrect API key provided"};
    caller.user = request.user.empty() ? *account : *account + "/" + request.user;
  }
  if (!conversation_header.empty()) {
    if (conversation_header.size() > kMaxNameBytes || !text::is_utf8(conversation_header))
      return invalid("X-Conversation-Id must be at most " + std::to_string(kMaxNameBytes) +
                       " bytes of UTF-8",
                     "X-Conversation-Id");
    caller.session = "c:" + std::string(conversation_header);
  } else {
    caller.session = "h:" + sha256_hex(request.opening).substr(0, 32);
    caller.fresh = request.opens_conversation;
  }
  return caller;
}

json completion_body(const Completion& c) {
  return {{"id", c.id},
          {"object", "chat.completion"},
          {"created", c.created},
          {"model", kModel},
          {"choices",
           json::array({{{"index", 0},
                         {"message",
                          {{"role", "assistant"},
                           {"content", c.answer.value("reply", std::string())},
                           {"refusal", nullptr}}},
                         {"logprobs", nullptr},
                         {"finish_reason", "stop"}}})},
          {"usage", usage(c)},
          {"interec", extension(c)}};
}

std::vector<std::string> completion_events(const Completion& c, bool include_usage) {
  std::vector<std::string> out;
  out.push_back(event(chunk(c, {{"role", "assistant"}, {"content", ""}}, nullptr)));
  const std::string reply = c.answer.value("reply", std::string());
  for (size_t start = 0; start < reply.size();) {
    size_t end = reply.find('\n', start);
    end = end == std::string::npos ? reply.size() : end + 1;
    out.push_back(event(chunk(c, {{"content", reply.substr(start, end - start)}}, nullptr)));
    start = end;
  }
  json finish = chunk(c, json::object(), "stop");
  finish["interec"] = extension(c);
  out.push_back(event(finish));
  if (include_usage) {
    json last = chunk(c, json::object(), nullptr);
    last["choices"] = json::array();
    last["usage"] = usage(c);
    out.push_back(event(last));
  }
  out.push_back("data: [DONE]\n\n");
  return out;
}

ApiError bridge_error(const json& answer) {
  const std::string code = answer.value("code", std::string("internal"));
  const std::string message = answer.value("message", std::string("the agent failed"));
  if (code == "busy")
    return ApiError{429, "requests", "rate_limit_exceeded", "", "interec is busy: " + message};
  if (code == "timeout" && !answer.value("local", false))
    return ApiError{504, "server_error", "timeout", "", "interec did not answer in time: " + message};
  if (code == "timeout" || code == "unavailable" || code == "shutting_down" ||
      code == "disconnected")
    return ApiError{503, "server_error", "service_unavailable", "",
                    "the interec server is unavailable: " + message};
  return ApiError{500, "server_error", code, "", "interec failed on this request: " + message};
}

json model_object() {
  return {{"id", kModel}, {"object", "model"}, {"created", 0}, {"owned_by", "interec"}};
}

json model_list() { return {{"object", "list"}, {"data", json::array({model_object()})}}; }

}  // namespace interec::openai_api

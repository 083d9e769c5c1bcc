// The wire protocol between chat channels and `interec serve` (version 1,
// specified in docs/protocol.md): parsing of request bodies and encoding of
// the answers that do not carry a TurnReply. Plain C++ without CAF or
// ZeroMQ, so the parser can be fuzzed on its own (bridge/fuzz/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "storage/profile.h"

namespace interec::protocol {

constexpr int kVersion = 1;
/// Largest request body accepted; larger ones get `too_large`.
constexpr size_t kMaxBodyBytes = 64 * 1024;
/// Longest `id`, `user` and `session` accepted (bytes).
constexpr size_t kMaxIdBytes = 256;

/// Error codes of {"type":"error"} replies. Stable: channels switch on them.
namespace code {
constexpr const char* too_large = "too_large";
constexpr const char* invalid_utf8 = "invalid_utf8";
constexpr const char* bad_json = "bad_json";
constexpr const char* bad_request = "bad_request";    // not an object, bad envelope
constexpr const char* missing_field = "missing_field";
constexpr const char* wrong_type = "wrong_type";
constexpr const char* bad_value = "bad_value";        // e.g. a channel name with ':'
constexpr const char* unsupported_version = "unsupported_version";
constexpr const char* unknown_type = "unknown_type";
constexpr const char* forbidden = "forbidden";        // channel not allowed for this key
constexpr const char* busy = "busy";                  // back-pressure: retry later
constexpr const char* shutting_down = "shutting_down";
constexpr const char* timeout = "timeout";
constexpr const char* unavailable = "unavailable";  // front: no backend could take it
constexpr const char* internal = "internal";
}  // namespace code

enum class RequestType { message, reset, profile_get, profile_delete, ping, feedback, item };

struct Request {
  RequestType type = RequestType::ping;
  std::string id;       // echoed in the answer; "" when the request had none
  std::string channel;  // message, reset, profile_*: [A-Za-z0-9_.-]{1,64}
  std::string user;     // message, reset, profile_*: 1..kMaxIdBytes bytes
  std::string session;  // message, reset: optional, "" = the user's default
  std::string text;     // message: non-empty
  std::string item_id;  // feedback, item: 1..kMaxIdBytes bytes
  Feedback feedback = Feedback::liked;  // feedback: "liked", "disliked" or "seen"
  /// message: how many items to list, 1..kMaxItems; 0 when absent (the
  /// agent's default). A count the text states wins over it.
  uint32_t items = 0;
};

/// Largest `items` a message may ask for.
constexpr uint32_t kMaxItems = 50;

struct ParseError {
  std::string code;     // one of protocol::code
  std::string message;  // for people: which field, what was wrong
  std::string id;       // the request's id when it could be read, else ""
};

/// Parses one request body. Never throws, whatever the bytes: every
/// malformed input yields a ParseError with its code. Unknown extra fields
/// are ignored, so channels may add fields without breaking older servers.
std::variant<Request, ParseError> parse_request(std::string_view body);

/// True for a valid channel name: [A-Za-z0-9_.-]{1,64}. No ':' ever, since
/// profiles are keyed "CHANNEL:USER".
bool valid_channel(std::string_view name);

/// {"v":1,"type":TYPE,"id":ID} (id null when empty) merged with `fields`.
/// Strings that are not valid UTF-8 are written with U+FFFD, never thrown on.
std::string encode(const std::string& type, const std::string& id,
                   nlohmann::json fields = nlohmann::json::object());
/// {"v":1,"type":"error","id":ID,"code":CODE,"message":MESSAGE}.
std::string encode_error(const std::string& id, const std::string& code,
                         const std::string& message);

}  // namespace interec::protocol

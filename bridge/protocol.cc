#include "bridge/protocol.h"

#include <optional>

#include "storage/text.h"

namespace interec::protocol {
namespace {

using json = nlohmann::json;

struct TypeName {
  const char* name;
  RequestType type;
  bool needs_user;  // channel + user
  bool has_session;
  bool needs_text;
  bool needs_item;
};

constexpr TypeName kTypes[] = {
  {"message", RequestType::message, true, true, true, false},
  {"reset", RequestType::reset, true, true, false, false},
  {"profile_get", RequestType::profile_get, true, false, false, false},
  {"profile_delete", RequestType::profile_delete, true, false, false, false},
  {"ping", RequestType::ping, false, false, false, false},
  {"feedback", RequestType::feedback, true, true, false, true},
  {"item", RequestType::item, true, false, false, true},
};

ParseError error(const char* code, std::string message, const std::string& id = {}) {
  return ParseError{code, std::move(message), id};
}

// Reads a string field into `out`; an absent optional field leaves it empty.
std::optional<ParseError> read_string(const json& body, const char* field, bool required,
                                      size_t max_bytes, std::string& out,
                                      const std::string& id) {
  auto it = body.find(field);
  if (it == body.end()) {
    if (!required) return std::nullopt;
    return error(code::missing_field, std::string("missing field \"") + field + "\"", id);
  }
  if (!it->is_string())
    return error(code::wrong_type, std::string("field \"") + field + "\" must be a string", id);
  out = it->get<std::string>();
  if (out.size() > max_bytes)
    return error(code::bad_value,
                 std::string("field \"") + field + "\" is longer than " +
                   std::to_string(max_bytes) + " bytes",
                 id);
  return std::nullopt;
}

// Reads the top-level "id" of a body too large to parse whole, stopping
// right after it (a client that writes "id" before "text", as nlohmann's
// sorted keys do, costs a few bytes of parsing), so that `too_large` reaches
// the request that caused it.
class IdSniffer : public json::json_sax_t {
 public:
  std::string id;

  bool key(string_t& name) override {
    want_ = depth_ == 1 && name == "id";
    return true;
  }
  bool string(string_t& value) override {
    if (want_ && value.size() <= kMaxIdBytes) id = value;
    return !want_;
  }
  bool start_object(std::size_t) override { return enter(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_object() override { return leave(); }
  bool end_array() override { return leave(); }
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool enter() {
    if (want_) return false;  // "id" is not a string
    ++depth_;
    return true;
  }
  bool leave() {
    --depth_;
    return true;
  }
  bool value() { return !want_; }

  int depth_ = 0;
  bool want_ = false;
};

std::string sniff_id(std::string_view body) {
  IdSniffer sniffer;
  json::sax_parse(body.begin(), body.end(), &sniffer, json::input_format_t::json, /*strict=*/false);
  return sniffer.id;
}

// Identifiers are keys and appear in logs: no control characters.
bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

}  // namespace

bool valid_channel(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::variant<Request, ParseError> parse_request(std::string_view body) {
  if (body.size() > kMaxBodyBytes)
    return error(code::too_large,
                 "request of " + std::to_string(body.size()) + " bytes; at most " + std::to_string(kMaxBodyBytes),
                 text::is_utf8(body) ? sniff_id(body) : std::string());
  if (!text::is_utf8(body)) return error(code::invalid_utf8, "request is not valid UTF-8");
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return error(code::bad_json, "request is not JSON");
  if (!doc.is_object()) return error(code::bad_request, "request must be a JSON object");

  // The id first, so every later error can be matched to its request.
  Request request;
  if (auto e = read_string(doc, "id", false, kMaxIdBytes, request.id, {})) return *e;
  const std::string& id = request.id;

  auto v = doc.find("v");
  if (v == doc.end()) return error(code::missing_field, "missing field \"v\"", id);
  if (!v->is_number_integer() && !v->is_number_unsigned())
    return error(code::wrong_type, "field \"v\" must be an integer", id);
  if (v->get<int64_t>() != kVersion)
    return error(code::unsupported_version,
                 "protocol version " + v->dump() + " is not supported; this server speaks 1", id);

  std::string type_name;
  if (auto e = read_string(doc, "type", true, 64, type_name, id)) return *e;
  const TypeName* type = nullptr;
  for (const auto& t : kTypes)
    if (type_name == t.name) type = &t;
  if (!type)
    return error(code::unknown_type,
                 "unknown type \"" + type_name +
                   "\" (message, reset, profile_get, profile_delete, ping, feedback, item)",
                 id);
  request.type = type->type;

  if (type->needs_user) {
    if (auto e = read_string(doc, "channel", true, 64, request.channel, id)) return *e;
    if (!valid_channel(request.channel))
      return error(code::bad_value, "channel must match [A-Za-z0-9_.-]{1,64}", id);
    if (auto e = read_string(doc, "user", true, kMaxIdBytes, request.user, id)) return *e;
    if (request.user.empty()) return error(code::bad_value, "user must not be empty", id);
    // RocksDB keys are NUL-free in the profile store, and an id is never
    // rewritten (that would merge or split users): refused, not cleaned.
    if (has_control(request.user))
      return error(code::bad_value, "user must not contain control characters", id);
  }
  if (type->has_session) {
    if (auto e = read_string(doc, "session", false, kMaxIdBytes, request.session, id)) return *e;
    if (has_control(request.session))
      return error(code::bad_value, "session must not contain control characters", id);
  }
  if (type->needs_text) {
    if (auto e = read_string(doc, "text", true, kMaxBodyBytes, request.text, id)) return *e;
    if (text::trim(request.text).empty()) return error(code::bad_value, "text is empty", id);
    // What the user typed may hold escape sequences ("\u001b[2J"): kept
    // visible but harmless before it reaches the agent, the store or a screen.
    request.text = text::clean(request.text);
    if (auto it = doc.find("items"); it != doc.end() && !it->is_null()) {
      if (!it->is_number_integer() && !it->is_number_unsigned())
        return error(code::wrong_type, "field \"items\" must be an integer", id);
      const int64_t n = it->get<int64_t>();
      if (n < 1 || n > kMaxItems)
        return error(code::bad_value, "field \"items\" must be from 1 to " + std::to_string(kMaxItems), id);
      request.items = static_cast<uint32_t>(n);
    }
  }
  if (type->needs_item) {
    if (auto e = read_string(doc, "item_id", true, kMaxIdBytes, request.item_id, id)) return *e;
    if (request.item_id.empty()) return error(code::bad_value, "item_id must not be empty", id);
  }
  if (request.type == RequestType::feedback) {
    std::string kind;
    if (auto e = read_string(doc, "kind", true, 64, kind, id)) return *e;
    if (kind == "liked") request.feedback = Feedback::liked;
    else if (kind == "disliked") request.feedback = Feedback::disliked;
    else if (kind == "seen") request.feedback = Feedback::seen;
    else return error(code::bad_value, "kind must be liked, disliked or seen", id);
  }
  return request;
}

std::string encode(const std::string& type, const std::string& id, json fields) {
  json out = std::move(fields);
  if (!out.is_object()) out = json::object();
  out["v"] = kVersion;
  out["type"] = type;
  out["id"] = id.empty() ? json(nullptr) : json(id);
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_error(const std::string& id, const std::string& code,
                         const std::string& message) {
  return encode("error", id, {{"code", code}, {"message", message}});
}

}  // namespace interec::protocol

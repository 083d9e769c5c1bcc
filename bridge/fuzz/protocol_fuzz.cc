// libFuzzer target for the bridge's request parser (scripts/fuzz.sh builds it
// with clang and runs it for a bounded time). Whatever the bytes, parsing
// must not crash, leak or throw, and what it accepts must satisfy the
// promises of bridge/protocol.h.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bridge/protocol.h"
#include "storage/text.h"

using namespace interec;

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = protocol::parse_request(body);
  if (auto* error = std::get_if<protocol::ParseError>(&parsed)) {
    check(!error->code.empty() && !error->message.empty());
    check(error->id.size() <= protocol::kMaxIdBytes);
    // The error must be encodable whatever went wrong.
    check(!protocol::encode_error(error->id, error->code, error->message).empty());
    return 0;
  }
  const auto& request = std::get<protocol::Request>(parsed);
  check(size <= protocol::kMaxBodyBytes);
  check(text::is_utf8(request.text) && text::is_utf8(request.user));
  check(request.id.size() <= protocol::kMaxIdBytes);
  if (request.type != protocol::RequestType::ping) {
    check(protocol::valid_channel(request.channel));
    check(!request.user.empty());
  }
  if (request.type == protocol::RequestType::message) check(!request.text.empty());
  check(!protocol::encode("pong", request.id).empty());
  return 0;
}

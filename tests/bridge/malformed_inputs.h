// The table of malformed requests and the error code each must get; shared
// by the parser test and the socket test.
#pragma once

#include <string>

namespace interec::test {

struct MalformedInput {
  const char* name;
  std::string (*body)();
  const char* code;
  const char* id;  // the id the error must echo; "" = none readable
};

inline const MalformedInput kMalformedInputs[] = {
  {"not JSON", [] { return std::string("hello?"); }, "bad_json", ""},
  {"truncated JSON", [] { return std::string(R"({"v":1,"type":"ping")"); }, "bad_json", ""},
  {"empty body", [] { return std::string(); }, "bad_json", ""},
  {"invalid UTF-8", [] { return std::string("{\"v\":1,\"type\":\"ping\",\"id\":\"\xff\xfe\"}"); },
   "invalid_utf8", ""},
  {"overlong UTF-8", [] { return std::string("{\"id\":\"\xc0\xaf\"}"); }, "invalid_utf8", ""},
  {"over 64 KiB", [] {
     return R"({"v":1,"type":"message","id":"big","channel":"test","user":"u","text":")" +
            std::string(64 * 1024, 'a') + R"("})";
   }, "too_large", "big"},
  {"over 64 KiB, id last", [] {
     return R"({"v":1,"type":"message","channel":"test","user":"u","text":")" +
            std::string(64 * 1024, 'a') + R"(","id":"late"})";
   }, "too_large", "late"},
  {"over 64 KiB, not JSON", [] { return std::string(70 * 1024, '{'); }, "too_large", ""},
  {"user with a control character", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u\u001b[2J","text":"hi"})");
   }, "bad_value", "a"},
  {"session with a newline", [] {
     return std::string(R"({"v":1,"type":"reset","id":"a","channel":"test","user":"u","session":"s\n1"})");
   }, "bad_value", "a"},
  {"array", [] { return std::string("[1,2,3]"); }, "bad_request", ""},
  {"string", [] { return std::string(R"("ping")"); }, "bad_request", ""},
  {"id not a string", [] { return std::string(R"({"v":1,"type":"ping","id":7})"); }, "wrong_type", ""},
  {"missing v", [] { return std::string(R"({"type":"ping","id":"a"})"); }, "missing_field", "a"},
  {"v a string", [] { return std::string(R"({"v":"1","type":"ping","id":"a"})"); }, "wrong_type", "a"},
  {"v 2", [] { return std::string(R"({"v":2,"type":"ping","id":"a"})"); }, "unsupported_version", "a"},
  {"v 1.5", [] { return std::string(R"({"v":1.5,"type":"ping","id":"a"})"); }, "wrong_type", "a"},
  {"missing type", [] { return std::string(R"({"v":1,"id":"a"})"); }, "missing_field", "a"},
  {"type a number", [] { return std::string(R"({"v":1,"type":3,"id":"a"})"); }, "wrong_type", "a"},
  {"unknown type", [] { return std::string(R"({"v":1,"type":"dance","id":"a"})"); }, "unknown_type", "a"},
  {"message without text", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u"})");
   }, "missing_field", "a"},
  {"text a number", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u","text":5})");
   }, "wrong_type", "a"},
  {"blank text", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u","text":"  "})");
   }, "bad_value", "a"},
  {"items a string", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u","text":"hi","items":"9"})");
   }, "wrong_type", "a"},
  {"items 1.5", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u","text":"hi","items":1.5})");
   }, "wrong_type", "a"},
  {"items 0", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u","text":"hi","items":0})");
   }, "bad_value", "a"},
  {"items 51", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"u","text":"hi","items":51})");
   }, "bad_value", "a"},
  {"message without user", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","text":"hi"})");
   }, "missing_field", "a"},
  {"empty user", [] {
     return std::string(R"({"v":1,"type":"message","id":"a","channel":"test","user":"","text":"hi"})");
   }, "bad_value", "a"},
  {"user an object", [] {
     return std::string(R"({"v":1,"type":"profile_get","id":"a","channel":"test","user":{}})");
   }, "wrong_type", "a"},
  {"channel with a colon", [] {
     return std::string(R"({"v":1,"type":"profile_get","id":"a","channel":"te:st","user":"u"})");
   }, "bad_value", "a"},
  {"missing channel", [] {
     return std::string(R"({"v":1,"type":"reset","id":"a","user":"u"})");
   }, "missing_field", "a"},
  {"session a list", [] {
     return std::string(R"({"v":1,"type":"reset","id":"a","channel":"test","user":"u","session":[]})");
   }, "wrong_type", "a"},
  {"id too long", [] {
     return R"({"v":1,"type":"ping","id":")" + std::string(300, 'i') + R"("})";
   }, "bad_value", ""},
};

}  // namespace interec::test

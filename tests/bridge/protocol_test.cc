// The request parser on its own: every malformed input has its error code.
#include "bridge/protocol.h"

#include <gtest/gtest.h>

#include "tests/bridge/malformed_inputs.h"

namespace interec::protocol {
namespace {

TEST(ProtocolTest, EveryMalformedInputHasItsCode) {
  for (const auto& row : test::kMalformedInputs) {
    auto parsed = parse_request(row.body());
    ASSERT_TRUE(std::holds_alternative<ParseError>(parsed)) << row.name;
    const auto& e = std::get<ParseError>(parsed);
    EXPECT_EQ(e.code, row.code) << row.name << ": " << e.message;
    EXPECT_EQ(e.id, row.id) << row.name;
    EXPECT_FALSE(e.message.empty()) << row.name;
  }
}

TEST(ProtocolTest, MessageIsParsedWithEveryField) {
  auto parsed = parse_request(
    R"({"v":1,"type":"message","id":"m42","channel":"slack","user":"u1","session":"s1","text":"top 3 comedies"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  const auto& r = std::get<Request>(parsed);
  EXPECT_EQ(r.type, RequestType::message);
  EXPECT_EQ(r.id, "m42");
  EXPECT_EQ(r.channel, "slack");
  EXPECT_EQ(r.user, "u1");
  EXPECT_EQ(r.session, "s1");
  EXPECT_EQ(r.text, "top 3 comedies");
  EXPECT_EQ(r.items, 0u);  // absent: the agent's default
}

TEST(ProtocolTest, MessageMayAskForAListLength) {
  for (uint32_t n : {1u, 12u, 50u}) {
    auto parsed = parse_request(R"({"v":1,"type":"message","channel":"web","user":"ann","text":"hi","items":)" +
                                std::to_string(n) + "}");
    ASSERT_TRUE(std::holds_alternative<Request>(parsed)) << n;
    EXPECT_EQ(std::get<Request>(parsed).items, n);
  }
}

// Escape sequences a user typed reach the agent, the store and every screen
// as visible text, never as terminal commands.
TEST(ProtocolTest, ControlCharactersInTextAreEscaped) {
  auto parsed = parse_request(
    R"({"v":1,"type":"message","channel":"web","user":"ann","text":"a \u001b[2Jcomedy\u0007\nplease"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  EXPECT_EQ(std::get<Request>(parsed).text, "a \\x1B[2Jcomedy\\x07\nplease");
}

TEST(ProtocolTest, SessionAndIdAreOptionalAndExtraFieldsIgnored) {
  auto parsed = parse_request(
    R"({"v":1,"type":"message","channel":"web","user":"ann","text":"hi","client":"x/2"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  EXPECT_EQ(std::get<Request>(parsed).session, "");
  EXPECT_EQ(std::get<Request>(parsed).id, "");
}

TEST(ProtocolTest, PingNeedsNoUser) {
  auto parsed = parse_request(R"({"v":1,"type":"ping","id":"p"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  EXPECT_EQ(std::get<Request>(parsed).type, RequestType::ping);
}

TEST(ProtocolTest, FeedbackAndItemNameAnItem) {
  auto parsed = parse_request(
    R"({"v":1,"type":"feedback","channel":"web","user":"u","session":"s","item_id":"1","kind":"seen"})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  const auto& r = std::get<Request>(parsed);
  EXPECT_EQ(r.type, RequestType::feedback);
  EXPECT_EQ(r.item_id, "1");
  EXPECT_EQ(r.session, "s");
  EXPECT_EQ(r.feedback, Feedback::seen);
  auto item = parse_request(R"({"v":1,"type":"item","channel":"web","user":"u","item_id":"50"})");
  ASSERT_TRUE(std::holds_alternative<Request>(item));
  EXPECT_EQ(std::get<Request>(item).type, RequestType::item);
  auto code_of = [](std::string_view body) {
    auto p = parse_request(body);
    return std::holds_alternative<ParseError>(p) ? std::get<ParseError>(p).code : std::string("ok");
  };
  EXPECT_EQ(code_of(R"({"v":1,"type":"feedback","channel":"w","user":"u","item_id":"1","kind":"love"})"),
            code::bad_value);
  EXPECT_EQ(code_of(R"({"v":1,"type":"feedback","channel":"w","user":"u","item_id":"1"})"),
            code::missing_field);
  EXPECT_EQ(code_of(R"({"v":1,"type":"feedback","channel":"w","user":"u","kind":"liked"})"),
            code::missing_field);
  EXPECT_EQ(code_of(R"({"v":1,"type":"item","channel":"w","user":"u","item_id":""})"), code::bad_value);
  EXPECT_EQ(code_of(R"({"v":1,"type":"item","channel":"w","user":"u","item_id":7})"), code::wrong_type);
}

TEST(ProtocolTest, ErrorsAreVersionedAndEchoTheId) {
  auto body = nlohmann::json::parse(encode_error("m1", code::busy, "later"));
  EXPECT_EQ(body, (nlohmann::json{{"v", 1}, {"type", "error"}, {"id", "m1"},
                                  {"code", "busy"}, {"message", "later"}}));
}

TEST(ProtocolTest, EncodingInvalidUtf8NeverThrows) {
  auto body = nlohmann::json::parse(encode("reply", "", {{"reply", std::string("bad \xff byte")}}));
  EXPECT_TRUE(body["id"].is_null());
  EXPECT_EQ(body["reply"], "bad \xEF\xBF\xBD byte");
}

TEST(ProtocolTest, ChannelNames) {
  EXPECT_TRUE(valid_channel("slack"));
  EXPECT_TRUE(valid_channel("tg_bot-2.eu"));
  EXPECT_FALSE(valid_channel(""));
  EXPECT_FALSE(valid_channel("a:b"));
  EXPECT_FALSE(valid_channel("a b"));
  EXPECT_FALSE(valid_channel(std::string(65, 'a')));
}

}  // namespace
}  // namespace interec::protocol

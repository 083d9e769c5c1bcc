// The OpenAI chat-completions request parser, identity and answer writers,
// on their own: every shape of body a client may send.
#include "bridge/openai_api/chat_completion.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/test_data.h"

namespace interec::openai_api {
namespace {

using json = nlohmann::json;

json body(json messages, json extra = json::object()) {
  json b = {{"model", "interec"}, {"messages", std::move(messages)}};
  b.update(extra);
  return b;
}

ChatRequest parse_ok(const json& b) {
  auto r = parse_chat_request(b.dump());
  if (auto* e = std::get_if<ApiError>(&r)) ADD_FAILURE() << e->message;
  return std::get_if<ChatRequest>(&r) ? std::get<ChatRequest>(r) : ChatRequest{};
}

ApiError parse_error(std::string_view b) {
  auto r = parse_chat_request(b);
  EXPECT_TRUE(std::holds_alternative<ApiError>(r)) << b;
  return std::holds_alternative<ApiError>(r) ? std::get<ApiError>(r) : ApiError{};
}

TEST(ChatCompletionTest, TheLastUserMessageIsTheTurn) {
  auto r = parse_ok(body({{{"role", "system"}, {"content", "be brief"}},
                          {{"role", "user"}, {"content", "top 3 comedies"}},
                          {{"role", "assistant"}, {"content", "1. Liar Liar"}},
                          {{"role", "user"}, {"content", "more"}}},
                         {{"user", "u7"}}));
  EXPECT_EQ(r.text, "more");
  EXPECT_EQ(r.user, "u7");
  EXPECT_FALSE(r.opens_conversation);
  EXPECT_FALSE(r.stream);
  EXPECT_EQ(r.opening, "system:be brief\nuser:top 3 comedies");
}

TEST(ChatCompletionTest, ContentPartsAreJoinedAndImagesSkipped) {
  auto r = parse_ok(body({{{"role", "user"},
                           {"content", {{{"type", "text"}, {"text", "a comedy"}},
                                        {{"type", "image_url"}, {"image_url", {{"url", "x"}}}},
                                        {{"type", "text"}, {"text", "from 1995"}}}}}},
                         {{"stream", true}, {"stream_options", {{"include_usage", true}}}}));
  EXPECT_EQ(r.text, "a comedy\nfrom 1995");
  EXPECT_TRUE(r.opens_conversation);
  EXPECT_TRUE(r.stream);
  EXPECT_TRUE(r.include_usage);
}

TEST(ChatCompletionTest, MalformedRequestsGetOpenAiErrors) {
  EXPECT_EQ(parse_error("{not json").status, 400);
  EXPECT_EQ(parse_error("[1,2]").type, "invalid_request_error");
  EXPECT_EQ(parse_error(R"({"messages":[{"role":"user","content":"x"}]})").param, "model");
  auto unknown = parse_error(R"({"model":"gpt-4","messages":[{"role":"user","content":"x"}]})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.code, "model_not_found");
  EXPECT_EQ(parse_error(R"({"model":"interec","messages":[]})").param, "messages");
  EXPECT_EQ(parse_error(R"({"model":"interec","messages":"hi"})").param, "messages");
  EXPECT_EQ(parse_error(R"({"model":"interec","messages":[{"role":"robot","content":"x"}]})").param,
            "messages[0].role");
  EXPECT_EQ(parse_error(R"({"model":"interec","messages":[{"role":"user","content":5}]})").param,
            "messages[0].content");
  EXPECT_EQ(parse_error(R"({"model":"interec","messages":[{"role":"system","content":"x"}]})").param,
            "messages");
  EXPECT_EQ(parse_error(R"({"model":"interec","messages":[{"role":"user","content":"  "}]})").param,
            "messages");
  EXPECT_EQ(parse_error(R"({"model":"interec","n":3,"messages":[{"role":"user","content":"x"}]})").param,
            "n");
  EXPECT_EQ(parse_error(R"({"model":"interec","stream":"yes","messages":[{"role":"user","content":"x"}]})").param,
            "stream");
  EXPECT_EQ(parse_error(R"({"model":"interec","user":7,"messages":[{"role":"user","content":"x"}]})").param,
            "user");
  const std::string huge(kMaxTurnBytes + 1, 'a');
  EXPECT_EQ(parse_error(body({{{"role", "user"}, {"content", huge}}}).dump()).code,
            "string_above_max_length");
  EXPECT_EQ(parse_error("{\"model\":\"interec\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"}]}").status,
            400);
}

TEST(ChatCompletionTest, ArbitraryBytesNeverThrow) {
  for (std::string b : {std::string(), std::string("\0\0", 2), std::string("{\"model\":"),
                        std::string("{\"model\":\"interec\",\"messages\":[null]}"),
                        std::string("{\"model\":\"interec\",\"messages\":[{\"role\":null}]}"),
                        std::string("{\"model\":\"interec\",\"messages\":[{\"role\":\"user\","
                                    "\"content\":[{\"type\":\"text\"}]}]}")})
    EXPECT_TRUE(std::holds_alternative<ApiError>(parse_chat_request(b))) << b;
}

TEST(ChatCompletionTest, WithoutKeysTheUserFieldNamesTheUser) {
  ChatRequest r;
  r.user = "alice";
  r.opening = "user:hi";
  r.opens_conversation = true;
  auto c = std::get<Caller>(identify(r, ApiKeys(), "", ""));
  EXPECT_EQ(c.user, "alice");
  EXPECT_TRUE(c.fresh);
  EXPECT_EQ(c.session.substr(0, 2), "h:");
  r.user.clear();
  EXPECT_EQ(std::get<Caller>(identify(r, ApiKeys(), "Bearer whatever", "")).user, "anonymous");
  // The same opening is the same conversation; a header names it instead.
  ChatRequest later = r;
  later.opens_conversation = false;
  EXPECT_EQ(std::get<Caller>(identify(later, ApiKeys(), "", "")).session, c.session);
  EXPECT_FALSE(std::get<Caller>(identify(later, ApiKeys(), "", "")).fresh);
  auto named = std::get<Caller>(identify(r, ApiKeys(), "", "chat-42"));
  EXPECT_EQ(named.session, "c:chat-42");
  EXPECT_FALSE(named.fresh);
  EXPECT_EQ(std::get<ApiError>(identify(r, ApiKeys(), "", std::string(300, 'x'))).status, 400);
}

TEST(ChatCompletionTest, WithKeysTheKeyNamesTheAccount) {
  const std::string dir = test::scratch_dir("ChatCompletionTest.WithKeysTheKeyNamesTheAccount");
  std::ofstream(dir + "/keys") << "# keys\nbot = sk-0123456789abcdef\n\nother = sk-fedcba9876543210\n";
  auto keys = ApiKeys::read(dir + "/keys");
  ChatRequest r;
  r.opening = "user:hi";
  EXPECT_EQ(std::get<Caller>(identify(r, keys, "Bearer sk-0123456789abcdef", "")).user, "bot");
  r.user = "end-user-9";
  EXPECT_EQ(std::get<Caller>(identify(r, keys, "Bearer sk-fedcba9876543210", "")).user,
            "other/end-user-9");
  auto missing = std::get<ApiError>(identify(r, keys, "", ""));
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.code, "invalid_api_key");
  EXPECT_EQ(std::get<ApiError>(identify(r, keys, "Bearer sk-wrong-key-000000", "")).status, 401);
}

TEST(ChatCompletionTest, KeyFileErrorsNameTheLine) {
  const std::string dir = test::scratch_dir("ChatCompletionTest.KeyFileErrorsNameTheLine");
  std::ofstream(dir + "/short") << "bot = short\n";
  std::ofstream(dir + "/twice") << "a = sk-0123456789abcdef\nb = sk-0123456789abcdef\n";
  std::ofstream(dir + "/empty") << "# nothing\n";
  std::ofstream(dir + "/slash") << "a/b = sk-0123456789abcdef\n";
  for (const char* name : {"short", "twice", "empty", "slash"}) {
    try {
      ApiKeys::read(dir + "/" + name);
      ADD_FAILURE() << name << " was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(ApiKeys::read(dir + "/absent"), std::runtime_error);
}

Completion sample() {
  Completion c;
  c.id = "chatcmpl-1";
  c.created = 1700000000;
  c.session = "abc";
  c.answer = {{"type", "reply"},
              {"reply", "Here are 2 picks:\n1. Heat (1995)\n2. Fargo (1996)"},
              {"items", {{{"item_id", "6"}, {"title", "Heat (1995)"}},
                         {{"item_id", "100"}, {"title", "Fargo (1996)"}}}},
              {"relaxed", {"year 1930-1939"}}};
  c.prompt_chars = 40;
  return c;
}

TEST(ChatCompletionTest, CompletionCarriesTextAndItems) {
  json out = completion_body(sample());
  EXPECT_EQ(out["object"], "chat.completion");
  EXPECT_EQ(out["model"], "interec");
  EXPECT_EQ(out["choices"][0]["message"]["role"], "assistant");
  EXPECT_EQ(out["choices"][0]["message"]["content"], sample().answer["reply"]);
  EXPECT_EQ(out["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(out["interec"]["items"].size(), 2u);
  EXPECT_EQ(out["interec"]["conversation"], "abc");
  EXPECT_EQ(out["interec"]["relaxed"][0], "year 1930-1939");
  EXPECT_EQ(out["usage"]["prompt_tokens"], 10);
  EXPECT_EQ(out["usage"]["total_tokens"].get<int>(),
            out["usage"]["prompt_tokens"].get<int>() + out["usage"]["completion_tokens"].get<int>());
}

TEST(ChatCompletionTest, StreamRebuildsTheSameText) {
  auto events = completion_events(sample(), true);
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(events.back(), "data: [DONE]\n\n");
  std::string text;
  json finish, usage;
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    ASSERT_EQ(events[i].substr(0, 6), "data: ");
    ASSERT_EQ(events[i].substr(events[i].size() - 2), "\n\n");
    json e = json::parse(events[i].substr(6));
    EXPECT_EQ(e["object"], "chat.completion.chunk");
    if (e.contains("usage")) usage = e["usage"];
    if (e["choices"].empty()) continue;
    text += e["choices"][0]["delta"].value("content", "");
    if (!e["choices"][0]["finish_reason"].is_null()) finish = e;
  }
  EXPECT_EQ(text, sample().answer["reply"]);
  EXPECT_EQ(finish["interec"]["items"].size(), 2u);
  EXPECT_EQ(usage, completion_body(sample())["usage"]);
  EXPECT_EQ(completion_events(sample(), false).size(), events.size() - 1);
}

TEST(ChatCompletionTest, BridgeErrorsMapToHttpStatuses) {
  EXPECT_EQ(bridge_error({{"code", "busy"}}).status, 429);
  EXPECT_EQ(bridge_error({{"code", "timeout"}}).status, 504);
  EXPECT_EQ(bridge_error({{"code", "timeout"}, {"local", true}}).status, 503);
  EXPECT_EQ(bridge_error({{"code", "unavailable"}}).status, 503);
  EXPECT_EQ(bridge_error({{"code", "internal"}}).status, 500);
  EXPECT_EQ(error_body(bridge_error({{"code", "busy"}}))["error"]["code"], "rate_limit_exceeded");
}

}  // namespace
}  // namespace interec::openai_api

// The openai brain end to end: real actors on the tiny catalog, talking to
// the in-process OpenAI-compatible test server (tests/llm_server/), which
// scripts the model's answers and faults and records every request.
#include <atomic>
#include <chrono>
#include <iostream>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "actors/agent.h"
#include "actors/messages.h"
#include "tests/llm_server/fake_llm_server.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using namespace std::chrono_literals;
using test::FakeLlmServer;
using test::FakeRequest;
using test::FakeResponse;

constexpr const char* kComedyPlan =
  "```json\n[{\"tool\": \"hard_filter\", \"input\": \"SELECT item_id FROM items WHERE genres LIKE '%Comedy%'\"},\n"
  " {\"tool\": \"map\", \"input\": {\"n\": 3}}]\n```";

class LlmAgentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::tiny();
    box_ = Toolbox::open(dir_);
    add_interec_types(cfg_);
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    config_.brain = "openai";
    config_.workers = 2;
    config_.reflection_rounds = 0;
    config_.llm.model = "test-model";
    config_.llm.api_key = "sk-test";
    config_.llm.call_timeout = 2000ms;
    config_.llm.plan_budget = 5000ms;
    config_.llm.backoff = 10ms;
    config_.llm.backoff_max = 50ms;
  }
  void TearDown() override {
    if (started_) stop_agent(*sys_, agent_);
  }

  void start(FakeLlmServer::Handler handler) {
    server_ = std::make_unique<FakeLlmServer>(std::move(handler));
    config_.llm.url = server_->url();
    agent_ = spawn_agent(*sys_, box_, test::scaled_limits(config_));
    started_ = true;
  }

  TurnReply ask(const std::string& text, const std::string& user = "u1") {
    caf::scoped_actor self{*sys_};
    TurnReply reply;
    self->request(agent_.router, test::scaled(30s), atoms::turn_atom_v, TurnRequest{"test", user, "", text})
      .receive([&](const TurnReply& r) { reply = r; },  // copied: see running_agent.h
               [&](caf::error& e) { ADD_FAILURE() << "no reply: " << sys_->render(e); });
    return reply;
  }

  bool has_genre(const ItemRef& ref, const std::string& genre) const {
    const Catalog& c = *box_->dataset->catalog;
    auto i = c.find(ref.item_id);
    if (!i) return false;
    const auto& vs = c.values(*c.column_index("genres"), *i);
    return std::find(vs.begin(), vs.end(), genre) != vs.end();
  }

  bool fell_back(const TurnReply& r) const {
    return !r.trace.empty() && r.trace.front().tool == "brain" &&
           r.reply.find("built-in rules") != std::string::npos;
  }

  std::string dir_;
  std::shared_ptr<const Toolbox> box_;
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  AgentConfig config_;
  std::unique_ptr<FakeLlmServer> server_;
  Agent agent_;
  bool started_ = false;
};

TEST_F(LlmAgentTest, ScriptedPlanIsExecutedAndItsItemsReturned) {
  start([](const FakeRequest&, size_t) { return FakeResponse::chat(kComedyPlan); });
  auto reply = ask("three comedies please");
  ASSERT_FALSE(reply.error) << reply.reply;
  EXPECT_FALSE(fell_back(reply)) << reply.reply;
  ASSERT_EQ(reply.items.size(), 3u) << reply.reply;
  for (const auto& ref : reply.items) EXPECT_TRUE(has_genre(ref, "Comedy")) << ref.title;
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  const FakeRequest& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/v1/chat/completions");
  EXPECT_EQ(r.header("authorization"), "Bearer sk-test");
  EXPECT_EQ(r.json["model"], "test-model");
  EXPECT_NE(r.prompt().find("Request: three comedies please\nPlan:"), std::string::npos);
  EXPECT_NE(r.prompt().find("- genres (text"), std::string::npos);
}

TEST_F(LlmAgentTest, NearMissToolNamesAndSqlAreMapped) {
  start([](const FakeRequest&, size_t) {
    return FakeResponse::chat(R"({"plan": [{"tool": "HardFilter", "input": "SELECT item_id FROM movies WHERE genre LIKE '%horrors%'"},
                                           {"tool": "ranking", "input": {"schema": "popularity"}},
                                           {"tool": "mapping", "input": {"n": 2}}]})");
  });
  auto reply = ask("two horror films");
  ASSERT_EQ(reply.items.size(), 2u) << reply.reply;
  for (const auto& ref : reply.items) EXPECT_TRUE(has_genre(ref, "Horror")) << ref.title;
  EXPECT_NE(reply.plan.find("genres LIKE '%Horror%'"), std::string::npos) << reply.plan;
  EXPECT_NE(reply.plan.find("\"rank\""), std::string::npos) << reply.plan;
}

TEST_F(LlmAgentTest, BrokenPlanGoesBackToTheModel) {
  start([](const FakeRequest&, size_t index) {
    if (index == 0) return FakeResponse::chat(R"([{"tool": "teleport", "input": {}}])");
    return FakeResponse::chat(kComedyPlan);
  });
  auto reply = ask("comedies");
  EXPECT_EQ(reply.items.size(), 3u) << reply.reply;
  EXPECT_FALSE(fell_back(reply));
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  // The second call carries the model's own answer and what was wrong with it.
  EXPECT_EQ(requests[1].last_message("assistant"), R"([{"tool": "teleport", "input": {}}])");
  EXPECT_NE(requests[1].last_message("user").find("unknown tool \"teleport\""), std::string::npos);
  // Not the user's business.
  EXPECT_EQ(reply.reply.find("teleport"), std::string::npos);
}

TEST_F(LlmAgentTest, UnusableAnswersFallBackToRulesAfterRepairs) {
  config_.llm.repair_rounds = 1;
  start([](const FakeRequest&, size_t) { return FakeResponse::chat("I would suggest some comedies!"); });
  auto reply = ask("top 3 comedies");
  EXPECT_TRUE(fell_back(reply)) << reply.reply;
  EXPECT_EQ(reply.items.size(), 3u);
  EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(LlmAgentTest, TimeoutIsRetriedThenFallsBack) {
  config_.llm.call_timeout = 100ms;
  config_.llm.retries = 2;
  start([](const FakeRequest&, size_t) { return FakeResponse::chat(kComedyPlan, test::scaled(1000ms)); });
  // No clock: the server holds each answer ten times the call's limit, so a
  // reply that did not fall back, or whose reason is not the time-out, means
  // the limit did not cut the call.
  auto reply = ask("top 3 comedies");
  EXPECT_TRUE(fell_back(reply)) << reply.reply;
  EXPECT_NE(reply.trace.front().input.find("timed out"), std::string::npos) << reply.trace.front().input;
  EXPECT_EQ(reply.items.size(), 3u);
  EXPECT_EQ(server_->request_count(), 3u);
}

TEST_F(LlmAgentTest, ServerErrorIsRetriedThenFallsBack) {
  config_.llm.retries = 2;
  start([](const FakeRequest&, size_t) { return FakeResponse::error(500); });
  auto reply = ask("top 4 dramas");
  EXPECT_TRUE(fell_back(reply)) << reply.reply;
  EXPECT_NE(reply.reply.find("HTTP 500"), std::string::npos) << reply.reply;
  EXPECT_EQ(reply.items.size(), 4u);
  EXPECT_EQ(server_->request_count(), 3u);
}

TEST_F(LlmAgentTest, RateLimitThenSuccess) {
  start([](const FakeRequest&, size_t index) {
    if (index == 0) {
      FakeResponse r = FakeResponse::error(429);
      r.headers.push_back("Retry-After: 0");
      return r;
    }
    return FakeResponse::chat(kComedyPlan);
  });
  auto reply = ask("comedies");
  EXPECT_FALSE(fell_back(reply)) << reply.reply;
  EXPECT_EQ(reply.items.size(), 3u);
  EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(LlmAgentTest, GarbageBodyIsRetried) {
  start([](const FakeRequest&, size_t index) {
    if (index == 0) {
      FakeResponse r;
      r.body = "<html>bad gateway</html>";
      return r;
    }
    return FakeResponse::chat(kComedyPlan);
  });
  auto reply = ask("comedies");
  EXPECT_FALSE(fell_back(reply)) << reply.reply;
  EXPECT_EQ(reply.items.size(), 3u);
}

TEST_F(LlmAgentTest, HugeEmptyAndDroppedAnswersNeverHang) {
  config_.llm.retries = 1;
  config_.llm.max_response_bytes = 64 * 1024;
  // Owned by the handler: the server may still answer a retry of the last
  // turn after this test's body has ended (ThreadSanitizer found the
  // handler reading a local of the ended body).
  auto mode = std::make_shared<std::atomic<int>>(0);
  start([mode](const FakeRequest&, size_t) {
    switch (mode->load()) {
      case 0: return FakeResponse::chat(std::string(200000, 'x'));
      case 1: return FakeResponse::chat("");
      default: {
        FakeResponse r;
        r.drop = true;
        return r;
      }
    }
  });
  for (int m = 0; m < 3; ++m) {
    *mode = m;
    auto reply = ask("top 2 westerns", "u" + std::to_string(m));
    EXPECT_TRUE(fell_back(reply)) << m << ": " << reply.reply;
    EXPECT_EQ(reply.items.size(), 2u) << m;
  }
}

TEST_F(LlmAgentTest, ConnectionRefusedFallsBack) {
  config_.llm.url = "http://127.0.0.1:" + std::to_string(FakeLlmServer::closed_port()) + "/v1";
  agent_ = spawn_agent(*sys_, box_, test::scaled_limits(config_));
  started_ = true;
  auto reply = ask("top 3 comedies");
  EXPECT_TRUE(fell_back(reply)) << reply.reply;
  EXPECT_NE(reply.reply.find("connection refused"), std::string::npos) << reply.reply;
  EXPECT_EQ(reply.items.size(), 3u);
}

TEST_F(LlmAgentTest, CriticAdviceReplans) {
  config_.reflection_rounds = 1;
  start([](const FakeRequest& r, size_t) {
    const std::string system = r.json["messages"][0]["content"];
    if (system.find("You review") != std::string::npos)
      return FakeResponse::chat(R"({"accept": false, "advice": "the user wants dramas, not comedies"})");
    if (r.prompt().find("not comedies") != std::string::npos)
      return FakeResponse::chat(R"([{"tool": "hard_filter", "input": "SELECT item_id FROM items WHERE genres LIKE '%Drama%'"}, {"tool": "map", "input": {"n": 3}}])");
    return FakeResponse::chat(kComedyPlan);
  });
  auto reply = ask("dramas");
  ASSERT_EQ(reply.items.size(), 3u) << reply.reply;
  for (const auto& ref : reply.items) EXPECT_TRUE(has_genre(ref, "Drama")) << ref.title;
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 3u);  // plan, critic, plan (no critic after the last round)
  EXPECT_NE(requests[1].prompt().find("Answer shown to the user"), std::string::npos);
  EXPECT_NE(requests[1].prompt().find("Tool trace"), std::string::npos);
  EXPECT_NE(requests[2].prompt().find("your plan was"), std::string::npos);
}

TEST_F(LlmAgentTest, ReplyStyleLlmRewritesTheReply) {
  config_.llm.reply_style = "llm";
  start([](const FakeRequest& r, size_t) {
    const std::string system = r.json["messages"][0]["content"];
    if (system.find("You write the reply") != std::string::npos)
      return FakeResponse::chat("Here you go: three comedies.");
    return FakeResponse::chat(kComedyPlan);
  });
  auto reply = ask("comedies");
  EXPECT_EQ(reply.reply, "Here you go: three comedies.");
  EXPECT_EQ(reply.items.size(), 3u);
}

TEST_F(LlmAgentTest, AzureDeploymentAndEmbeddings) {
  config_.llm.azure_deployment = "dep1";
  config_.llm.azure_api_version = "2024-02-01";
  config_.llm.embedding_model = "embed";
  start([](const FakeRequest& r, size_t) {
    if (r.path.find("/embeddings") != std::string::npos) {
      nlohmann::json data = nlohmann::json::array();
      const auto& inputs = r.json["input"];
      for (size_t k = 0; k < inputs.size(); ++k) {
        // A toy embedding: does the text mention "like"?
        const bool like = inputs[k].get<std::string>().find("like") != std::string::npos;
        data.push_back({{"index", k}, {"embedding", {like ? 1.0 : 0.0, like ? 0.0 : 1.0}}});
      }
      FakeResponse out;
      out.body = nlohmann::json{{"data", data}}.dump();
      return out;
    }
    return FakeResponse::chat(kComedyPlan);
  });
  auto reply = ask("something like Neon Heist");
  EXPECT_EQ(reply.items.size(), 3u) << reply.reply;
  auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 3u);  // demonstrations, the request, the plan
  EXPECT_EQ(requests[2].path, "/v1/openai/deployments/dep1/chat/completions?api-version=2024-02-01");
  EXPECT_EQ(requests[2].header("api-key"), "sk-test");
}

TEST_F(LlmAgentTest, TwoHundredSessionsAtOnceNoCrossTalk) {
  const std::vector<std::string> genres = {"Comedy", "Drama", "Horror", "Action", "Thriller", "Romance"};
  // What this test checks is that no answer reaches another session, not
  // speed: 200 calls held 100 ms each can pass the fixture's 2 s call limit
  // on a loaded machine (166 of 200 did once, at load 5), and a timed-out
  // call falls back, which the test forbids. Limits far above that.
  config_.llm.call_timeout = 30s;
  config_.llm.plan_budget = 60s;
  // "top N GENRE sK": the plan follows the request, each after 100 ms, and
  // carries the session's tag K into its SQL, so that every reply says whose
  // request the model answered.
  start([](const FakeRequest& r, size_t) {
    static const std::regex re("Request: top (\\d+) (\\w+) s(\\d+)\\nPlan:$");
    std::smatch m;
    const std::string user = r.last_message("user");
    if (!std::regex_search(user, m, re)) return FakeResponse::error(400);
    return FakeResponse::chat("[{\"tool\": \"hard_filter\", \"input\": \"SELECT item_id FROM items WHERE genres LIKE '%" +
                                m[2].str() + "%' AND 's" + m[3].str() + "' <> ''\"}, {\"tool\": \"map\", \"input\": {\"n\": " +
                                m[1].str() + "}}]",
                              100ms);
  });
  caf::scoped_actor self{*sys_};
  constexpr int kSessions = 200;
  using Pending = decltype(self->request(agent_.router, test::scaled(60s), atoms::turn_atom_v, TurnRequest{}));
  std::vector<Pending> pending;
  pending.reserve(kSessions);
  for (int s = 0; s < kSessions; ++s)
    pending.push_back(self->request(agent_.router, test::scaled(60s), atoms::turn_atom_v,
                                    TurnRequest{"test", "s" + std::to_string(s), "",
                                                "top " + std::to_string(1 + s % 5) + " " + genres[s % genres.size()] +
                                                  " s" + std::to_string(s)}));
  // Each request's own reply (CAF matches it by the request's id), checked
  // against what that session, and no other, asked for.
  int answered = 0;
  for (int s = 0; s < kSessions; ++s) {
    TurnReply r;
    pending[s].receive([&](const TurnReply& reply) { r = reply; },  // copied: see running_agent.h
                       [&](caf::error& e) { ADD_FAILURE() << "session " << s << ": " << sys_->render(e); });
    if (r.plan.empty()) continue;
    ++answered;
    EXPECT_FALSE(fell_back(r)) << r.reply;
    const std::string genre = genres[s % genres.size()];
    EXPECT_NE(r.plan.find("%" + genre + "%' AND 's" + std::to_string(s) + "' <> ''"), std::string::npos)
      << "session " << s << " got the plan " << r.plan;
    EXPECT_EQ(r.items.size(), static_cast<size_t>(1 + s % 5)) << r.reply;
    for (const auto& ref : r.items) EXPECT_TRUE(has_genre(ref, genre)) << ref.title;
  }
  EXPECT_EQ(answered, kSessions);
  // Every session reached the model; a call retried under load (the agent's
  // own recovery) may add requests, but never a session that did not ask.
  std::set<std::string> served;
  for (const FakeRequest& r : server_->requests()) {
    std::smatch m;
    const std::string user = r.last_message("user");
    if (std::regex_search(user, m, std::regex(" (s\\d+)\\nPlan:$"))) served.insert(m[1].str());
  }
  EXPECT_EQ(served.size(), static_cast<size_t>(kSessions));
  EXPECT_GE(server_->request_count(), static_cast<size_t>(kSessions));
  // Concurrent, not one after the other: one session at a time never has two
  // model calls open (each is answered before its turn can end).
  EXPECT_GE(server_->max_in_flight(), 2u);
  std::cout << "model calls open at once, at most: " << server_->max_in_flight() << "; requests "
            << server_->request_count() << "\n";
}

}  // namespace
}  // namespace interec

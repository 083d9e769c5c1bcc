// `interec eval simulate --simulator openai`: a language model (the
// in-process OpenAI-compatible test server, tests/llm_server/) plays the
// simulated user against the real agent on prepared ML-100K. The server
// reads the target's attributes from the system prompt like a model would;
// other servers leak the title or fail, and the agent must never hear the
// title while every turn still happens.
#include "actors/llm_simulator.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "actors/eval_driver.h"
#include "config/cli_args.h"
#include "tests/llm_server/fake_llm_server.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::FakeLlmServer;
using test::FakeRequest;
using test::FakeResponse;

constexpr const char* kHistoryHead = "Items you know, most recent last:";
constexpr const char* kFactsHead = "What you know about the item you want:";
constexpr const char* kCorrection = "names the item you are looking for";

// The "- " lines after `head` in `text`, up to the first blank line.
std::vector<std::string> section(const std::string& text, const std::string& head) {
  std::vector<std::string> out;
  const size_t at = text.find(head + "\n");
  if (at == std::string::npos) return out;
  std::istringstream in(text.substr(at + head.size() + 1));
  for (std::string line; std::getline(in, line) && line.rfind("- ", 0) == 0;) out.push_back(line.substr(2));
  return out;
}

std::string system_of(const FakeRequest& r) {
  if (!r.json.is_object() || !r.json.contains("messages") || r.json["messages"].empty()) return "";
  const json& m = r.json["messages"][0];
  return m.value("role", "") == "system" ? m.value("content", "") : "";
}

size_t own_messages(const FakeRequest& r) {
  size_t n = 0;
  for (const auto& m : r.json["messages"]) n += m.value("role", "") == "assistant" ? 1 : 0;
  return n;
}

// What a cooperative model playing the user says: the facts of its system
// prompt, two in the first message, then one or two per message.
std::string fact_message(const FakeRequest& r) {
  const auto facts = section(system_of(r), kFactsHead);
  const size_t turn = own_messages(r);
  size_t from = 0;
  for (size_t t = 0; t < turn; ++t) from += t == 0 ? 2 : 1 + t % 2;
  const size_t take = turn == 0 ? 2 : 1 + turn % 2;
  std::vector<std::string> attrs;
  std::string like;
  for (size_t k = from; k < std::min(facts.size(), from + take); ++k) {
    const std::string& f = facts[k];
    static const std::string kLike = "it is a bit like ", kKnown = ", which you know";
    if (f.rfind(kLike, 0) == 0) like = f.substr(kLike.size(), f.size() - kLike.size() - kKnown.size());
    else attrs.push_back(f);
  }
  std::string out = turn == 0 ? "" : "Not those. ";
  if (!attrs.empty()) {
    out += turn == 0 ? "I'm looking for something with " : "It also has ";
    for (size_t k = 0; k < attrs.size(); ++k) out += (k ? " and " : "") + attrs[k];
    out += ". ";
  }
  if (!like.empty()) out += (turn == 0 ? "Something like " : "It is also a bit like ") + like + ".";
  if (attrs.empty() && like.empty()) out += "Any other ideas?";
  return out;
}

class LlmSimulatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = test::prepared("ml-100k");
    if (dir.empty()) return;
    held_ = new HeldOut(hold_out_last(*Toolbox::open(dir), 5));
  }
  static void TearDownTestSuite() {
    delete held_;
    held_ = nullptr;
  }
  void SetUp() override {
    if (!held_) GTEST_SKIP() << "../shared/data/ml-100k is absent: this test needs it";
  }

  // `n` cases spread over the users, so that run_simulation plays them all.
  static HeldOut subset(size_t n) {
    HeldOut out;
    out.box = held_->box;
    for (size_t k = 0; k < n; ++k) out.cases.push_back(held_->cases[k * held_->cases.size() / n]);
    return out;
  }

  static const Catalog& catalog() { return *held_->box->dataset->catalog; }

  // The case whose last 20 history titles the prompt lists, or null.
  static const EvalCase* case_of(const HeldOut& cases, const std::string& system) {
    const auto listed = section(system, kHistoryHead);
    for (const auto& c : cases.cases) {
      const size_t from = c.history.size() > 20 ? c.history.size() - 20 : 0;
      if (listed.size() != c.history.size() - from) continue;
      bool same = true;
      for (size_t k = from; k < c.history.size() && same; ++k) same = listed[k - from] == catalog().title(c.history[k]);
      if (same) return &c;
    }
    return nullptr;
  }

  static SimulateOptions options(const std::string& url, size_t sessions, size_t max_turns) {
    SimulateOptions o;
    o.sessions = sessions;
    o.max_turns = max_turns;
    o.seed = 11;
    o.run.concurrency = 2;
    o.run.workers = 2;
    o.baselines = false;
    o.simulators = {"openai"};
    o.simulator_llm.url = url;
    o.simulator_llm.model = "user-model";
    o.simulator_llm.call_timeout = test::scaled(2000ms);
    o.simulator_llm.plan_budget = test::scaled(4000ms);
    o.simulator_llm.backoff = 5ms;
    o.simulator_llm.backoff_max = 10ms;
    return o;
  }

  struct Said {
    std::string target;  // the target's title
    std::string text;    // what the agent received
  };
  // Every "user:" line of a transcript with its session's target.
  static std::vector<Said> said(const std::string& transcripts) {
    std::vector<Said> out;
    std::istringstream in(transcripts);
    std::string target;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("[", 0) == 0 && line.find("] target ") != std::string::npos)
        target = line.substr(line.find("] target ") + 9);
      else if (line.rfind("  user: ", 0) == 0)
        out.push_back({target, line.substr(8)});
    }
    return out;
  }

  static HeldOut* held_;
};

HeldOut* LlmSimulatorTest::held_ = nullptr;

TEST_F(LlmSimulatorTest, LlmUserStatingTheTargetsAttributesGetsHits) {
  FakeLlmServer server([](const FakeRequest& r, size_t) { return FakeResponse::chat(fact_message(r)); });
  // 30 sessions; 10 under a sanitizer (test::scaled_count), two at a time
  // either way.
  const size_t sessions = test::scaled_count(30, 10);
  const HeldOut cases = subset(sessions);
  std::ostringstream transcripts;
  SimulateOptions o = options(server.url(), sessions, 5);
  o.transcripts = &transcripts;
  const SimulateReport r = run_simulation(cases, o, nullptr);
  std::cerr << report_table(r);
  EXPECT_EQ(r.run("openai").agent.sessions, sessions);
  // Measured 0.967 / 1.93 (seed 11); the rules simulator's band is 0.75 / 3.3.
  EXPECT_GE(r.run("openai").agent.hit, 0.8);
  EXPECT_LE(r.run("openai").agent.at, 3.0);
  EXPECT_EQ(r.run("openai").leaks_caught, 0u);
  EXPECT_EQ(r.run("openai").simulator_fallbacks, 0u);
  // One model answer per turn, and each turn's message is the model's.
  const auto lines = said(transcripts.str());
  EXPECT_EQ(r.run("openai").simulator_turns, lines.size());
  EXPECT_EQ(server.request_count(), lines.size());

  const auto requests = server.requests();
  const RulesSimulator rules(held_->box);
  size_t later_turns = 0;
  for (const auto& req : requests) {
    const std::string system = system_of(req);
    ASSERT_NE(system.find("You are a user chatting with a recommender system"), std::string::npos) << system;
    EXPECT_EQ(req.json["model"], "user-model");
    // The user's history (its last 20 titles) and the target's attributes.
    const EvalCase* c = case_of(cases, system);
    ASSERT_NE(c, nullptr) << "no case has the history of\n" << system;
    EXPECT_FALSE(section(system, kFactsHead).empty()) << system;
    // Never the target's title, neither in the prompt nor in what the model
    // is told it said (the agent's replies may show it below the top k).
    std::string own = system;
    for (const auto& m : req.json["messages"])
      if (m.value("role", "") == "assistant") own += "\n" + m.value("content", "");
    const std::string title(catalog().title(c->target));
    EXPECT_EQ(own.find(title), std::string::npos) << title << " in\n" << own;
    if (!rules.leak_exempt(c->target)) {
      EXPECT_FALSE(rules.says_title(c->target, own)) << title;
    }
    // Later turns carry the dialogue: its own messages and the agent's replies.
    if (own_messages(req) > 0) {
      ++later_turns;
      EXPECT_NE(req.last_message("user").find("The recommender system answered: "), std::string::npos);
      EXPECT_NE(req.last_message("user").find("Items shown: 1. "), std::string::npos) << req.last_message("user");
    }
  }
  EXPECT_GT(later_turns, 0u);
}

TEST_F(LlmSimulatorTest, TitleLeaksNeverReachTheAgent) {
  const HeldOut cases = subset(10);
  std::map<const EvalCase*, size_t> position;
  for (size_t k = 0; k < cases.cases.size(); ++k) position[&cases.cases[k]] = k;
  // A model that names the target; corrected, it behaves for the cases at
  // even positions and names it again for the others.
  FakeLlmServer server([&](const FakeRequest& r, size_t) {
    const EvalCase* c = case_of(cases, system_of(r));
    if (!c) return FakeResponse::error(400);
    const bool corrected = r.last_message("user").find(kCorrection) != std::string::npos;
    if (corrected && position.at(c) % 2 == 0) return FakeResponse::chat(fact_message(r));
    return FakeResponse::chat("I want to watch " + std::string(catalog().title(c->target)) + " please.");
  });
  std::ostringstream transcripts;
  SimulateOptions o = options(server.url(), 10, 3);
  o.transcripts = &transcripts;
  const SimulateReport r = run_simulation(cases, o, nullptr);
  std::cerr << report_table(r);
  EXPECT_EQ(r.run("openai").agent.sessions, 10u);

  const auto lines = said(transcripts.str());
  ASSERT_EQ(lines.size(), r.run("openai").simulator_turns);
  RulesSimulator rules(held_->box);
  for (const auto& line : lines) {
    EXPECT_EQ(line.text.find("I want to watch"), std::string::npos) << line.text;
    EXPECT_EQ(line.text.find(line.target), std::string::npos) << line.text;
    for (const auto& c : cases.cases)
      if (catalog().title(c.target) == line.target && !rules.leak_exempt(c.target)) {
        EXPECT_FALSE(rules.says_title(c.target, line.text)) << line.text;
      }
  }
  // Every turn leaked once; the odd cases leaked again and fell back.
  EXPECT_GT(r.run("openai").leaks_caught, r.run("openai").simulator_turns);
  EXPECT_GT(r.run("openai").simulator_fallbacks, 0u);
  EXPECT_LT(r.run("openai").simulator_fallbacks, r.run("openai").simulator_turns);
  EXPECT_EQ(r.run("openai").leaks_caught, r.run("openai").simulator_turns + r.run("openai").simulator_fallbacks);
  // The correction told the model what not to say.
  size_t corrections = 0;
  for (const auto& req : server.requests())
    if (req.last_message("user").find(kCorrection) != std::string::npos) ++corrections;
  EXPECT_EQ(corrections, r.run("openai").simulator_turns);
  EXPECT_NE(report_table(r).find("leaks_caught " + std::to_string(r.run("openai").leaks_caught)), std::string::npos);
}

TEST_F(LlmSimulatorTest, FailingModelFallsBackToTheRulesUserEveryTurn) {
  // Time-outs, 500s, bodies that are not JSON, and answers that are empty,
  // JSON or over-long: no turn gets a message from the model.
  // 12 sessions; 6 under a sanitizer (test::scaled_count), which still
  // meet every failure below (session k's first turn fails the k-th way).
  const size_t sessions = test::scaled_count(12, 6);
  const HeldOut cases = subset(sessions);
  std::map<const EvalCase*, size_t> position;
  for (size_t k = 0; k < cases.cases.size(); ++k) position[&cases.cases[k]] = k;
  // Each turn fails one way, the same on its retry, so that its last reason
  // is that way's.
  FakeLlmServer server([&](const FakeRequest& r, size_t) {
    const EvalCase* c = case_of(cases, system_of(r));
    if (!c) return FakeResponse::error(400);
    switch ((position.at(c) + own_messages(r)) % 6) {
      case 0: return FakeResponse::chat("Something with comedy.", test::scaled(1000ms));
      case 1: return FakeResponse::error(500);
      case 2: {
        FakeResponse bad;
        bad.body = "<html>bad gateway</html>";
        return bad;
      }
      case 3: return FakeResponse::chat("");
      case 4: return FakeResponse::chat("{\"message\": \"comedy\"}");
      default: return FakeResponse::chat(std::string(5000, 'a'));
    }
  });
  std::ostringstream transcripts;
  SimulateOptions o = options(server.url(), sessions, 3);
  o.run.concurrency = 4;
  o.simulator_llm.call_timeout = test::scaled(300ms);
  o.simulator_llm.retries = 1;
  o.transcripts = &transcripts;
  // No clock: a time-out that did not cut its call would show as a turn
  // with the model's words, which the counts below rule out.
  const SimulateReport r = run_simulation(cases, o, nullptr);
  std::cerr << report_table(r);

  const auto lines = said(transcripts.str());
  EXPECT_EQ(r.run("openai").simulator_turns, lines.size());
  EXPECT_EQ(r.run("openai").simulator_fallbacks, r.run("openai").simulator_turns);
  EXPECT_EQ(r.run("openai").leaks_caught, 0u);
  // Every turn happened, with the rules simulator's words: the same
  // conversations, so the same figures, as a run with the rules user.
  SimulateOptions rules_only = o;
  rules_only.simulators = {"rules"};
  rules_only.transcripts = nullptr;
  const SimulateReport expected = run_simulation(cases, rules_only, nullptr);
  EXPECT_EQ(r.run("openai").agent.sessions, expected.run("rules").agent.sessions);
  EXPECT_DOUBLE_EQ(r.run("openai").agent.hit, expected.run("rules").agent.hit);
  EXPECT_DOUBLE_EQ(r.run("openai").agent.at, expected.run("rules").agent.at);
  EXPECT_EQ(r.run("openai").agent.failed_plans, expected.run("rules").agent.failed_plans);
  for (const char* why : {"timed out", "HTTP 500", "not JSON", "empty", "not a message", "over-long"})
    EXPECT_NE(transcripts.str().find(why), std::string::npos) << why;
}

// argv for `interec eval simulate ARGS...`.
struct Argv {
  explicit Argv(std::vector<std::string> args) : strings(std::move(args)) {
    strings.insert(strings.begin(), {"interec", "eval", "simulate"});
    for (auto& s : strings) pointers.push_back(s.data());
  }
  int argc() const { return static_cast<int>(pointers.size()); }
  char** argv() { return pointers.data(); }
  std::vector<std::string> strings;
  std::vector<char*> pointers;
};

std::string usage_error(std::vector<std::string> args) {
  Argv a(std::move(args));
  try {
    eval_simulate_command(a.argc(), a.argv());
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

TEST(LlmSimulatorCli, OpenaiSimulatorWithoutAnEndpointIsRefused) {
  // Refused before any data is read (the folder does not exist).
  const std::string missing = test::scratch_dir("LlmSimulatorCli") + "/no-such-dataset";
  const std::string e = usage_error({"--data", missing, "--simulator", "openai"});
  EXPECT_NE(e.find("--simulator openai needs an endpoint: --llm-url"), std::string::npos) << e;
  const std::string config = test::scratch_dir("LlmSimulatorCli") + "/sim.json";
  std::ofstream(config) << R"({"llm": {"model": "m"}})";
  const std::string f = usage_error({"--data", missing, "--simulator", "openai", "--simulator-config", config});
  EXPECT_NE(f.find("\"url\" in --simulator-config"), std::string::npos) << f;
  const std::string g = usage_error({"--data", missing, "--simulator-config", config});
  EXPECT_NE(g.find("--simulator-config configures --simulator openai"), std::string::npos) << g;
}

TEST_F(LlmSimulatorTest, CommandWiresTheBrainAndTheSimulatorToTheirEndpoints) {
  // --llm-url serves the agent's openai brain (plans, critic), the
  // --simulator-config file's endpoint the simulated user.
  FakeLlmServer brain([](const FakeRequest& r, size_t) {
    if (system_of(r).find("You review") != std::string::npos) return FakeResponse::chat(R"({"accept": true})");
    return FakeResponse::chat(R"([{"tool": "rank", "input": {"schema": "popularity"}}, {"tool": "map", "input": {"n": 5}}])");
  });
  FakeLlmServer user([](const FakeRequest& r, size_t) { return FakeResponse::chat(fact_message(r)); });
  const std::string config = test::scratch_dir("LlmSimulatorWiring") + "/sim.json";
  std::ofstream(config) << json{{"llm", {{"url", user.url()}, {"model", "sim-model"}, {"temperature", 0.7}}}}.dump();
  Argv a({"--data", test::prepared("ml-100k"), "--sessions", "2", "--max-turns", "2", "--seed", "3",
          "--concurrency", "1", "--workers", "1", "--json", "--brain", "openai", "--llm-url", brain.url(),
          "--llm-model", "brain-model", "--simulator", "openai", "--simulator-config", config});
  testing::internal::CaptureStdout();
  const int rc = eval_simulate_command(a.argc(), a.argv());
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  const json j = json::parse(out);
  EXPECT_EQ(j["sessions"], 2);
  EXPECT_EQ(j.size(), 5u) << out;  // the --json shape is fixed

  ASSERT_GT(user.request_count(), 0u);
  for (const auto& r : user.requests()) {
    EXPECT_NE(system_of(r).find("You are a user chatting"), std::string::npos);
    EXPECT_EQ(r.json["model"], "sim-model");
    EXPECT_DOUBLE_EQ(r.json["temperature"].get<double>(), 0.7);
  }
  // The brain planned what the simulated user said.
  ASSERT_GT(brain.request_count(), 0u);
  const std::string first_message = user.requests()[0].json.is_object() ? fact_message(user.requests()[0]) : "";
  bool planned_it = false;
  for (const auto& r : brain.requests()) {
    EXPECT_EQ(system_of(r).find("You are a user chatting"), std::string::npos);
    EXPECT_EQ(r.json["model"], "brain-model");
    planned_it = planned_it || r.prompt().find("Request: I'm looking for something with") != std::string::npos;
  }
  EXPECT_TRUE(planned_it) << first_message;
}

}  // namespace
}  // namespace interec

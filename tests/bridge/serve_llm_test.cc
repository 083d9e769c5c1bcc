// `interec serve --brain openai`: a real serve process on the tiny catalog,
// spoken to over the ZeroMQ protocol on loopback, planning with the
// in-process OpenAI-compatible test server (tests/llm_server/).
#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "bridge/client.h"
#include "tests/bridge/bridge_fixture.h"
#include "tests/child_process.h"
#include "tests/llm_server/fake_llm_server.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec::test {
namespace {

using namespace std::chrono_literals;

// A plan the rules brain would never make for the requests below.
constexpr const char* kHorrorPlan =
  R"([{"tool": "hard_filter", "input": "SELECT item_id FROM items WHERE genres LIKE '%Horror%'"},
      {"tool": "map", "input": {"n": 4}}])";

FakeResponse horror_plan(const FakeRequest&, size_t) { return FakeResponse::chat(kHorrorPlan); }

std::string closed_url() {
  return "http://127.0.0.1:" + std::to_string(FakeLlmServer::closed_port()) + "/v1";
}

// What a command printed (stdout and stderr) and how it exited, for commands
// that must stop at start-up.
struct Exit {
  int code = -1;
  std::string output;
};

Exit run_to_exit(const std::vector<std::string>& argv) {
  std::string command;
  for (const auto& a : argv) command += "'" + a + "' ";
  command += "2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  Exit exit;
  char chunk[512];
  while (size_t n = ::fread(chunk, 1, sizeof chunk, pipe)) exit.output.append(chunk, n);
  const int status = ::pclose(pipe);
  exit.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return exit;
}

class ServeLlmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tiny();
    work_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    client_.reset();
    if (serve_) serve_->kill(SIGTERM);
  }

  /// `interec serve` on a free loopback port with `extra` arguments; returns
  /// once it answers a ping.
  void start_serve(const std::vector<std::string>& extra) {
    endpoint_ = "tcp://127.0.0.1:" + std::to_string(FakeLlmServer::closed_port());
    std::vector<std::string> argv = {interec_binary(), "serve",  "--data",   dir_,
                                     "--bind",         endpoint_, "--state", work_ + "/profiles",
                                     "--workers",      "1"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    serve_ = std::make_unique<ChildProcess>(argv);
    BridgeClientOptions options;
    options.endpoint = endpoint_;
    client_ = std::make_unique<BridgeClient>(options);
    // ZeroMQ connects lazily; serve loads the dataset first.
    const auto deadline = std::chrono::steady_clock::now() + scaled(60s);
    while (std::chrono::steady_clock::now() < deadline) {
      if (client_->call({{"type", "ping"}}, 500ms).value("type", "") == "pong") return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL() << "serve never answered a ping";
  }

  json ask(const std::string& text, const std::string& session = "s") {
    return client_->call({{"type", "message"}, {"channel", "test"}, {"user", "u1"},
                          {"session", session}, {"text", text}},
                         scaled(40s));
  }

  std::string write_config(const json& config) {
    const std::string path = work_ + "/serve.json";
    std::ofstream(path) << config.dump(2);
    return path;
  }

  std::vector<std::string> serve_argv(const std::vector<std::string>& extra) const {
    std::vector<std::string> argv = {interec_binary(), "serve", "--data", dir_, "--bind",
                                     "tcp://127.0.0.1:" + std::to_string(FakeLlmServer::closed_port())};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  bool all_have_genre(const json& items, const std::string& genre) const {
    auto box = Toolbox::open(dir_);
    const Catalog& c = *box->dataset->catalog;
    const size_t genres = *c.column_index("genres");
    for (const auto& item : items) {
      const auto& vs = c.values(genres, *c.find(item.at("item_id").get<std::string>()));
      if (std::find(vs.begin(), vs.end(), genre) == vs.end()) return false;
    }
    return true;
  }

  std::string dir_, work_, endpoint_;
  std::unique_ptr<ChildProcess> serve_;
  std::unique_ptr<BridgeClient> client_;
};

TEST_F(ServeLlmTest, TurnIsPlannedByTheLlm) {
  FakeLlmServer llm(horror_plan);
  start_serve({"--brain", "openai", "--llm-url", llm.url(), "--llm-model", "test-model",
               "--reflection", "0"});
  const json reply = ask("something for tonight");
  ASSERT_EQ(reply.value("type", ""), "reply") << reply.dump();
  EXPECT_EQ(reply.value("reply", "").find("built-in rules"), std::string::npos) << reply.dump();
  ASSERT_EQ(reply.at("items").size(), 4u) << reply.dump();
  EXPECT_TRUE(all_have_genre(reply.at("items"), "Horror")) << reply.dump();
  EXPECT_NE(reply.at("plan").dump().find("Horror"), std::string::npos) << reply.dump();
  const auto requests = llm.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].json.value("model", ""), "test-model");
  EXPECT_NE(requests[0].prompt().find("Request: something for tonight"), std::string::npos);
}

TEST_F(ServeLlmTest, WithTheLlmDownEveryTurnIsAnsweredByTheRules) {
  start_serve({"--brain", "openai", "--llm-url", closed_url(), "--llm-model", "test-model"});
  // Three sessions at once, one DEALER: every request gets its reply.
  RawClient raw(endpoint_);
  const std::vector<std::string> texts = {"top 3 comedies", "five dramas from the 90s",
                                          "movies like Toy Box Heroes"};
  for (size_t k = 0; k < texts.size(); ++k)
    raw.send({{"v", 1}, {"type", "message"}, {"id", std::to_string(k)}, {"channel", "test"},
              {"user", "u" + std::to_string(k)}, {"text", texts[k]}});
  std::set<std::string> answered;
  for (size_t k = 0; k < texts.size(); ++k) {
    auto reply = raw.receive(40s);
    ASSERT_TRUE(reply) << "turn " << k << " got no answer";
    ASSERT_EQ(reply->value("type", ""), "reply") << reply->dump();
    answered.insert(reply->value("id", ""));
    EXPECT_FALSE(reply->at("items").empty()) << reply->dump();
    EXPECT_NE(reply->value("reply", "").find("I answered with the built-in rules"),
              std::string::npos) << reply->dump();
    EXPECT_NE(reply->value("reply", "").find("connection refused"), std::string::npos)
      << reply->dump();
    EXPECT_EQ(reply->at("trace").at(0).value("tool", ""), "brain") << reply->dump();
  }
  EXPECT_EQ(answered, (std::set<std::string>{"0", "1", "2"}));
}

TEST_F(ServeLlmTest, ConfigFileLlmSectionConfiguresTheBrain) {
  FakeLlmServer llm(horror_plan);
  const std::string config = write_config(
    {{"serve", {{"request_timeout_ms", 35000}}},
     {"llm", {{"url", llm.url()}, {"model", "model-from-file"}, {"api_key", "sk-from-file"}}}});
  start_serve({"--brain", "openai", "--config", config, "--reflection", "0"});
  const json reply = ask("something for tonight");
  ASSERT_EQ(reply.value("type", ""), "reply") << reply.dump();
  EXPECT_EQ(reply.at("items").size(), 4u) << reply.dump();
  const auto requests = llm.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].json.value("model", ""), "model-from-file");
  EXPECT_EQ(requests[0].header("authorization"), "Bearer sk-from-file");
}

TEST_F(ServeLlmTest, FlagsOverrideTheConfigFile) {
  FakeLlmServer llm(horror_plan);
  const std::string config =
    write_config({{"llm", {{"url", closed_url()}, {"model", "model-from-file"}}}});
  start_serve({"--brain", "openai", "--config", config, "--llm-url", llm.url(), "--llm-model",
               "model-from-flag", "--reflection", "0"});
  const json reply = ask("something for tonight");
  ASSERT_EQ(reply.value("type", ""), "reply") << reply.dump();
  EXPECT_EQ(reply.at("items").size(), 4u) << reply.dump();
  const auto requests = llm.requests();  // reached: the flag's URL, not the file's
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].json.value("model", ""), "model-from-flag");
}

TEST_F(ServeLlmTest, OpenaiBrainWithoutUrlIsAStartupError) {
  const Exit exit = run_to_exit(serve_argv({"--brain", "openai", "--llm-model", "m"}));
  EXPECT_EQ(exit.code, 2) << exit.output;
  EXPECT_NE(exit.output.find("--brain openai needs an endpoint"), std::string::npos) << exit.output;
  // It stopped before binding: serve announces its endpoint once bound.
  EXPECT_EQ(exit.output.find(" on tcp://"), std::string::npos) << exit.output;
}

TEST_F(ServeLlmTest, UnknownKeyInTheLlmSectionIsAStartupError) {
  const std::string config = write_config({{"llm", {{"url", closed_url()}, {"temprature", 0.5}}}});
  const Exit exit = run_to_exit(serve_argv({"--brain", "openai", "--config", config}));
  EXPECT_EQ(exit.code, 1) << exit.output;
  EXPECT_NE(exit.output.find("unknown key \"temprature\""), std::string::npos) << exit.output;
  EXPECT_EQ(exit.output.find(" on tcp://"), std::string::npos) << exit.output;
}

TEST_F(ServeLlmTest, UnknownSectionInTheConfigFileIsAStartupError) {
  const std::string config = write_config({{"serve", json::object()}, {"lm", json::object()}});
  const Exit exit = run_to_exit(serve_argv({"--config", config}));
  EXPECT_EQ(exit.code, 1) << exit.output;
  EXPECT_NE(exit.output.find("unknown section \"lm\""), std::string::npos) << exit.output;
}

TEST_F(ServeLlmTest, UnknownBrainIsAStartupError) {
  const Exit exit = run_to_exit(serve_argv({"--brain", "gpt"}));
  EXPECT_EQ(exit.code, 2) << exit.output;
  EXPECT_NE(exit.output.find("--brain must be rules or openai"), std::string::npos) << exit.output;
}

}  // namespace
}  // namespace interec::test

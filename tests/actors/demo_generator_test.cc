// `interec demos generate` against the scripted test server: input-first
// and output-first pairs are kept only when re-planning agrees.
#include "actors/demo_generator.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/llm/demonstrations.h"
#include "tests/child_process.h"
#include "tests/llm_server/fake_llm_server.h"
#include "tests/test_data.h"

namespace interec {
namespace {

using test::FakeRequest;
using test::FakeResponse;

TEST(DemoGenerator, KeepsOnlyPairsWhoseReplanningAgrees) {
  const std::string data = test::tiny();
  int unstable = 0;
  test::FakeLlmServer server([&unstable](const FakeRequest& r, size_t) {
    const std::string system = r.json["messages"][0]["content"];
    const std::string user = r.last_message("user");
    const std::string request = user.substr(user.rfind("Request: ") + 9);  // not the demonstrations
    if (system.find("You invent") != std::string::npos) {
      if (user.find("Write 3 different requests") != std::string::npos)
        return FakeResponse::chat(R"(["top 3 comedies", "something like Neon Heist", "flaky one"])");
      return FakeResponse::chat("\"a horror film from the 80s\"");
    }
    // The planner: a soft_filter plan for "like", a plan that changes each
    // time for "flaky", a hard_filter plan otherwise.
    if (request.rfind("something like", 0) == 0)
      return FakeResponse::chat(R"([{"tool":"soft_filter","input":{"similar_to":["Neon Heist"]}},{"tool":"map","input":{"n":5}}])");
    if (request.rfind("flaky", 0) == 0 && unstable++ % 2 == 0)
      return FakeResponse::chat(R"([{"tool":"rank","input":{"schema":"popularity"}},{"tool":"map","input":{"n":5}}])");
    return FakeResponse::chat(R"([{"tool":"hard_filter","input":"SELECT item_id FROM items WHERE genres LIKE '%Horror%'"},{"tool":"rank","input":{"schema":"popularity"}},{"tool":"map","input":{"n":5}}])");
  });
  DemoGenerateOptions options;
  options.data_dir = data;
  options.llm.url = server.url();
  options.llm.model = "m";
  options.out = test::scratch_dir("DemoGenerator") + "/demos.jsonl";
  options.count = 3;
  std::ostringstream log;
  DemoGenerateSummary s = generate_demonstrations(options, log);
  // Input-first: 3 proposed, "flaky" dropped. Output-first: 3 shapes asked,
  // each answered "a horror film...", planned hard_filter>rank>map: kept
  // only where the pool's shape is that one.
  EXPECT_EQ(s.proposed, 6u) << log.str();
  std::ifstream in(options.out);
  std::string line;
  size_t lines = 0, input_first = 0;
  while (std::getline(in, line)) {
    ++lines;
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.contains("request") && j.contains("plan"));
    if (j["source"] == "input-first") ++input_first;
    if (j["source"] == "output-first") {
      EXPECT_EQ(plan_shape(j["plan"]), "hard_filter>rank>map") << line;
    }
  }
  EXPECT_EQ(input_first, 2u) << log.str();
  EXPECT_EQ(lines, s.kept);
  EXPECT_NE(log.str().find("dropped (plans disagree): flaky one"), std::string::npos) << log.str();
}

// The issue's report: `demos generate` with a dead endpoint exited 0, so a
// script could not tell that nothing was generated. Nothing listens on port
// 1 of loopback.
TEST(DemoGenerator, ADeadEndpointIsAFailedCommand) {
  const std::string data = test::tiny_dataset("demos_dead_endpoint");
  const auto r = test::run({test::interec_binary(), "demos", "generate", "--data", data, "--llm-url",
                            "http://127.0.0.1:1/v1", "--llm-model", "m", "--count", "1", "--mode",
                            "output-first", "--out", test::scratch_dir("demos_dead_endpoint_out") + "/d.jsonl"});
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("kept 0"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace interec

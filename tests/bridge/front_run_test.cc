// The "front" section of a config file, as `interec front --config` reads it.
#include "bridge/front_run.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/test_data.h"

namespace interec::test {
namespace {

using namespace std::chrono_literals;

TEST(FrontConfig, ReadsTheFrontSectionAndIgnoresServesSections) {
  const std::string path = scratch_dir("front_config") + "/front.json";
  {
    std::ofstream out(path);
    out << R"({"_comment": "one file for every process",
               "front": {"backends": ["tcp://10.0.0.1:5555", "tcp://10.0.0.2:5555"],
                         "ping_interval_ms": 200, "request_timeout_ms": 9000},
               "serve": {"max_in_flight": 10}, "llm": {"model": "m"}})";
  }
  FrontRunOptions options;
  apply_front_config(path, options);
  EXPECT_EQ(options.front.backends,
            (std::vector<std::string>{"tcp://10.0.0.1:5555", "tcp://10.0.0.2:5555"}));
  EXPECT_EQ(options.front.ping_interval, 200ms);
  EXPECT_EQ(options.front.request_timeout, 9000ms);
  EXPECT_EQ(options.front.max_in_flight, 4096u);
  {
    std::ofstream out(path);
    out << R"({"front": {"ping_intervall_ms": 200}})";
  }
  try {
    apply_front_config(path, options);
    ADD_FAILURE() << "an unknown key must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key front.ping_intervall_ms"), std::string::npos)
      << e.what();
  }
}

}  // namespace
}  // namespace interec::test

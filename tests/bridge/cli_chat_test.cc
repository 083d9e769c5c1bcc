// `interec chat` as a user runs it: the real binary, its exit code and what
// it prints, against a dead endpoint and a real `interec serve`.
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/child_process.h"
#include "tests/loopback_port.h"
#include "tests/test_data.h"

namespace interec::test {
namespace {

using namespace std::chrono_literals;

RunResult interec(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), interec_binary());
  return run(args, input, 100s);
}

// The report: `chat --connect` to a dead server waited 40 s, printed
// an error and exited 0. Nothing listens on port 1 of loopback.
TEST(CliChat, UnreachableServerIsAnErrorWithANonZeroExit) {
  const auto r = interec({"chat", "--connect", "tcp://127.0.0.1:1", "--connect-timeout", "1"}, "top 3 comedies\n");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no answer from tcp://127.0.0.1:1 within 1 s"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("interec>"), std::string::npos) << "no turn is attempted: " << r.out;
}

TEST(CliChat, ConnectTimeoutIsValidated) {
  const auto r = interec({"chat", "--connect", "tcp://127.0.0.1:1", "--connect-timeout", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST(CliChat, ARequestThatFailsMakesTheExitCodeNonZero) {
  const auto data = tiny_dataset("cli_chat_exit");
  // Every turn answered: 0.
  EXPECT_EQ(interec({"chat", "--data", data, "--user", "ok"}, "top 2 comedies\n").exit_code, 0);
  // A line over the protocol's 64 KiB through a real server: too_large, 1.
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(free_loopback_port());
  ChildProcess serve({interec_binary(), "serve", "--data", data, "--bind", endpoint, "--workers", "1"});
  const auto r = interec({"chat", "--connect", endpoint, "--connect-timeout", "60"}, "top 2 comedies\n" + std::string(70 * 1024, 'a') + "\n");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("error (too_large)"), std::string::npos) << r.out.substr(0, 300);
}

}  // namespace
}  // namespace interec::test

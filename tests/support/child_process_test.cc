// The test helper's children die with the test process on every exit path,
// so a crashed test never leaves an `interec serve` holding ctest's pipe.
#include "tests/child_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/time_scale.h"

namespace interec::test {
namespace {

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

// Waits for `pid` (not our child: reaped by init) to disappear; false when
// it is still there after 20 s (times the tests' time scale).
bool gone_eventually(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + scaled(std::chrono::seconds(20));
  while (alive(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return !alive(pid);
}

// A stand-in for a test process: starts a long-lived child with the helper,
// reports its pid, then dies the way `how` says.
pid_t test_process_that_dies(const char* how, pid_t& grandchild) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    ChildProcess child({"/bin/sleep", "600"});
    const pid_t p = child.pid();
    if (::write(fds[1], &p, sizeof p) != sizeof p) _exit(3);
    if (std::string(how) == "abort") std::abort();
    if (std::string(how) == "sigkill") ::kill(::getpid(), SIGKILL);
    _exit(0);  // exit without running the child's destructor
  }
  ::close(fds[1]);
  grandchild = -1;
  EXPECT_EQ(::read(fds[0], &grandchild, sizeof grandchild), static_cast<ssize_t>(sizeof grandchild));
  ::close(fds[0]);
  return pid;
}

TEST(ChildProcess, ChildrenDieWhenTheTestProcessIsKilled) {
  for (const char* how : {"sigkill", "abort", "exit"}) {
    pid_t grandchild = -1;
    const pid_t test_process = test_process_that_dies(how, grandchild);
    ASSERT_GT(grandchild, 0) << how;
    int status = 0;
    ::waitpid(test_process, &status, 0);
    EXPECT_TRUE(gone_eventually(grandchild)) << "the child outlived a test process ended by " << how;
    if (alive(grandchild)) ::kill(grandchild, SIGKILL);
  }
}

TEST(ChildProcess, KillEndsTheWholeProcessGroup) {
  // A shell that starts a grandchild of its own, as a wrapper script would.
  ChildProcess shell({"/bin/sh", "-c", "sleep 600 & echo $!; wait"});
  const std::string line = shell.read_line(std::chrono::seconds(20));
  ASSERT_FALSE(line.empty());
  const pid_t grandchild = static_cast<pid_t>(std::stol(line));
  shell.kill();
  EXPECT_TRUE(gone_eventually(grandchild));
}

// The scheduler state letter of `pid` in /proc (R, S, T, ...), '?' if gone.
char state_of(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() ? line[close + 2] : '?';
}

TEST(ChildProcess, StopReturnsOnceStoppedAndResumeLetsItGoOn) {
  ChildProcess child({"/bin/sleep", "600"});
  ASSERT_TRUE(child.stop());
  EXPECT_EQ(state_of(child.pid()), 'T');
  ASSERT_TRUE(child.resume());
  const auto deadline = std::chrono::steady_clock::now() + scaled(std::chrono::seconds(20));
  while (state_of(child.pid()) == 'T' && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_NE(state_of(child.pid()), 'T');
  EXPECT_TRUE(child.running());
}

TEST(Run, CollectsOutputErrorsAndTheExitCode) {
  const auto r = run({"/bin/sh", "-c", "cat; echo oops >&2; exit 3"}, "hello\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "hello\n");
  EXPECT_EQ(r.err, "oops\n");
}

}  // namespace
}  // namespace interec::test

#include "tests/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/time_scale.h"

namespace interec::test {
namespace {

// Forks a child that runs argv with `stdin_fd`, `stdout_fd` and `stderr_fd`
// (-1: inherited) after joining its own process group and asking for
// SIGKILL when this thread ends.
pid_t start(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd, int stderr_fd,
            const std::vector<int>& close_in_child) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(126);  // the parent died before prctl
    ::signal(SIGPIPE, SIG_DFL);               // run() ignores it in the parent
    if (stdin_fd >= 0) ::dup2(stdin_fd, 0);
    if (stdout_fd >= 0) ::dup2(stdout_fd, 1);
    if (stderr_fd >= 0) ::dup2(stderr_fd, 2);
    for (int fd : close_in_child) ::close(fd);
    ::execv(args[0], args.data());
    _exit(127);
  }
  ::setpgid(pid, pid);  // also here: a kill of the group may come first
  return pid;
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string interec_binary() { return INTEREC_BINARY; }

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = start(argv, -1, fds[1], -1, {});
  ::close(fds[1]);
  out_ = fds[0];
}

ChildProcess::~ChildProcess() {
  kill(SIGKILL);
  if (out_ >= 0) ::close(out_);
}

std::string ChildProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + scaled(timeout);
  while (true) {
    const auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || out_ < 0) return {};
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    char chunk[512];
    const ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n <= 0) return {};
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

int ChildProcess::kill(int sig) {
  if (pid_ <= 0) return 0;
  ::kill(-pid_, sig);  // the group: whatever the child started goes too
  int status = status_;
  if (!reaped_) ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

bool ChildProcess::stop() {
  if (pid_ <= 0 || ::kill(pid_, SIGSTOP) != 0) return false;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid_) + "/task";
  for (int tries = 0; tries < 2000; ++tries) {
    bool all_stopped = true;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
      std::ifstream stat(task.path() / "stat");
      std::string line;
      std::getline(stat, line);
      // The state follows the command name, which is in parentheses.
      const auto close = line.rfind(')');
      const char state = close != std::string::npos && close + 2 < line.size() ? line[close + 2] : '?';
      if (state != 'T' && state != 't') all_stopped = false;
    }
    if (!ec && all_stopped) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

bool ChildProcess::resume() { return pid_ > 0 && ::kill(pid_, SIGCONT) == 0; }

bool ChildProcess::running() {
  if (pid_ <= 0 || reaped_) return false;
  reaped_ = ::waitpid(pid_, &status_, WNOHANG) == pid_;
  return !reaped_;
}

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              std::chrono::milliseconds timeout) {
  // A child that exits before reading all of `input` must not kill us.
  ::signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  const pid_t pid = start(argv, in[0], out[1], err[1], {});
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  RunResult result;
  size_t written = 0;
  int to_child = in[1];
  if (input.empty()) {
    ::close(to_child);
    to_child = -1;
  }
  const auto deadline = std::chrono::steady_clock::now() + scaled(timeout);
  int open_outputs = 2;
  while (open_outputs > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(-pid, SIGKILL);
      break;
    }
    pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {to_child, POLLOUT, 0}};
    if (::poll(fds, to_child >= 0 ? 3 : 2, static_cast<int>(left.count())) < 0) break;
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP))) continue;
      char chunk[4096];
      const ssize_t n = ::read(fds[k].fd, chunk, sizeof chunk);
      if (n > 0) {
        (k == 0 ? result.out : result.err).append(chunk, static_cast<size_t>(n));
      } else {
        ::close(k == 0 ? out[0] : err[0]);
        (k == 0 ? out[0] : err[0]) = -1;
        --open_outputs;
      }
    }
    if (to_child >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(to_child, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n <= 0 || written == input.size()) {
        ::close(to_child);
        to_child = -1;
      }
    }
  }
  for (int fd : {out[0], err[0], to_child})
    if (fd >= 0) ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = exit_code(status);
  return result;
}

}  // namespace interec::test

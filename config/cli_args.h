// Command-line arguments of the interec sub-commands: `--name value` options
// and `--flag` switches, checked against what the command accepts.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace interec {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CliArgs {
 public:
  /// Parses argv[first..argc). `options` take a value, `flags` do not. An
  /// option named "NAME..." is a list: `--NAME A B C` (up to the next
  /// `--option`) and repeats append; read it with list("NAME").
  /// Throws UsageError naming an unknown option or a missing value.
  CliArgs(int argc, char** argv, int first, const std::set<std::string>& options,
          const std::set<std::string>& flags);

  bool has(const std::string& name) const;
  /// The option's value, or `fallback` when absent.
  std::string get(const std::string& name, const std::string& fallback = "") const;
  /// The option's value, or throws UsageError("--name is required").
  std::string require(const std::string& name) const;
  /// An integer option in [lo, hi]; throws UsageError when not.
  long get_int(const std::string& name, long fallback, long lo, long hi) const;
  const std::vector<std::string>& positional() const { return positional_; }
  /// The values of list option `name` ("NAME..." in the constructor), in
  /// order; empty when absent.
  std::vector<std::string> list(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> lists_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace interec

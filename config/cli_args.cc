#include "config/cli_args.h"

namespace interec {

CliArgs::CliArgs(int argc, char** argv, int first, const std::set<std::string>& options,
                 const std::set<std::string>& flags) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (options.count(name + "...")) {
      std::vector<std::string>& list = lists_[name];
      if (inline_value) list.push_back(value);
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) list.push_back(argv[++i]);
      if (list.empty()) throw UsageError("--" + name + " needs at least one value");
      values_[name] = list.front();
    } else if (flags.count(name)) {
      if (inline_value) throw UsageError("--" + name + " takes no value");
      flags_.insert(name);
    } else if (options.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
        value = argv[++i];
      }
      values_[name] = value;
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

std::vector<std::string> CliArgs::list(const std::string& name) const {
  auto it = lists_.find(name);
  return it == lists_.end() ? std::vector<std::string>{} : it->second;
}

bool CliArgs::has(const std::string& name) const {
  return flags_.count(name) || values_.count(name);
}

std::string CliArgs::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::string CliArgs::require(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) throw UsageError("--" + name + " is required");
  return it->second;
}

long CliArgs::get_int(const std::string& name, long fallback, long lo, long hi) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  try {
    size_t used = 0;
    long v = std::stol(it->second, &used);
    if (used != it->second.size() || v < lo || v > hi) throw std::out_of_range("");
    return v;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " must be a whole number from " + std::to_string(lo) + " to " +
                     std::to_string(hi));
  }
}

}  // namespace interec

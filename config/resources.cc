#include "config/resources.h"

#include <filesystem>
#include <fstream>

namespace interec {
namespace {

namespace fs = std::filesystem;

// resources/ beside the binary that runs (the link's target, so a binary
// started through a symlink finds the folder of the real one).
std::string beside_binary() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw ResourceError("cannot tell where the running binary is (/proc/self/exe): give --resources DIR");
  return (exe.parent_path() / "resources").string();
}

}  // namespace

Resources::Resources(std::string dir) : dir_(std::move(dir)), from_flag_(!dir_.empty()) {
  if (dir_.empty()) dir_ = beside_binary();
}

std::string Resources::file(const std::string& name) const {
  const fs::path path = fs::path(dir_) / name;
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && std::ifstream(path)) return path.string();
  throw ResourceError("missing resource file " + path.string() +
                      (from_flag_ ? " (in the --resources folder)"
                                  : " (resources/ next to the binary, where the build and `cmake --install` put "
                                    "tools-data/; or give --resources DIR)"));
}

}  // namespace interec

#include "config/tools_data.h"

#include <cstdlib>
#include <filesystem>

namespace interec {

std::string tools_data_file(const std::string& file, const char* env_var) {
  if (const char* env = env_var ? std::getenv(env_var) : nullptr; env && *env) return env;
  namespace fs = std::filesystem;
  const fs::path p = fs::path(INTEREC_TOOLS_DATA_DIR) / file;
  std::error_code ec;
  if (fs::exists(p, ec)) return p.string();
  return "tools-data/" + file;
}

}  // namespace interec

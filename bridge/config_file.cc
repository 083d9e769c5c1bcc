#include "bridge/config_file.h"

#include <fstream>
#include <stdexcept>

namespace interec {

void read_config_sections(const std::string& path,
                          const std::function<void(const std::string& name, const nlohmann::json& value)>& read) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read config file " + path);
  const auto doc = nlohmann::json::parse(in, nullptr, false, /*ignore_comments=*/true);
  if (!doc.is_object()) throw std::runtime_error(path + ": not a JSON object");
  for (const auto& [key, value] : doc.items()) {
    if (key.rfind('_', 0) == 0) continue;  // "_comment" keys document the file
    if (key != "serve" && key != "front" && key != "llm")
      throw std::runtime_error(path + ": unknown section \"" + key + "\" (serve, front, llm)");
    read(key, value);
  }
}

uint64_t config_count(const std::string& path, const std::string& section, const std::string& key,
                      const nlohmann::json& value) {
  if (!value.is_number_unsigned())
    throw std::runtime_error(path + ": " + section + "." + key + " must be a non-negative integer");
  return value.get<uint64_t>();
}

}  // namespace interec

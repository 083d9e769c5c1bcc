// The JSON config file that `serve` and `front` share (--config): one file
// may configure every process, each reading its own section.
//   {"serve": {...}, "front": {...}, "llm": {...}, "_comment": "..."}
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace interec {

/// Calls `read(name, value)` for each section of the file at `path`
/// ("serve", "front" or "llm"; keys starting with "_" are comments and
/// skipped). Throws std::runtime_error naming the file when it cannot be
/// read, is not a JSON object (comments allowed), or has another section.
void read_config_sections(const std::string& path,
                          const std::function<void(const std::string& name, const nlohmann::json& value)>& read);

/// `value` of key `section`.`key` as a non-negative integer; else throws
/// std::runtime_error naming the file and the key.
uint64_t config_count(const std::string& path, const std::string& section, const std::string& key,
                      const nlohmann::json& value);

}  // namespace interec

#include "config/llm_config.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace interec {

LlmConfig load_llm_config(const std::string& path, LlmConfig c) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read LLM config " + path);
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, false, /*ignore_comments=*/true);
  if (doc.is_discarded() || !doc.is_object())
    throw std::runtime_error(path + ": not a JSON object");
  const nlohmann::json& j = doc.contains("llm") ? doc["llm"] : doc;
  if (!j.is_object()) throw std::runtime_error(path + ": \"llm\" must be an object");
  using Setter = std::function<void(const nlohmann::json&)>;
  auto ms = [](std::chrono::milliseconds& f) {
    return Setter([&f](const nlohmann::json& v) { f = std::chrono::milliseconds(v.get<long>()); });
  };
  auto str = [](std::string& f) { return Setter([&f](const nlohmann::json& v) { f = v.get<std::string>(); }); };
  auto size = [](size_t& f) { return Setter([&f](const nlohmann::json& v) { f = v.get<size_t>(); }); };
  const std::map<std::string, Setter> fields = {
    {"url", str(c.url)},
    {"model", str(c.model)},
    {"api_key", str(c.api_key)},
    {"azure_deployment", str(c.azure_deployment)},
    {"azure_api_version", str(c.azure_api_version)},
    {"temperature", [&](const nlohmann::json& v) { c.temperature = v.get<double>(); }},
    {"max_tokens", [&](const nlohmann::json& v) { c.max_tokens = v.get<int>(); }},
    {"call_timeout_ms", ms(c.call_timeout)},
    {"plan_budget_ms", ms(c.plan_budget)},
    {"retries", size(c.retries)},
    {"backoff_ms", ms(c.backoff)},
    {"backoff_max_ms", ms(c.backoff_max)},
    {"repair_rounds", size(c.repair_rounds)},
    {"max_response_bytes", size(c.max_response_bytes)},
    {"reply_style", str(c.reply_style)},
    {"demos_path", str(c.demos_path)},
    {"num_demos", size(c.num_demos)},
    {"embedding_model", str(c.embedding_model)},
    {"dialogue_lines", size(c.dialogue_lines)},
    {"values_per_column", size(c.values_per_column)},
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key().rfind("_", 0) == 0) continue;  // "_comment" keys document the file
    auto f = fields.find(it.key());
    if (f == fields.end()) throw std::runtime_error(path + ": unknown key \"" + it.key() + "\"");
    try {
      f->second(it.value());
    } catch (const nlohmann::json::exception&) {
      throw std::runtime_error(path + ": \"" + it.key() + "\" has the wrong type");
    }
  }
  check_llm_config(c);
  return c;
}

std::string llm_api_key(const LlmConfig& config) {
  if (!config.api_key.empty()) return config.api_key;
  const char* env = std::getenv("OPENAI_API_KEY");
  return env ? env : "";
}

void check_llm_config(const LlmConfig& c) {
  if (!c.url.empty() && c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0)
    throw std::invalid_argument("LLM url must start with http:// or https:// (got \"" + c.url + "\")");
  if (c.reply_style != "template" && c.reply_style != "llm")
    throw std::invalid_argument("reply_style must be template or llm (got \"" + c.reply_style + "\")");
}

}  // namespace interec

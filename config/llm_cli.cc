#include "config/llm_cli.h"

#include <stdexcept>

namespace interec {

const std::set<std::string>& llm_cli_options() {
  static const std::set<std::string> names = {"llm-url", "llm-model", "llm-config",
                                              "reply-style", "demos", "num-demos"};
  return names;
}

std::set<std::string> with_llm_options(std::set<std::string> names) {
  names.insert(llm_cli_options().begin(), llm_cli_options().end());
  return names;
}

void apply_llm_cli(const CliArgs& args, AgentConfig& config) {
  if (args.has("llm-config")) config.llm = load_llm_config(args.get("llm-config"), config.llm);
  if (args.has("llm-url")) config.llm.url = args.get("llm-url");
  if (args.has("llm-model")) config.llm.model = args.get("llm-model");
  if (args.has("reply-style")) config.llm.reply_style = args.get("reply-style");
  if (args.has("demos")) config.llm.demos_path = args.get("demos");
  if (args.has("num-demos"))
    config.llm.num_demos = static_cast<size_t>(args.get_int("num-demos", 6, 0, 50));
  try {
    check_llm_config(config.llm);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (config.brain == "openai" && config.llm.url.empty())
    throw UsageError("--brain openai needs --llm-url (or \"url\" in --llm-config)");
}

}  // namespace interec

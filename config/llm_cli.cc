#include "config/llm_cli.h"

#include <stdexcept>

namespace interec {

const std::set<std::string>& llm_cli_options() {
  static const std::set<std::string> names = {"llm-url",     "llm-model", "llm-config", "reply-style",
                                              "demos",       "num-demos", "resources"};
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
  config.resources = args.get("resources", config.resources);
  if (args.has("num-demos"))
    config.llm.num_demos = static_cast<size_t>(args.get_int("num-demos", 6, 0, 50));
  try {
    check_llm_config(config.llm);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (config.brain == "openai" && config.llm.url.empty())
    throw UsageError("--brain openai needs an endpoint: --llm-url URL, or \"url\" in --llm-config "
                     "FILE (serve: or in the \"llm\" section of --config FILE)");
}

std::set<std::string> with_brain_options(std::set<std::string> names) {
  names.insert({"brain", "reflection"});
  return with_llm_options(std::move(names));
}

void apply_brain_cli(const CliArgs& args, AgentConfig& config) {
  config.brain = args.get("brain", config.brain);
  if (config.brain != "rules" && config.brain != "openai")
    throw UsageError("--brain must be rules or openai (got \"" + config.brain + "\")");
  config.reflection_rounds = static_cast<size_t>(
    args.get_int("reflection", static_cast<long>(config.reflection_rounds), 0, 10));
  apply_llm_cli(args, config);
}

}  // namespace interec

// The command-line flags of the openai brain, shared by every command that
// runs an agent (chat, serve, ...):
//   --brain openai --llm-url URL --llm-model NAME [--llm-config FILE]
//   [--reply-style template|llm] [--demos FILE] [--num-demos K]
// --llm-config is read first (config/llm.example.json documents it); flags
// override it. --reflection stays the command's own flag.
#pragma once

#include <set>
#include <string>

#include "config/agent_config.h"
#include "config/cli_args.h"

namespace interec {

/// The option names above, to add to a command's CliArgs options.
const std::set<std::string>& llm_cli_options();
/// `names` plus llm_cli_options().
std::set<std::string> with_llm_options(std::set<std::string> names);

/// Applies them to `config.llm`. Throws UsageError for a bad value and
/// std::runtime_error for an unreadable config file.
void apply_llm_cli(const CliArgs& args, AgentConfig& config);

}  // namespace interec

// The command-line flags of the brain, shared by every command that runs an
// agent whose brain the user picks (chat, serve):
//   --brain rules|openai [--reflection N]
//   --llm-url URL --llm-model NAME [--llm-config FILE]
//   [--reply-style template|llm] [--demos FILE] [--num-demos K]
//   [--resources DIR]
// --llm-config is read over what config.llm already holds (defaults, or what
// a command's own config file set); the other flags override it.
#pragma once

#include <set>
#include <string>

#include "config/agent_config.h"
#include "config/cli_args.h"

namespace interec {

/// The LLM option names (--llm-url ... --num-demos) and --resources, for
/// commands that always use the openai brain (demos generate).
const std::set<std::string>& llm_cli_options();
/// `names` plus llm_cli_options().
std::set<std::string> with_llm_options(std::set<std::string> names);

/// Applies the LLM options to `config.llm` and --resources to
/// `config.resources`. Throws UsageError for a bad value
/// or for brain "openai" without a URL, std::runtime_error for an unreadable
/// config file.
void apply_llm_cli(const CliArgs& args, AgentConfig& config);

/// `names` plus "brain", "reflection" and llm_cli_options().
std::set<std::string> with_brain_options(std::set<std::string> names);

/// The one parsing path of chat and serve: --brain (rules|openai; default:
/// what `config` holds), --reflection (0-10; default: what `config` holds),
/// then apply_llm_cli. Throws UsageError for a bad value.
void apply_brain_cli(const CliArgs& args, AgentConfig& config);

}  // namespace interec

// `interec demos generate`: grows the demonstration pool with the model
// itself, as in the paper. Input-first: the model invents requests for the
// catalog, plans each, and a pair is kept when re-planning the request gives
// a plan of the same tool sequence. Output-first: for each plan shape of
// the pool the model writes a request that plan answers; the pair is kept
// when planning that request gives the same tool sequence. Kept pairs are
// appended to a JSONL file in the demonstrations format.
#pragma once

#include <iosfwd>
#include <string>

#include "config/agent_config.h"

namespace interec {

struct DemoGenerateOptions {
  std::string data_dir;
  LlmConfig llm;
  /// The resource folder (--resources; "" = resources/ next to the binary).
  std::string resources;
  /// Output JSONL file (appended to).
  std::string out;
  /// Requests to propose per direction.
  size_t count = 20;
  bool input_first = true;
  bool output_first = true;
};

struct DemoGenerateSummary {
  size_t proposed = 0;
  size_t kept = 0;
};

/// Blocking (runs its own HTTP client); progress lines go to `log`. Throws
/// std::runtime_error when the endpoint cannot be used at all.
DemoGenerateSummary generate_demonstrations(const DemoGenerateOptions& options, std::ostream& log);

/// The command: `interec demos generate --data DIR --llm-url URL --llm-model NAME
/// [--out FILE] [--count N] [--mode both|input-first|output-first] [--llm-config FILE]`.
int demos_command(int argc, char** argv);

}  // namespace interec

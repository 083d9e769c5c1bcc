// The command-line options every channel process shares (`web`, `loadgen`,
// `openai-api`, `irc`): where the server is and the CURVE keys to reach it.
#pragma once

#include <chrono>
#include <set>
#include <string>

#include "bridge/client.h"
#include "config/cli_args.h"

namespace interec {

/// `options` plus the ones client_options() reads: connect, curve-secret,
/// server-key (connect_timeout()'s is listed by the commands that use it).
std::set<std::string> with_client_options(std::set<std::string> options);

/// --connect-timeout SECONDS (default 5, 1-600): how long a channel waits
/// for the server's first answer before it reports the server unreachable.
std::chrono::milliseconds connect_timeout(const CliArgs& args);

/// --connect ENDPOINT (required) and, together or not at all,
/// --curve-secret FILE --server-key FILE. Throws UsageError or KeyFileError.
BridgeClientOptions client_options(const CliArgs& args);

}  // namespace interec

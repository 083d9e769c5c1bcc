#include "bridge/client_cli.h"

#include "bridge/curve_keys.h"

namespace interec {

std::set<std::string> with_client_options(std::set<std::string> options) {
  options.insert({"connect", "curve-secret", "server-key"});
  return options;
}

std::chrono::milliseconds connect_timeout(const CliArgs& args) {
  return std::chrono::seconds(args.get_int("connect-timeout", 5, 1, 600));
}

BridgeClientOptions client_options(const CliArgs& args) {
  BridgeClientOptions options;
  options.endpoint = args.require("connect");
  const std::string secret = args.get("curve-secret"), server = args.get("server-key");
  if (secret.empty() != server.empty())
    throw UsageError("--curve-secret and --server-key go together");
  if (!secret.empty()) {
    options.curve = read_key_file(secret, true);
    options.server_public_key = read_key_file(server, false).public_key;
  }
  return options;
}

}  // namespace interec

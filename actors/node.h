// `interec node`: one process of a distributed deployment, publishing part of
// the agent on CAF's middleman for `serve` processes to use.
//   role "tools":  the tool actors of one prepared dataset (serve --tools-at)
//   role "memory": the profile store's memory actors (serve --memory-at)
//
// The middleman's wire is not authenticated or encrypted: bind to loopback
// or a private interface only (see docs/deployment.md).
#pragma once

#include <string>

namespace interec {

struct NodeOptions {
  std::string data_dir;
  std::string role;                       // "tools" or "memory"
  std::string listen = "127.0.0.1:4242";  // host:port; port 0 = any free port
  std::string state_dir;                  // memory role: profile database ("" = DATA/profiles)
  size_t workers = 0;                     // actors per tool / memory pool; 0 = one per core
  std::string tls_dir;                    // node.crt, node.key, ca.crt: OpenSSL transport ("" = plain)
};

/// Publishes the role's actors, prints "interec node: ROLE listening on
/// HOST:PORT" on stdout (with the port chosen when 0 was asked), and runs
/// until SIGINT or SIGTERM. Returns the exit code; throws on bad options or
/// when the address cannot be bound.
int run_node(const NodeOptions& options);

}  // namespace interec

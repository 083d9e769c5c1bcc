// "host:port" addresses of interec nodes, as given on the command line.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace interec {

struct NodeAddress {
  std::string host;
  uint16_t port = 0;
  std::string text() const { return host + ":" + std::to_string(port); }
};

/// Parses "host:port[,host:port...]". Throws std::invalid_argument naming the
/// bad entry.
std::vector<NodeAddress> parse_node_addresses(const std::string& list);

}  // namespace interec

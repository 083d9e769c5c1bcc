#include "actors/node_address.h"

#include <sstream>

namespace interec {

std::vector<NodeAddress> parse_node_addresses(const std::string& list) {
  std::vector<NodeAddress> out;
  std::stringstream in(list);
  std::string entry;
  while (std::getline(in, entry, ',')) {
    if (entry.empty()) continue;
    const auto colon = entry.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size())
      throw std::invalid_argument("node address '" + entry + "' is not host:port");
    NodeAddress a;
    a.host = entry.substr(0, colon);
    try {
      size_t used = 0;
      const long port = std::stol(entry.substr(colon + 1), &used);
      if (used != entry.size() - colon - 1 || port < 1 || port > 65535) throw std::out_of_range("");
      a.port = static_cast<uint16_t>(port);
    } catch (const std::exception&) {
      throw std::invalid_argument("node address '" + entry + "' has no valid port (1-65535)");
    }
    out.push_back(std::move(a));
  }
  if (out.empty()) throw std::invalid_argument("no node address given");
  return out;
}

}  // namespace interec

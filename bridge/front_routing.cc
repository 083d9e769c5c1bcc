#include "bridge/front_routing.h"

#include <cstdint>

namespace interec {
namespace {

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The splitmix64 finaliser: every input bit moves every output bit.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

}  // namespace

std::string front_routing_key(const std::string& channel, const std::string& user,
                              const std::string* session) {
  // Neither channel nor user may hold a NUL (protocol.cc), so NUL separates
  // them unambiguously; the session, last, may hold anything.
  std::string key = channel;
  key += '\0';
  key += user;
  if (session) {
    key += '\0';
    key += *session;
  }
  return key;
}

int front_pick_backend(const std::string& key, const std::vector<std::string>& backends,
                       const std::vector<bool>& up) {
  const uint64_t k = fnv1a(key);
  int best = -1;
  uint64_t best_weight = 0;
  for (size_t i = 0; i < backends.size(); ++i) {
    if (!up[i]) continue;
    const uint64_t weight = mix(k ^ mix(fnv1a(backends[i])));
    if (best < 0 || weight > best_weight) {
      best = static_cast<int>(i);
      best_weight = weight;
    }
  }
  return best;
}

}  // namespace interec

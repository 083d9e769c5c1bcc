// Sticky sessions of `interec front` (bridge/front.h): which backend serves
// a request. Pure functions, so that every front process given the same
// backend list routes every key alike, and losing a backend moves only the
// keys it held.
#pragma once

#include <string>
#include <vector>

namespace interec {

/// The routing key of a request: channel, user and (for message and reset)
/// session, joined so that no two keys collide.
std::string front_routing_key(const std::string& channel, const std::string& user,
                              const std::string* session);

/// Rendezvous (highest random weight) hashing: the index of the backend in
/// `backends` with the highest weight for `key` among those with up[i]; -1
/// when none is up. The weight depends only on the key and the backend's
/// endpoint string, so every front with the same list routes alike.
int front_pick_backend(const std::string& key, const std::vector<std::string>& backends,
                       const std::vector<bool>& up);

}  // namespace interec

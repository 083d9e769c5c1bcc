// The memory actor of a memory node (`interec node --role memory`), reached
// over CAF's middleman, so that several `serve` processes share one profile
// store. Answers the same messages as a local memory actor (memory.h); while
// the node is unreachable: recall gives an empty context (the turn is not
// personalised), remember/forget answer why they failed, profile answers
// {"error": ...}. The node is reconnected with back-off.
#pragma once

#include <chrono>

#include <caf/fwd.hpp>

#include "actors/node_address.h"

namespace interec {

/// With `tls`, connects through CAF's OpenSSL module (enable_network with a
/// TLS folder).
caf::actor spawn_remote_memory(caf::actor_system& sys, NodeAddress node, bool tls,
                               std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace interec

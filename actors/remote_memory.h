// The memory actor of a memory node (`interec node --role memory`), reached
// over CAF's middleman, so that several `serve` processes share one profile
// store. Speaks MemoryActor (memory.h) like a local memory actor; while the
// node is unreachable every request is answered with a memory_unavailable
// Error (recall with an empty context: the turn is not personalised). The
// node is reconnected with back-off.
#pragma once

#include <chrono>

#include <caf/fwd.hpp>

#include "actors/memory.h"
#include "actors/node_address.h"

namespace interec {

/// With `tls`, connects through CAF's OpenSSL module (enable_network with a
/// TLS folder).
MemoryActor spawn_remote_memory(caf::actor_system& sys, NodeAddress node, bool tls,
                                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace interec

// Binding the HTTP server of a channel (`interec web`, `interec openai-api`)
// to its `--listen HOST:PORT`, with the settings both share.
#pragma once

#include <cstddef>
#include <string>

namespace httplib {
class Server;
}

namespace interec {

/// Binds `http` to "HOST:PORT" (port 0 = any free port) and returns the
/// port bound. `workers` connections are served at once (one thread each,
/// so keep-alive clients do not wait for each other); more wait in a queue.
/// Throws std::runtime_error naming `who` for a malformed address or a
/// port that cannot be bound.
int bind_http(httplib::Server& http, const std::string& listen, size_t workers,
              const std::string& who);

/// "http://HOST:PORT/" for the log line a channel prints when it is up.
std::string http_url(const std::string& listen, int port);

}  // namespace interec

// One TCP connection to an IRC server, plain or TLS (OpenSSL), with bounded
// waits: connecting, the TLS handshake and every write give up after their
// time-out instead of hanging the bot on a dead network.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace interec::irc {

struct TlsOptions {
  bool enabled = false;
  /// PEM file of the certificate authorities to trust; "" = the system's.
  std::string ca_file;
};

class Connection {
 public:
  /// Connects to host:port within `timeout` (and handshakes, verifying the
  /// server's certificate and host name, with TLS). Throws
  /// std::runtime_error saying what failed.
  static std::unique_ptr<Connection> open(const std::string& host, int port, const TlsOptions& tls,
                                          std::chrono::milliseconds timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// The socket, to poll for reading.
  int fd() const { return fd_; }
  /// Bytes already decrypted and waiting (TLS): read them without polling.
  bool buffered() const;
  /// Reads what is available; "" with closed() set at end of stream or on an
  /// error. Does not block for long (the socket has a 1 s receive bound).
  std::string read_some();
  /// Sends all of `bytes`; false (and closed() set) when the peer is gone or
  /// the send stalls beyond the write bound (10 s).
  bool write_all(std::string_view bytes);
  bool closed() const { return closed_; }

  struct Tls;

 private:
  Connection() = default;
  int fd_ = -1;
  bool closed_ = false;
  std::unique_ptr<Tls> tls_;
};

/// Splits "HOST:PORT" ("[v6]:PORT" too); throws std::runtime_error when it
/// is not one.
std::pair<std::string, int> split_host_port(const std::string& address);

}  // namespace interec::irc

#include "bridge/irc/irc_connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "storage/text.h"

namespace interec::irc {
namespace {

// A blocking socket with these bounds: reads return after 1 s at most (the
// caller polls first), writes give up after 10 s of no progress.
void bound_socket(int fd) {
  timeval read_bound{1, 0}, write_bound{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &read_bound, sizeof read_bound);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &write_bound, sizeof write_bound);
}

// Non-blocking connect to one address, waited for with poll.
bool connect_within(int fd, const addrinfo& a, std::chrono::milliseconds timeout, std::string& why) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = ::connect(fd, a.ai_addr, a.ai_addrlen);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      why = "timed out";
      return false;
    }
    int error = 0;
    socklen_t len = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    errno = error;
    rc = error == 0 ? 0 : -1;
  }
  if (rc != 0) {
    why = std::strerror(errno);
    return false;
  }
  ::fcntl(fd, F_SETFL, flags);
  return true;
}

std::string ssl_error() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "TLS failed";
  char buffer[256];
  ERR_error_string_n(e, buffer, sizeof buffer);
  return buffer;
}

}  // namespace

struct Connection::Tls {
  SSL_CTX* context = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (context) SSL_CTX_free(context);
  }
};

std::pair<std::string, int> split_host_port(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw std::runtime_error("expected HOST:PORT, got '" + address + "'");
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port = text::parse_int(address.substr(colon + 1));
  if (!port || *port <= 0 || *port > 65535)
    throw std::runtime_error("expected HOST:PORT, got '" + address + "'");
  return {host, static_cast<int>(*port)};
}

std::unique_ptr<Connection> Connection::open(const std::string& host, int port, const TlsOptions& tls,
                                             std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    throw std::runtime_error("cannot resolve " + host + ": " + ::gai_strerror(rc));
  std::unique_ptr<Connection> c(new Connection());
  std::string why = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect_within(fd, *a, timeout, why)) {
      c->fd_ = fd;
      break;
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (c->fd_ < 0)
    throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port) + ": " + why);
  bound_socket(c->fd_);
  if (!tls.enabled) return c;

  c->tls_ = std::make_unique<Tls>();
  auto& t = *c->tls_;
  t.context = SSL_CTX_new(TLS_client_method());
  if (!t.context) throw std::runtime_error(ssl_error());
  SSL_CTX_set_min_proto_version(t.context, TLS1_2_VERSION);
  SSL_CTX_set_verify(t.context, SSL_VERIFY_PEER, nullptr);
  const bool trusted = tls.ca_file.empty()
                         ? SSL_CTX_set_default_verify_paths(t.context) == 1
                         : SSL_CTX_load_verify_locations(t.context, tls.ca_file.c_str(), nullptr) == 1;
  if (!trusted) throw std::runtime_error("cannot load CA certificates " + tls.ca_file + ": " + ssl_error());
  t.ssl = SSL_new(t.context);
  SSL_set_fd(t.ssl, c->fd_);
  SSL_set_tlsext_host_name(t.ssl, host.c_str());
  SSL_set1_host(t.ssl, host.c_str());
  // The handshake runs on the blocking socket with the 1 s read bound;
  // retried until the connect time-out.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    ERR_clear_error();
    const int rc = SSL_connect(t.ssl);
    if (rc == 1) break;
    const int error = SSL_get_error(t.ssl, rc);
    const bool again = error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
    if (!again || std::chrono::steady_clock::now() >= deadline) {
      const long verify = SSL_get_verify_result(t.ssl);
      throw std::runtime_error("TLS handshake with " + host + " failed: " +
                               (verify != X509_V_OK ? X509_verify_cert_error_string(verify)
                                                    : ssl_error()));
    }
  }
  return c;
}

Connection::~Connection() {
  if (tls_ && tls_->ssl && !closed_) SSL_shutdown(tls_->ssl);
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::buffered() const { return tls_ && SSL_pending(tls_->ssl) > 0; }

std::string Connection::read_some() {
  char buffer[16384];
  if (tls_) {
    ERR_clear_error();
    const int n = SSL_read(tls_->ssl, buffer, sizeof buffer);
    if (n > 0) return std::string(buffer, static_cast<size_t>(n));
    const int error = SSL_get_error(tls_->ssl, n);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) closed_ = true;
    return {};
  }
  const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n > 0) return std::string(buffer, static_cast<size_t>(n));
  if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) closed_ = true;
  return {};
}

bool Connection::write_all(std::string_view bytes) {
  while (!bytes.empty() && !closed_) {
    if (tls_) {
      ERR_clear_error();
      const int n = SSL_write(tls_->ssl, bytes.data(), static_cast<int>(bytes.size()));
      if (n <= 0) {
        closed_ = true;
        break;
      }
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      closed_ = true;
      break;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return !closed_;
}

}  // namespace interec::irc

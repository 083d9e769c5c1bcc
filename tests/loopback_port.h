// Ports on 127.0.0.1 for tests that start servers: the kernel's pick for a
// throw-away socket, so that suites running side by side do not collide.
#pragma once

namespace interec::test {

/// A TCP port on 127.0.0.1 that nothing listened on a moment ago (bound to
/// port 0, read back, closed). Another process may take it before the
/// caller does: use it at once. Throws std::runtime_error when no socket
/// can be bound.
int free_loopback_port();

}  // namespace interec::test

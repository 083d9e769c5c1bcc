#include "bridge/front_run.h"

#include <csignal>
#include <iostream>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "actors/shutdown_signals.h"
#include "bridge/config_file.h"

namespace interec {

using json = nlohmann::json;

namespace {

void apply_front_section(const std::string& path, const json& section, FrontRunOptions& options) {
  if (!section.is_object()) throw std::runtime_error(path + ": \"front\" must be an object");
  auto& o = options.front;
  for (auto& [key, value] : section.items()) {
    if (key.rfind("_", 0) == 0) continue;
    if (key == "backends") {
      if (!value.is_array())
        throw std::runtime_error(path + ": front.backends must be a list of endpoints");
      o.backends.clear();
      for (const auto& endpoint : value) {
        if (!endpoint.is_string())
          throw std::runtime_error(path + ": front.backends must be a list of endpoints");
        o.backends.push_back(endpoint.get<std::string>());
      }
      continue;
    }
    const uint64_t n = config_count(path, "front", key, value);
    const std::chrono::milliseconds ms(n);
    if (key == "max_in_flight") o.max_in_flight = n;
    else if (key == "max_in_flight_per_channel") o.max_in_flight_per_channel = n;
    else if (key == "drain_timeout_ms") o.drain_timeout = ms;
    else if (key == "request_timeout_ms") o.request_timeout = ms;
    else if (key == "ping_interval_ms") o.ping_interval = ms;
    else if (key == "ping_timeout_ms") o.ping_timeout = ms;
    else throw std::runtime_error(path + ": unknown key front." + key);
  }
}

}  // namespace

void apply_front_config(const std::string& path, FrontRunOptions& options) {
  read_config_sections(path, [&](const std::string& name, const json& value) {
    if (name == "front") apply_front_section(path, value, options);  // "serve", "llm": serve's
  });
}

int run_front(const FrontRunOptions& options) {
  // Before any thread exists, so that every thread inherits the mask.
  ShutdownSignals signals;
  FrontOptions front = options.front;
  read_server_curve(options.curve_secret_file, options.allow_keys_dir, front.curve,
                    front.allowed_keys);
  // Declared first, so that it covers the server's whole shutdown.
  std::optional<ShutdownWatchdog> watchdog;
  FrontServer server(front);
  std::string list;
  for (const auto& b : front.backends) list += (list.empty() ? "" : ", ") + b;
  std::cerr << "interec front: on " << server.endpoint()
            << (front.curve.secret_key.empty() ? "" : " with CURVE") << ", backends " << list
            << std::endl;
  std::cout << "interec front: listening on " << server.endpoint() << std::endl;
  const int signal = signals.wait();
  std::cerr << "interec front: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
            << ", shutting down" << std::endl;
  watchdog.emplace("interec front", front.drain_timeout + std::chrono::seconds(5));
  server.stop();
  const auto stats = server.stats();
  std::cerr << "interec front: answered " << stats.replies << " of " << stats.requests
            << " requests (" << stats.forwarded << " forwarded, " << stats.errors << " errors, "
            << stats.unavailable << " unavailable, " << stats.timeouts << " timeouts, "
            << stats.busy << " busy, " << stats.dropped << " undeliverable)" << std::endl;
  return 0;
}

}  // namespace interec

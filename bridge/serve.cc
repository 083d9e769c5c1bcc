#include "bridge/serve.h"

#include <iostream>
#include <optional>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/agent.h"
#include "bridge/config_file.h"
#include "actors/shutdown_signals.h"
#include "config/llm_config.h"
#include "storage/profile_store.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

void apply_serve_section(const std::string& path, const nlohmann::json& section,
                         ServeOptions& options) {
  if (!section.is_object()) throw std::runtime_error(path + ": \"serve\" must be an object");
  for (auto& [key, value] : section.items()) {
    const uint64_t n = config_count(path, "serve", key, value);
    const std::chrono::milliseconds ms(n);
    if (key == "max_in_flight") options.bridge.max_in_flight = n;
    else if (key == "max_in_flight_per_channel") options.bridge.max_in_flight_per_channel = n;
    else if (key == "drain_timeout_ms") options.bridge.drain_timeout = ms;
    else if (key == "request_timeout_ms") options.bridge.request_timeout = ms;
    else if (key == "session_idle_timeout_ms") options.agent.session_idle_timeout = ms;
    else if (key == "workers") options.agent.workers = n;
    else throw std::runtime_error(path + ": unknown key serve." + key);
  }
}

}  // namespace

void apply_serve_config(const std::string& path, ServeOptions& options) {
  read_config_sections(path, [&](const std::string& name, const nlohmann::json& value) {
    if (name == "serve") {
      apply_serve_section(path, value, options);
    } else if (name == "llm") {
      // The LLM reader itself, so the section means what --llm-config means.
      try {
        options.agent.llm = load_llm_config(path, options.agent.llm);
      } catch (const std::invalid_argument& e) {  // a value check_llm_config refuses
        throw std::runtime_error(path + ": llm: " + e.what());
      }
    }
    // "front": `interec front`'s settings, in the same file.
  });
}

int run_serve(const ServeOptions& options) {
  // Before any thread exists, so that every thread inherits the mask.
  ShutdownSignals signals;
  BridgeOptions bridge = options.bridge;
  read_server_curve(options.curve_secret_file, options.allow_keys_dir, bridge.curve,
                    bridge.allowed_keys);
  auto box = Toolbox::open(options.data_dir);
  bridge.cards = ItemCards::open(options.data_dir, box->dataset->catalog);
  const ProfileStoreOptions store_options = profile_store_options(*box->dataset, options.state_dir);
  // With a memory node the profiles live there; this process opens none.
  std::shared_ptr<ProfileStore> profiles;
  if (options.agent.memory_at.empty()) profiles = ProfileStore::open(store_options);
  // Covers the whole shutdown, the actor system's and the store's included.
  std::optional<ShutdownWatchdog> watchdog;
  {
    caf::actor_system_config cfg;
    add_interec_types(cfg);
    if (!options.agent.tools_at.empty() || !options.agent.memory_at.empty())
      enable_network(cfg, options.agent.node_tls_dir);
    caf::actor_system sys{cfg};
    Agent agent = spawn_agent(sys, box, options.agent, profiles);
    std::optional<BridgeServer> server;
    try {
      server.emplace(sys, agent, bridge);
    } catch (...) {
      stop_agent(sys, agent);
      throw;
    }
    std::cerr << "interec serve: " << box->dataset->name << " (" << box->dataset->catalog->size()
              << " items) on " << server->endpoint()
              << (bridge.curve.secret_key.empty() ? "" : " with CURVE") << ", brain "
              << options.agent.brain
              << (options.agent.brain == "openai" ? " (model \"" + options.agent.llm.model + "\")" : "")
              << std::endl;
    const int signal = signals.wait();
    std::cerr << "interec serve: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
              << ", shutting down" << std::endl;
    watchdog.emplace("interec serve", bridge.drain_timeout + std::chrono::seconds(5));
    server->stop();
    const auto stats = server->stats();
    server.reset();
    stop_agent(sys, agent);
    std::cerr << "interec serve: answered " << stats.replies << " of " << stats.requests
              << " requests (" << stats.errors << " errors, " << stats.busy << " busy, "
              << stats.dropped << " undeliverable)" << std::endl;
  }
  // Only here, once the actor system has awaited every actor: the memory
  // actors' references are gone, so this is the last one and the store's
  // destructor (which commits what is queued and joins its writer) runs on
  // this thread, never on a CAF worker while another still reads the store.
  profiles.reset();
  std::cerr << "interec serve: stopped" << std::endl;
  return 0;
}

}  // namespace interec

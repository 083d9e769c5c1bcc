#include "actors/node.h"

#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>

#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>

#include "actors/agent.h"
#include "actors/memory.h"
#include "actors/node_address.h"
#include "actors/pool.h"
#include "actors/remote_tools.h"
#include "actors/shutdown_signals.h"
#include "actors/tool_actor.h"
#include "storage/profile_store.h"
#include "tools/plan.h"
#include "tools/toolbox.h"

namespace interec {

namespace {
// What a stopping node may take, in-flight requests and the store included.
constexpr std::chrono::seconds kNodeShutdownLimit{10};
}  // namespace

int run_node(const NodeOptions& options) {
  if (options.role != "tools" && options.role != "memory")
    throw std::invalid_argument("--role must be tools or memory");
  NodeAddress listen;
  {
    const auto colon = options.listen.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("--listen must be host:port");
    listen.host = options.listen.substr(0, colon);
    const long port = std::stol(options.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::invalid_argument("--listen port must be 0-65535");
    listen.port = static_cast<uint16_t>(port);
  }
  // Blocked before any thread starts, so every thread inherits the mask.
  ShutdownSignals signals;
  std::optional<ShutdownWatchdog> watchdog;  // armed once a signal came

  // A memory node needs the catalog and the interactions, not the models.
  std::shared_ptr<const Toolbox> box;
  std::shared_ptr<const Dataset> dataset;
  if (options.role == "tools") box = Toolbox::open(options.data_dir);
  else dataset = Dataset::open(options.data_dir);
  const size_t workers =
    options.workers ? options.workers : std::max<size_t>(1, std::thread::hardware_concurrency());
  std::shared_ptr<ProfileStore> store;
  if (options.role == "memory") {
    store = ProfileStore::open(profile_store_options(*dataset, options.state_dir));
  }
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  enable_network(cfg, options.tls_dir);
  caf::actor_system sys{cfg};
  std::vector<caf::actor> actors;  // to stop at the end
  // Published with its typed interface, which remote_actor checks on the
  // serve side: a node of the other role is refused, not misused.
  auto publish = [&](const auto& handle) {
    actors.push_back(caf::actor_cast<caf::actor>(handle));
    return options.tls_dir.empty() ? sys.middleman().publish(handle, listen.port, listen.host.c_str(), true)
                                   : caf::openssl::publish(handle, listen.port, listen.host.c_str(), true);
  };
  caf::expected<uint16_t> port{uint16_t{0}};
  if (options.role == "tools") {
    std::map<std::string, ToolActor> tools;
    for (ToolKind kind : kAllTools) {
      const std::string name = tool_name(kind);
      tools[name] = spawn_pool(sys, workers, [&] { return spawn_tool(sys, kind, box); });
      actors.push_back(caf::actor_cast<caf::actor>(tools[name]));
    }
    port = publish(spawn_tool_hub(sys, tools));
  } else {
    port = publish(MemoryActor{spawn_memory(sys, dataset, store, workers)});
  }
  if (!port) {
    for (auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    throw std::runtime_error("cannot listen on " + options.listen + ": " + sys.render(port.error()));
  }
  std::cout << "interec node: " << options.role << " listening on " << listen.host << ":" << *port
            << std::endl;
  signals.wait();
  std::cerr << "interec node: stopping\n";
  // Bounded: an orchestrator sending SIGTERM must see the node go even if a
  // peer's connection or a worker does not let go (one stop in five once
  // hung in the actor system's await_detached_threads). Covers the actor
  // system's end and the profile store's (declared after it: both end
  // before it).
  watchdog.emplace("interec node", kNodeShutdownLimit);
  sys.middleman().unpublish(actors.back(), *port);
  for (auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  return 0;
}

}  // namespace interec

#include "actors/node.h"

#include <csignal>
#include <iostream>
#include <stdexcept>
#include <thread>

#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>

#include "actors/agent.h"
#include "actors/memory.h"
#include "actors/messages.h"
#include "actors/node_address.h"
#include "actors/pool.h"
#include "actors/remote_tools.h"
#include "actors/tool_actor.h"
#include "storage/profile_store.h"
#include "tools/plan.h"
#include "tools/toolbox.h"

namespace interec {

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
  // Signals are taken by sigwait below; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto box = Toolbox::open(options.data_dir);
  const size_t workers =
    options.workers ? options.workers : std::max<size_t>(1, std::thread::hardware_concurrency());
  std::shared_ptr<ProfileStore> store;
  if (options.role == "memory") {
    ProfileStoreOptions store_options;
    store_options.path = options.state_dir.empty() ? options.data_dir + "/profiles" : options.state_dir;
    store = ProfileStore::open(store_options);
  }
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  enable_network(cfg, options.tls_dir);
  caf::actor_system sys{cfg};
  std::vector<caf::actor> actors;
  caf::actor published;
  if (options.role == "tools") {
    std::map<std::string, caf::actor> tools;
    for (const char* name : kToolNames) {
      tools[name] = spawn_pool(sys, workers, [&] { return spawn_tool(sys, name, box); });
      actors.push_back(tools[name]);
    }
    published = spawn_tool_hub(sys, tools);
  } else {
    published = spawn_memory(sys, box->dataset, store, workers);
  }
  actors.push_back(published);
  auto port = options.tls_dir.empty()
                ? sys.middleman().publish(published, listen.port, listen.host.c_str(), true)
                : caf::openssl::publish(published, listen.port, listen.host.c_str(), true);
  if (!port) {
    for (auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    throw std::runtime_error("cannot listen on " + options.listen + ": " + sys.render(port.error()));
  }
  std::cout << "interec node: " << options.role << " listening on " << listen.host << ":" << *port
            << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "interec node: stopping\n";
  sys.middleman().unpublish(published, *port);
  for (auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  return 0;
}

}  // namespace interec

#include "actors/agent.h"

#include <stdexcept>
#include <thread>

#include <filesystem>

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include "brain/llm/llm_brain.h"
#include "brain/rules/rules_brain.h"
#include "actors/executor.h"
#include "brain/llm/http_client.h"
#include "actors/llm_planner.h"
#include "actors/pool.h"
#include "actors/remote_memory.h"
#include "actors/remote_tools.h"
#include "brain/dialogue/explain.h"
#include "config/resources.h"
#include "tools/toolbox.h"

namespace interec {

void add_interec_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::interec>();
}

void enable_network(caf::actor_system_config& cfg, const std::string& tls_dir) {
  cfg.load<caf::io::middleman>();
  if (tls_dir.empty()) return;
  for (const char* file : {"node.crt", "node.key", "ca.crt"})
    if (!std::filesystem::exists(tls_dir + "/" + file))
      throw std::invalid_argument("TLS folder " + tls_dir + " has no " + file);
  cfg.openssl_certificate = tls_dir + "/node.crt";
  cfg.openssl_key = tls_dir + "/node.key";
  cfg.openssl_cafile = tls_dir + "/ca.crt";
  cfg.load<caf::openssl::manager>();
}

Agent spawn_agent(caf::actor_system& sys, std::shared_ptr<const Toolbox> box,
                  const AgentConfig& config, std::shared_ptr<ProfileStore> profiles) {
  if (config.brain != "rules" && config.brain != "openai")
    throw std::invalid_argument("unknown brain '" + config.brain + "' (available: rules, openai)");
  // Found before any actor: a missing file is the command's error, not a
  // planner that dies or plans without its synonyms.
  const Resources resources(config.resources);
  RulesBrainOptions rules_options;
  rules_options.synonyms_path = resources.synonyms();
  rules_options.moods_path = resources.moods();
  std::shared_ptr<LlmBrain> llm;
  std::shared_ptr<HttpClient> http;
  if (config.brain == "openai") {
    // Built before any actor, so a bad URL or demonstration file is an
    // error of the command, not of every turn.
    if (config.llm.url.empty())
      throw std::invalid_argument("the openai brain needs an endpoint URL (--llm-url or \"url\" in the config file)");
    check_llm_config(config.llm);
    llm = std::make_shared<LlmBrain>(box, config.llm, resources);
    http = std::make_shared<HttpClient>();
    if (!config.llm.embedding_model.empty()) load_demo_vectors(*llm, *http);  // TF-IDF when it fails
  }
  const size_t workers =
    config.workers ? config.workers : std::max<size_t>(1, std::thread::hardware_concurrency());
  Agent agent;
  for (ToolKind kind : kAllTools)
    agent.tools[tool_name(kind)] = spawn_pool(sys, workers, [&] { return spawn_tool(sys, kind, box); });
  if (!config.tools_at.empty()) {
    RemoteToolsOptions remote;
    remote.nodes = parse_node_addresses(config.tools_at);
    remote.step_timeout = config.step_timeout;
    remote.tls = !config.node_tls_dir.empty();
    if (config.local_tools_fallback) remote.local_fallback = agent.tools;
    for (auto& [name, tool] : agent.tools) agent.others.push_back(caf::actor_cast<caf::actor>(tool));
    agent.tools = spawn_remote_tools(sys, std::move(remote));
  }
  if (!config.memory_at.empty()) {
    const auto nodes = parse_node_addresses(config.memory_at);
    if (nodes.size() != 1) throw std::invalid_argument("memory_at names one memory node, not several");
    agent.memory = spawn_remote_memory(sys, nodes[0], !config.node_tls_dir.empty(), config.step_timeout);
  } else {
    agent.memory = spawn_memory(sys, box->dataset, std::move(profiles), workers);
  }
  if (llm) {
    // The LLM actors also serve as the critic (they judge rules fallbacks by the rules).
    auto actors = spawn_llm_planner(sys, llm, http, workers);
    agent.planner = Planner{actors, llm_offers(config.llm)};
    agent.reflector = actors;
  } else {
    agent.planner = spawn_planner(sys, [box, rules_options] { return make_rules_brain(box, rules_options); }, workers);
    agent.reflector = spawn_reflector(sys);
  }
  agent.executor = spawn_executor(sys, agent.tools, box->dataset->catalog->size(), config.step_timeout);
  auto deps = std::make_shared<SessionDeps>();
  deps->memory = agent.memory;
  deps->planner = agent.planner.actor;
  deps->offers = agent.planner.offers;
  deps->executor = agent.executor;
  deps->reflector = agent.reflector;
  deps->catalog = box->dataset->catalog;
  deps->explain = dialogue::explainer_of(box);
  deps->config = config;
  agent.router = spawn_session_router(sys, deps);
  return agent;
}

void stop_agent(caf::actor_system& sys, const Agent& agent) {
  auto stop = [](const auto& a) {
    if (a) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  };
  stop(agent.router);
  stop(agent.memory);
  stop(agent.planner.actor);
  stop(agent.executor);
  stop(agent.reflector);
  for (auto& [name, tool] : agent.tools) stop(tool);
  for (const auto& other : agent.others) stop(other);
}

}  // namespace interec

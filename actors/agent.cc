#include "actors/agent.h"

#include <stdexcept>
#include <thread>

#include "actors/brain/rules_brain.h"
#include "actors/executor.h"
#include "actors/memory.h"
#include "actors/messages.h"
#include "actors/planner.h"
#include "actors/pool.h"
#include "actors/reflector.h"
#include "actors/session_router.h"
#include "actors/tool_actor.h"
#include "tools/toolbox.h"

namespace interec {

void add_interec_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::interec>();
}

Agent spawn_agent(caf::actor_system& sys, std::shared_ptr<const Toolbox> box,
                  const AgentConfig& config, std::shared_ptr<ProfileStore> profiles) {
  if (config.brain != "rules")
    throw std::invalid_argument("unknown brain '" + config.brain + "' (available: rules)");
  const size_t workers =
    config.workers ? config.workers : std::max<size_t>(1, std::thread::hardware_concurrency());
  Agent agent;
  for (const char* name : kToolNames)
    agent.tools[name] = spawn_pool(sys, workers, [&] { return spawn_tool(sys, name, box); });
  agent.memory = spawn_memory(sys, box->dataset, std::move(profiles), workers);
  agent.planner = spawn_planner(sys, [box] { return make_rules_brain(box); }, workers);
  agent.executor = spawn_executor(sys, agent.tools, box->dataset->catalog->size(),
                                  config.step_timeout);
  agent.reflector = spawn_reflector(sys);
  auto deps = std::make_shared<SessionDeps>();
  deps->memory = agent.memory;
  deps->planner = agent.planner;
  deps->executor = agent.executor;
  deps->reflector = agent.reflector;
  deps->box = box;
  deps->config = config;
  agent.router = spawn_session_router(sys, deps);
  return agent;
}

void stop_agent(caf::actor_system& sys, const Agent& agent) {
  auto stop = [](const caf::actor& a) {
    if (a) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  };
  stop(agent.router);
  stop(agent.memory);
  stop(agent.planner);
  stop(agent.executor);
  stop(agent.reflector);
  for (auto& [name, tool] : agent.tools) stop(tool);
}

}  // namespace interec

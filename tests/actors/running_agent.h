// An agent as a process runs it, for actor tests that restart it: its own
// actor system and the profile store opened from a folder. stop() ends them
// in the order a process does (actors, actor system, store), so a start()
// after it on the same folder is a restart on the same on-disk state.
#pragma once

#include <chrono>
#include <memory>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "actors/agent.h"
#include "actors/messages.h"
#include "storage/profile_store.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec::test {

class RunningAgent {
 public:
  ~RunningAgent() { stop(); }

  void start(std::shared_ptr<const Toolbox> box, const ProfileStoreOptions& store, const AgentConfig& config = {}) {
    stop();
    store_ = ProfileStore::open(store);
    cfg_ = std::make_unique<caf::actor_system_config>();
    add_interec_types(*cfg_);
    sys_ = std::make_unique<caf::actor_system>(*cfg_);
    agent_ = spawn_agent(*sys_, std::move(box), scaled_limits(config), store_);
  }

  void stop() {
    if (!sys_) return;
    stop_agent(*sys_, agent_);
    agent_ = Agent{};
    sys_.reset();
    store_.reset();
  }

  /// The reply to `request`; a test failure (and an empty reply) when none
  /// comes within `timeout` (times time_scale()).
  TurnReply ask(const TurnRequest& request, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    caf::scoped_actor self{*sys_};
    TurnReply reply;
    self->request(agent_.router, scaled(timeout), atoms::turn_atom_v, request)
      // Copied inside the handler, not moved out: the reply was built on a CAF
      // worker and handed over by CAF's (uninstrumented) mailbox, which
      // ThreadSanitizer cannot see; the copy is this thread's own memory.
      .receive([&](const TurnReply& r) { reply = r; },
               [&](caf::error& e) { ADD_FAILURE() << "no reply: " << sys_->render(e); });
    return reply;
  }

  caf::actor_system& system() { return *sys_; }
  const Agent& agent() const { return agent_; }
  ProfileStore& store() { return *store_; }

 private:
  std::shared_ptr<ProfileStore> store_;
  std::unique_ptr<caf::actor_system_config> cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  Agent agent_;
};

}  // namespace interec::test

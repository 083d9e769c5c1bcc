#include "actors/memory.h"

#include <unordered_map>

#include "actors/pool.h"
#include "storage/dataset.h"
#include "storage/profile_store.h"
#include "storage/profile_view.h"

namespace interec {
namespace {

struct MemoryState {
  std::shared_ptr<const Dataset> dataset;
  std::shared_ptr<ProfileStore> store;
  uint64_t next_token = 0;
  std::unordered_map<uint64_t, caf::typed_response_promise<MemoryAck>> pending;
};

using MemorySelf = LocalMemoryActor::stateful_pointer<MemoryState>;

Error memory_error(const std::string& why) { return Error{ErrorCode::memory_unavailable, "memory: " + why}; }

const char* kBadChannel = "channel names may not contain ':'";

void add_items(const Catalog& catalog, const std::vector<std::string>& ids,
               std::vector<ItemIndex>& out) {
  for (const auto& id : ids)
    if (auto i = catalog.find(id)) out.push_back(*i);
}

UserContext recall_context(MemorySelf self, const std::string& channel, const std::string& user) {
  UserContext ctx;
  const auto& dataset = *self->state.dataset;
  if (auto u = dataset.interactions.find_user(user))
    for (ItemIndex i : dataset.interactions.items(*u)) ctx.history.push_back(i);
  if (!self->state.store || channel.find(':') != std::string::npos) return ctx;
  auto profile = self->state.store->get(profile_key(channel, user));
  if (!profile) return ctx;
  const auto& catalog = *dataset.catalog;
  add_items(catalog, profile->history, ctx.history);
  add_items(catalog, profile->liked, ctx.liked);
  add_items(catalog, profile->disliked, ctx.disliked);
  ctx.disliked_values = profile->disliked_values;
  return ctx;
}

// Starts a store operation whose acknowledgement arrives on the store's
// writer thread; it comes back to this actor as a message.
template <class Start>
caf::result<MemoryAck> acknowledged(MemorySelf self, Start start) {
  const uint64_t token = self->state.next_token++;
  auto promise = self->make_response_promise<MemoryAck>();
  self->state.pending.emplace(token, promise);
  auto me = caf::actor_cast<LocalMemoryActor>(self);
  start([me, token](bool ok, const std::string& error) {
    caf::anon_send(me, atoms::ack_atom_v, token, ok ? std::string() : error);
  });
  return promise;
}

LocalMemoryActor::behavior_type memory_actor(MemorySelf self, std::shared_ptr<const Dataset> dataset,
                                             std::shared_ptr<ProfileStore> store) {
  self->state.dataset = std::move(dataset);
  self->state.store = std::move(store);
  return {
    [=](atoms::recall_atom, const std::string& channel, const std::string& user) -> Recall {
      try {
        return Recall{recall_context(self, channel, user), std::nullopt};
      } catch (const std::exception& e) {
        // An unreadable profile must not cost the user the turn.
        return Recall{UserContext{}, memory_error(std::string("cannot read the profile (") + e.what() + ")")};
      }
    },
    [=](atoms::remember_atom, const std::string& channel, const std::string& user,
        ProfileUpdate& update) -> caf::result<MemoryAck> {
      if (!self->state.store) return MemoryAck{};
      if (channel.find(':') != std::string::npos) return MemoryAck{memory_error(kBadChannel)};
      const std::string key = profile_key(channel, user);
      // A copy made in this handler, not the sender's object moved on: the
      // store's writer thread frees what it is given, and memory allocated
      // by the sender (a session, or the bridge) would reach it through
      // CAF's mailbox, a hand-off ThreadSanitizer cannot see; from here on
      // the only hand-off is the store's own queue (docs/trust.md).
      return acknowledged(self, [&](ProfileStore::Ack ack) {
        self->state.store->update(key, ProfileUpdate(update), std::move(ack));
      });
    },
    [=](atoms::forget_atom, const std::string& channel, const std::string& user) -> caf::result<MemoryAck> {
      if (!self->state.store) return MemoryAck{};
      if (channel.find(':') != std::string::npos) return MemoryAck{memory_error(kBadChannel)};
      const std::string key = profile_key(channel, user);
      return acknowledged(self, [&](ProfileStore::Ack ack) { self->state.store->erase(key, std::move(ack)); });
    },
    [=](atoms::profile_atom, const std::string& channel, const std::string& user) -> ProfileReply {
      if (!self->state.store || channel.find(':') != std::string::npos) return ProfileReply{"null", std::nullopt};
      try {
        auto profile = self->state.store->get(profile_key(channel, user));
        if (!profile) return ProfileReply{"null", std::nullopt};
        return ProfileReply{profile_view(*profile, *self->state.dataset->catalog)
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                            std::nullopt};
      } catch (const std::exception& e) {
        return ProfileReply{"null", memory_error(std::string("cannot read the profile (") + e.what() + ")")};
      }
    },
    [=](atoms::resume_atom, const std::string& channel, const std::string& user,
        const std::string& session) -> Resumed {
      if (!self->state.store || channel.find(':') != std::string::npos) return Resumed{};
      try {
        return Resumed{self->state.store->conversation(profile_key(channel, user), session).value_or(""),
                       std::nullopt};
      } catch (const std::exception& e) {
        return Resumed{"", memory_error(std::string("cannot read the conversation (") + e.what() + ")")};
      }
    },
    [=](atoms::ack_atom, uint64_t token, const std::string& error) {
      auto it = self->state.pending.find(token);
      if (it == self->state.pending.end()) return;
      it->second.deliver(error.empty() ? MemoryAck{} : MemoryAck{memory_error(error)});
      self->state.pending.erase(it);
    },
  };
}

}  // namespace

std::string profile_key(const std::string& channel, const std::string& user) {
  return channel + ":" + user;
}

LocalMemoryActor spawn_memory(caf::actor_system& sys, std::shared_ptr<const Dataset> dataset,
                              std::shared_ptr<ProfileStore> store, size_t instances) {
  // Not detached: a detached actor's thread waits at system shutdown until
  // the actor is destroyed, and a reply still queued for a remote requester
  // kept it alive, hanging `node --role memory` on SIGTERM. Its writes are
  // asynchronous (the store's writer thread); reads are point lookups.
  return spawn_pool(sys, instances, [&] { return sys.spawn(memory_actor, dataset, store); });
}

}  // namespace interec

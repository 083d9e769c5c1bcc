// The memory actors: what the agent knows about a user beyond one session.
// Profiles are keyed "CHANNEL:USER", so a channel never sees another
// channel's users. Every message is answered; a failure is an Error with
// code memory_unavailable inside the reply, never a dropped request.
//
// A user whose id equals a user id of the prepared dataset also starts with
// that user's interactions as history (so `interec chat --user 196` on
// ML-100K is personalised from user 196's ratings).
//
// Reads may touch RocksDB, so memory actors are detached (own threads), never
// on the scheduler; writes are acknowledged by the store's writer thread.
#pragma once

#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/messages.h"

namespace interec {

struct Dataset;
class ProfileStore;

/// What the session and the bridge ask of memory, local or on a memory node:
///   (recall_atom, channel, user)                  -> Recall
///   (remember_atom, channel, user, ProfileUpdate) -> MemoryAck (once durable)
///   (forget_atom, channel, user)                  -> MemoryAck (once erased everywhere)
///   (profile_atom, channel, user)                 -> ProfileReply
///   (resume_atom, channel, user, session)         -> Resumed: the dialogue
///     state the session's turns stored (ProfileUpdate::conversation)
using MemoryActor = caf::typed_actor<
  caf::replies_to<atoms::recall_atom, std::string, std::string>::with<Recall>,
  caf::replies_to<atoms::remember_atom, std::string, std::string, ProfileUpdate>::with<MemoryAck>,
  caf::replies_to<atoms::forget_atom, std::string, std::string>::with<MemoryAck>,
  caf::replies_to<atoms::profile_atom, std::string, std::string>::with<ProfileReply>,
  caf::replies_to<atoms::resume_atom, std::string, std::string, std::string>::with<Resumed>>;

/// A local memory actor also takes the store's acknowledgements, which come
/// back from the store's writer thread as (ack_atom, token, error text).
using LocalMemoryActor =
  MemoryActor::extend<caf::reacts_to<atoms::ack_atom, uint64_t, std::string>>;

/// The profile key of a user of a channel. Channels may not contain ':'.
std::string profile_key(const std::string& channel, const std::string& user);

/// `store` may be null: then nothing is remembered beyond the dataset history
/// and remember/forget are acknowledged at once.
LocalMemoryActor spawn_memory(caf::actor_system& sys, std::shared_ptr<const Dataset> dataset,
                              std::shared_ptr<ProfileStore> store, size_t instances);

}  // namespace interec

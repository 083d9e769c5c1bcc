// The memory actors: what the agent knows about a user beyond one session.
// Profiles are keyed "CHANNEL:USER", so a channel never sees another
// channel's users. Messages (all always answered):
//   (recall_atom, channel, user)                  -> UserContext
//   (remember_atom, channel, user, ProfileUpdate) -> std::string  ("" once durable, else why not)
//   (profile_atom, channel, user)                 -> std::string  (profile_view JSON, "null" if none)
//   (forget_atom, channel, user)                  -> std::string  ("" once erased everywhere)
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

namespace interec {

struct Dataset;
class ProfileStore;

/// The profile key of a user of a channel. Channels may not contain ':'.
std::string profile_key(const std::string& channel, const std::string& user);

/// `store` may be null: then nothing is remembered beyond the dataset history
/// and remember/forget answer "" at once.
caf::actor spawn_memory(caf::actor_system& sys, std::shared_ptr<const Dataset> dataset,
                        std::shared_ptr<ProfileStore> store, size_t instances);

}  // namespace interec

// `interec profile export-dialogs`: the agent's own conversations, read from
// the profile store's dialogue log (storage/dialogue_log.h) through the
// store's public interface, as ReDial dialogues (storage/dialogue_files.h),
// so a deployment learns from them with `train --model dialog`.
//
// * One dialogue per session of a user's log (consecutive turns with the
//   same session id); its id is a hash of the user, the session and the
//   time of its first turn, so exporting again gives the same ids.
// * The user's messages are the seeker's, as typed; the agent's replies the
//   recommender's, the first kMaxShownPerTurn items of each list written
//   "@ID" in place of their titles (ID = the catalog's item id).
// * movieMentions: every item listed or that the user's words named
//   (liked, disliked, seen), titled from the catalog; items no longer in
//   the catalog are left out. initiatorQuestions from what the turns and
//   the profile say: suggested = 1 when the agent listed the item before
//   the user named it; liked = 1 / 0 / 2 (did not say); seen = 1 when the
//   user said so or has it in their history, else 2.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "storage/dialogue.h"

namespace interec {

class ProfileStore;

/// Items of one list written into the exported dialogue: what a person
/// reads of a list, and a bound on how much of the agent's own output a
/// model trained on the export learns back.
inline constexpr size_t kMaxShownPerTurn = 10;

/// The dialogues of `key` ("CHANNEL:USER"), oldest first; none when the
/// store holds no log for it.
std::vector<Dialogue> exported_dialogues(ProfileStore& store, const std::string& key, const Catalog& catalog);

/// ReDial worker ids of an exported dialogue: the user's, from a hash of
/// the key (never 0), and the agent's (0).
int64_t seeker_worker_id(const std::string& key);
inline constexpr int64_t kAgentWorkerId = 0;

/// Writes the dialogues of every key to `path` as ReDial jsonl (replaced
/// atomically). Returns how many dialogues were written. Throws
/// std::runtime_error naming the path when it cannot be written.
size_t write_exported_dialogues(ProfileStore& store, const std::vector<std::string>& keys, const Catalog& catalog,
                                const std::string& path);

}  // namespace interec

// A user's long-term profile and the merge rules of an update. Items are
// named by their external item id, attribute values as "column=value", so a
// profile survives re-preparing the dataset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace interec {

struct Profile {
  std::vector<std::string> liked;            // item ids
  std::vector<std::string> disliked;         // item ids
  std::vector<std::string> wanted;           // item ids the user asked for / wants
  std::vector<std::string> liked_values;     // "column=value"
  std::vector<std::string> disliked_values;  // "column=value"
  std::vector<std::string> history;          // consumed item ids, oldest first
  std::string summary;                       // of earlier dialogue
  int64_t created_ms = 0;                    // unix time in milliseconds
  int64_t updated_ms = 0;

  bool empty() const;
};

/// What one turn taught us about the user.
struct ProfileUpdate {
  std::vector<std::string> like, dislike, want;  // item ids
  std::vector<std::string> like_values, dislike_values;
  std::vector<std::string> consumed;  // item ids the user has seen / bought
  /// Items and values to forget from every list, history included.
  std::vector<std::string> forget;
  std::string summary;                // replaces the summary when not empty
  std::vector<std::string> dialogue;  // lines to append to the dialogue log
  /// The dialogue state of the user's conversation `session` (the brain's
  /// DialogueState as JSON text), stored in the same write as the rest of
  /// the update, replacing the one stored; "" = left as it is. The store
  /// does not read it.
  std::string session;
  std::string conversation;
  /// Erases the stored state of `session` (a reset).
  bool forget_conversation = false;

  bool empty() const;
};

/// Applies `u` to `p`: a like removes a dislike of the same thing and vice
/// versa; lists keep no duplicates and keep first-seen order; history only
/// grows except through `forget`. Sets created_ms (first time) and updated_ms.
void apply_update(Profile& p, const ProfileUpdate& u, int64_t now_ms);

/// A verdict on one item given without words (a channel's buttons).
enum class Feedback { liked, disliked, seen };

/// What a feedback teaches, exactly what the same words typed in the chat
/// teach: "I loved X" (liked -> like), "I didn't like X" (disliked ->
/// dislike), "I've seen X" (seen -> consumed); the dialogue log gets the
/// verdict as a line of the user's.
ProfileUpdate feedback_update(Feedback kind, const std::string& item_id, const std::string& title);

nlohmann::json profile_to_json(const Profile& p);
/// Throws std::runtime_error with a clear message on a malformed document.
Profile profile_from_json(const nlohmann::json& j);

nlohmann::json update_to_json(const ProfileUpdate& u);
ProfileUpdate update_from_json(const nlohmann::json& j);

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Profile& x) {
  return f(x.liked, x.disliked, x.wanted, x.liked_values, x.disliked_values, x.history, x.summary,
           x.created_ms, x.updated_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ProfileUpdate& x) {
  return f(x.like, x.dislike, x.want, x.like_values, x.dislike_values, x.consumed, x.forget,
           x.summary, x.dialogue, x.session, x.conversation, x.forget_conversation);
}

}  // namespace interec

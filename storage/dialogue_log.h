// The agent's dialogue log, kept per user in the profile store's
// "dialogue" column family (storage/profile_store.h): three lines a turn,
//   "user: TEXT"    what the user wrote,
//   "agent: REPLY"  what the agent answered,
//   "turn: {JSON}"  what the turn listed and learned (TurnLog below),
// so that a deployment can learn from its own conversations: `interec
// profile export-dialogs` turns the log into ReDial dialogues
// (storage/dialogue_export.h) for `train --model dialog`. Logs written
// before the "turn:" line existed hold only the first two.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interec {

/// What one turn showed and learned, by external item id.
struct TurnLog {
  std::string session;             // the conversation within the user's log
  int64_t at_ms = 0;               // unix time in milliseconds
  std::vector<std::string> shown;  // the items listed, in order
  std::vector<std::string> liked, disliked, seen;  // what the user's words taught

  bool operator==(const TurnLog& o) const;
};

/// The three lines of one turn.
std::vector<std::string> turn_lines(const std::string& user_text, const std::string& reply, const TurnLog& turn);

inline constexpr const char* kUserPrefix = "user: ";
inline constexpr const char* kAgentPrefix = "agent: ";
inline constexpr const char* kTurnPrefix = "turn: ";

/// The TurnLog of a "turn: ..." line; nullopt for any other line or a
/// malformed one (a log is never refused for one bad line).
std::optional<TurnLog> parse_turn_line(const std::string& line);

}  // namespace interec

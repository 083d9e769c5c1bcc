// The JSON form of a turn's reply, shared by every channel (CLI --json, the
// ZeroMQ protocol, the web chat).
#pragma once

#include <nlohmann/json.hpp>

#include "actors/messages.h"

namespace interec {

/// {"reply": "...", "items": [{"item_id": "...", "title": "...", "why": ["..."]}],
///  "plan": [...], "trace": [{"tool", "input", "before", "after", "ms"[, "error"]}]
///  [, "relaxed": [...]] [, "error": "code", "error_message": "what failed"]}
/// "error" is the ErrorCode's name (actors/error.h, docs/protocol.md).
/// Plan and step inputs are embedded as JSON (as text when not valid JSON).
nlohmann::json reply_to_json(const TurnReply& reply);

/// The reply text of such an answer with each listed item's reasons after
/// its line ("1. Heat (1995) — genres: Action; similar to Ronin (1998)"),
/// for text channels. Items whose line is not found are left alone.
std::string reply_with_reasons(const nlohmann::json& answer);

}  // namespace interec

#include "storage/dialogue_log.h"

#include <nlohmann/json.hpp>

namespace interec {
namespace {

using json = nlohmann::json;

std::vector<std::string> strings_at(const json& doc, const char* key) {
  std::vector<std::string> out;
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

bool TurnLog::operator==(const TurnLog& o) const {
  return session == o.session && at_ms == o.at_ms && shown == o.shown && liked == o.liked &&
         disliked == o.disliked && seen == o.seen;
}

std::vector<std::string> turn_lines(const std::string& user_text, const std::string& reply, const TurnLog& t) {
  json doc = {{"session", t.session}, {"at_ms", t.at_ms}, {"shown", t.shown}};
  if (!t.liked.empty()) doc["liked"] = t.liked;
  if (!t.disliked.empty()) doc["disliked"] = t.disliked;
  if (!t.seen.empty()) doc["seen"] = t.seen;
  return {kUserPrefix + user_text, kAgentPrefix + reply,
          kTurnPrefix + doc.dump(-1, ' ', false, json::error_handler_t::replace)};
}

std::optional<TurnLog> parse_turn_line(const std::string& line) {
  const std::string prefix = kTurnPrefix;
  if (line.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const json doc = json::parse(line.begin() + static_cast<std::ptrdiff_t>(prefix.size()), line.end(), nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  TurnLog t;
  if (const auto s = doc.find("session"); s != doc.end() && s->is_string()) t.session = s->get<std::string>();
  if (const auto a = doc.find("at_ms"); a != doc.end() && a->is_number_integer()) t.at_ms = a->get<int64_t>();
  t.shown = strings_at(doc, "shown");
  t.liked = strings_at(doc, "liked");
  t.disliked = strings_at(doc, "disliked");
  t.seen = strings_at(doc, "seen");
  return t;
}

}  // namespace interec

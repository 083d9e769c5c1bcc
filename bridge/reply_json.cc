#include "bridge/reply_json.h"

#include <algorithm>
#include <string>

namespace interec {
namespace {

nlohmann::json embed(const std::string& text) {
  if (text.empty()) return nullptr;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

}  // namespace

nlohmann::json reply_to_json(const TurnReply& reply) {
  nlohmann::json out;
  out["reply"] = reply.reply;
  out["items"] = nlohmann::json::array();
  for (const auto& item : reply.items)
    out["items"].push_back({{"item_id", item.item_id}, {"title", item.title}, {"why", item.why}});
  out["plan"] = reply.plan.empty() ? nlohmann::json::array() : embed(reply.plan);
  out["trace"] = nlohmann::json::array();
  for (const auto& step : reply.trace) {
    nlohmann::json s = {{"tool", step.tool},     {"input", embed(step.input)},
                        {"before", step.before}, {"after", step.after},
                        {"ms", step.ms}};
    if (step.error) s["error"] = step.error->message;
    out["trace"].push_back(std::move(s));
  }
  if (!reply.relaxed.empty()) out["relaxed"] = reply.relaxed;
  if (reply.error) {
    out["error"] = to_string(reply.error->code);
    out["error_message"] = reply.error->message;
  }
  return out;
}

std::string reply_with_reasons(const nlohmann::json& answer) {
  std::string text = answer.value("reply", "");
  const auto items = answer.find("items");
  if (items == answer.end() || !items->is_array()) return text;
  size_t n = 0;
  for (const auto& item : *items) {
    ++n;
    const auto why = item.find("why");
    if (why == item.end() || !why->is_array() || why->empty()) continue;
    const std::string line = std::to_string(n) + ". " + item.value("title", "");
    size_t at = text.rfind("\n" + line) != std::string::npos ? text.rfind("\n" + line) + 1
                : text.rfind(line, 0) == 0                   ? 0
                                                             : std::string::npos;
    if (at == std::string::npos) continue;
    std::string reasons;
    for (const auto& r : *why)
      if (r.is_string()) reasons += (reasons.empty() ? "" : "; ") + r.get<std::string>();
    const size_t end = std::min(text.find('\n', at), text.size());
    text.insert(end, " — " + reasons);
  }
  return text;
}

}  // namespace interec

#include "bridge/reply_json.h"

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
    out["items"].push_back({{"item_id", item.item_id}, {"title", item.title}});
  out["plan"] = reply.plan.empty() ? nlohmann::json::array() : embed(reply.plan);
  out["trace"] = nlohmann::json::array();
  for (const auto& step : reply.trace) {
    nlohmann::json s = {{"tool", step.tool},     {"input", embed(step.input)},
                        {"before", step.before}, {"after", step.after},
                        {"ms", step.ms}};
    if (!step.error.empty()) s["error"] = step.error;
    out["trace"].push_back(std::move(s));
  }
  if (!reply.relaxed.empty()) out["relaxed"] = reply.relaxed;
  if (reply.error) {
    out["error"] = to_string(reply.error->code);
    out["error_message"] = reply.error->message;
  }
  return out;
}

}  // namespace interec

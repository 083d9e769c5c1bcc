#include "actors/reply_writer.h"

#include <sstream>

#include "brain/dialogue/replies.h"

namespace interec {
namespace {

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

std::string write_reply(const BrainPlan& plan, const ExecResult& result, const Catalog& catalog,
                        const std::vector<std::string>& relaxed, size_t strict) {
  if (plan.state) {
    // A brain that keeps the conversation's state writes notes and says
    // what it could not meet (brain/dialogue/replies.h).
    const std::string error = result.error ? result.error->message : std::string();
    return dialogue::list_reply(catalog, plan, dialogue::ListOutcome{result.picked, result.texts, error, relaxed, strict});
  }
  if (plan.plan.answer) return *plan.plan.answer;
  std::ostringstream out;
  if (!result.texts.empty()) out << join(result.texts, "\n");
  if (result.error && result.picked.empty()) {
    if (!result.texts.empty()) out << "\n";
    out << failure_reply(*result.error);
    return out.str();
  }
  if (!result.picked.empty()) {
    if (!result.texts.empty()) out << "\n";
    if (!relaxed.empty() && strict > 0)
      out << "Only " << strict << " matched everything you asked (listed first); for more I relaxed: "
          << join(relaxed, "; ") << ".\n";
    else if (!relaxed.empty())
      out << "Nothing matched everything you asked, so I relaxed: " << join(relaxed, "; ")
          << ".\n";
    out << "Here " << (result.picked.size() == 1 ? "is 1 pick" : "are " + std::to_string(result.picked.size()) + " picks");
    if (!plan.understood.empty()) out << " for " << plan.understood;
    out << ":";
    size_t n = 0;
    for (ItemIndex i : result.picked) out << "\n" << ++n << ". " << catalog.title(i);
    // Strict picks of an earlier round survive a failing relaxed plan.
    if (result.error) out << "\n" << failure_reply(*result.error);
  } else if (result.texts.empty()) {
    out << "I found nothing";
    if (!plan.understood.empty()) out << " for " << plan.understood;
    if (!relaxed.empty()) out << ", even after relaxing: " << join(relaxed, "; ");
    out << ".";
  }
  return out.str();
}

std::string failure_reply(const Error& error) {
  return "Sorry, I could not finish that request: " + error.message + ".";
}

}  // namespace interec

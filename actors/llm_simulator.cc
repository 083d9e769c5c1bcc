#include "actors/llm_simulator.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "brain/llm/http_client.h"
#include "brain/llm/llm_chat.h"
#include "storage/text.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The paper's user names its recent history; more titles only lengthen the
// prompt.
constexpr size_t kHistoryTitles = 20;
// One or two facts fit in a few sentences; a longer answer is the model
// ignoring the rules (or rambling), not a user's message.
constexpr size_t kMaxMessageBytes = 1000;
constexpr int kMaxTokens = 300;
// The agent's replies can hold long lookup answers; the model needs the gist.
constexpr size_t kMaxReplyBytes = 1500;
// Dialogue messages kept after the system prompt (a long session would
// otherwise outgrow a model's context); always an even number, so that the
// dialogue still starts with the agent's side.
constexpr size_t kMaxDialogueMessages = 20;

constexpr const char* kHistoryHead = "Items you know, most recent last:";
constexpr const char* kFactsHead = "What you know about the item you want:";

std::string cut_reply(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // keep UTF-8 whole
  return s.substr(0, n) + "...";
}

void trim(std::string& t) { t = std::string(text::trim(t)); }

bool starts_with_nocase(const std::string& s, const std::string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(s[k])) != prefix[k]) return false;
  return true;
}

// The model's answer as a message for the agent, or "" with `why` set.
// Labels and quotes are forgiven (models add them despite the rules);
// anything that is not a short message in words is not.
std::string message_of(std::string t, std::string& why) {
  trim(t);
  for (const char* label : {"user:", "me:", "you:", "message:"})
    if (starts_with_nocase(t, label)) {
      t.erase(0, std::char_traits<char>::length(label));
      trim(t);
      break;
    }
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"\"", "\""}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}})
    if (t.size() >= open.size() + close.size() && t.compare(0, open.size(), open) == 0 &&
        t.compare(t.size() - close.size(), close.size(), close) == 0) {
      t = t.substr(open.size(), t.size() - open.size() - close.size());
      trim(t);
      break;
    }
  if (t.empty()) {
    why = "the language model's message was empty";
    return "";
  }
  if (t.size() > kMaxMessageBytes) {
    why = "the language model's message was over-long (" + std::to_string(t.size()) + " bytes)";
    return "";
  }
  const bool words = std::any_of(t.begin(), t.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); });
  if (!words || t.front() == '{' || t.front() == '[' || t.front() == '<') {
    why = "the language model's answer was not a message (" + cut_reply(t, 60) + ")";
    return "";
  }
  return t;
}

}  // namespace

LlmSimulator::LlmSimulator(std::shared_ptr<const Toolbox> box, const RulesSimulator& rules, LlmConfig config)
    : box_(std::move(box)), rules_(rules), config_(std::move(config)) {
  if (config_.url.empty())
    throw std::invalid_argument("the openai simulator needs an endpoint URL (--llm-url, or \"url\" in the config file)");
  check_llm_config(config_);
  http_ = std::make_shared<HttpClient>();
}

LlmSimulator::~LlmSimulator() = default;

std::string LlmSimulator::system_prompt(const SimulatedUser& user) const {
  const Catalog& catalog = *box_->dataset->catalog;
  std::string out =
    "You are a user chatting with a recommender system. You want one particular item from its catalog. "
    "You do not know its name: you only know what it is like (below), and you want the recommender to find it.\n\n";
  const size_t from = user.history.size() > kHistoryTitles ? user.history.size() - kHistoryTitles : 0;
  if (from == user.history.size()) {
    out += "Items you know: none yet.\n\n";
  } else {
    out += std::string(kHistoryHead) + "\n";
    for (size_t k = from; k < user.history.size(); ++k) ((out += "- ") += catalog.title(user.history[k])) += "\n";
    out += "\n";
  }
  out += std::string(kFactsHead) + "\n";
  for (const Clue& clue : user.clues)
    out += "- " + (clue.kind == Clue::similar ? "it is a bit like " + clue.phrase + ", which you know" : clue.phrase) +
           "\n";
  if (user.clues.empty()) out += "- nothing in particular: ask for recommendations\n";
  out +=
    "\nRules:\n"
    "- Describe the item you want only with the facts above. Never say its name or title, and never guess it.\n"
    "- Give one or two new facts per message, never all of them at once.\n"
    "- When the recommender shows items and the one you want is not among them, say they are not what you "
    "want, with a reason taken from the facts above, and give a new fact.\n"
    "- When the recommender asks you something, answer with the facts above.\n"
    "- Answer with your message to the recommender only: no quotes, no labels, no explanations, a few "
    "sentences at most.";
  return out;
}

LlmConversation LlmSimulator::start(const SimulatedUser& user) const {
  LlmConversation c;
  c.messages = json::array({{{"role", "system"}, {"content", system_prompt(user)}},
                            {{"role", "user"},
                             {"content", "The recommender system is ready. Write your first message to it."}}});
  c.rng.seed(static_cast<std::mt19937::result_type>(std::random_device{}()));
  return c;
}

void LlmSimulator::heard(LlmConversation& c, const std::string& reply, const std::vector<std::string>& titles) {
  std::string text = "The recommender system answered: " + cut_reply(reply, kMaxReplyBytes);
  if (titles.empty()) {
    text += "\nIt showed no items.";
  } else {
    text += "\nItems shown:";
    for (size_t k = 0; k < titles.size(); ++k) text += (k ? "; " : " ") + std::to_string(k + 1) + ". " + titles[k];
  }
  c.messages.push_back({{"role", "user"}, {"content", text}});
  // Drop the oldest (agent, user) pairs; the system prompt stays.
  while (c.messages.size() > 1 + kMaxDialogueMessages) c.messages.erase(c.messages.begin() + 1, c.messages.begin() + 3);
}

bool LlmSimulator::says_title(const SimulatedUser& user, const std::string& text) const {
  const Catalog& catalog = *box_->dataset->catalog;
  // What the model may say for other reasons: the facts it was given and the
  // titles it knows.
  std::vector<std::string> known;
  for (const Clue& clue : user.clues) {
    known.push_back(clue.phrase);
    if (clue.kind == Clue::value) known.push_back(clue.text);
    if (clue.kind == Clue::similar) known.emplace_back(catalog.title(clue.item));
  }
  const size_t from = user.history.size() > kHistoryTitles ? user.history.size() - kHistoryTitles : 0;
  for (size_t k = from; k < user.history.size(); ++k) known.emplace_back(catalog.title(user.history[k]));
  return rules_.names_target(user.target, text, known);
}

LlmUtterance LlmSimulator::next(LlmConversation& c, const SimulatedUser& user, const std::string& rules_text) const {
  LlmUtterance out;
  std::string why;
  std::optional<std::string> text;
  try {
    const auto deadline = Clock::now() + config_.plan_budget;
    const int max_tokens = config_.max_tokens > 0 ? std::min(config_.max_tokens, kMaxTokens) : kMaxTokens;
    auto send = [this](HttpRequest r) { return http_->send_sync(std::move(r)); };
    auto ask = [&](const json& messages) -> std::optional<std::string> {
      ChatResult r = chat_sync(send, config_, messages, deadline, c.rng, max_tokens);
      if (!r.ok) {
        why = r.error;
        return std::nullopt;
      }
      std::string m = message_of(r.content, why);
      if (m.empty()) return std::nullopt;
      return m;
    };
    text = ask(c.messages);
    if (text && says_title(user, *text)) {
      ++out.leaks_caught;
      // The model has guessed the item; telling it the name it must avoid
      // is the best chance of a usable second answer.
      json again = c.messages;
      again.push_back({{"role", "assistant"}, {"content", *text}});
      again.push_back({{"role", "user"},
                       {"content", "Your message names the item you are looking for (\"" +
                                     std::string(box_->dataset->catalog->title(user.target)) +
                                     "\"). The recommender must find it from what it is like: write your "
                                     "message again without that name."}});
      text = ask(again);
      if (text && says_title(user, *text)) {
        ++out.leaks_caught;
        why = "the language model said the target's title again after a correction";
        text.reset();
      }
    }
  } catch (const std::exception& e) {
    why = std::string("the simulator failed: ") + e.what();
    text.reset();
  }
  if (text) {
    out.text = std::move(*text);
  } else {
    out.fallback = true;
    out.why = why;
    out.text = rules_text;
  }
  c.messages.push_back({{"role", "assistant"}, {"content", out.text}});
  return out;
}

}  // namespace interec

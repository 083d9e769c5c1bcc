// The LLM user of `interec eval simulate --simulator openai`: a language
// model plays the simulated user, prompted as in the InteRecAgent paper
// (arXiv 2308.16505) with the user's history and the target's attributes.
// The facts come from RulesSimulator::start() (so both simulators know the
// same ones), acceptance stays programmatic (RulesSimulator::accepts), and a
// message that says the target's title never reaches the agent: it is asked
// for once more, then replaced by the rules simulator's utterance, as is a
// failed call. docs/evaluation.md describes the protocol.
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/llm_config.h"
#include "tools/eval/simulator.h"

namespace interec {

class HttpClient;
struct Toolbox;

/// One conversation of the LLM user: the dialogue as the model reads it.
struct LlmConversation {
  /// The system prompt, then alternating turns: "user" = what the agent said
  /// (an opening cue first), "assistant" = what the simulated user said.
  nlohmann::json messages;
  std::mt19937 rng;  // retry jitter
};

/// The simulated user's message of one turn.
struct LlmUtterance {
  std::string text;         // what goes to the agent; never says the target's title
  size_t leaks_caught = 0;  // answers of the model stopped for saying the title (0-2)
  bool fallback = false;    // `text` is the rules simulator's utterance
  std::string why;          // the reason, when fallback
};

class LlmSimulator {
 public:
  /// `rules` (which must outlive this) supplies the leak test; `box` the
  /// titles. Throws std::invalid_argument for a config without an http(s)
  /// URL. Starts its own HTTP I/O thread.
  LlmSimulator(std::shared_ptr<const Toolbox> box, const RulesSimulator& rules, LlmConfig config);
  ~LlmSimulator();
  LlmSimulator(const LlmSimulator&) = delete;
  LlmSimulator& operator=(const LlmSimulator&) = delete;

  const LlmConfig& config() const { return config_; }

  /// The system prompt for `user` (made by RulesSimulator::start): the last
  /// 20 titles of its history, the target's attributes (the clue phrases,
  /// never the title) and the rules of the game.
  std::string system_prompt(const SimulatedUser& user) const;

  /// A conversation for `user` before its first message.
  LlmConversation start(const SimulatedUser& user) const;

  /// The user's next message, added to the conversation. Asks the model; an
  /// answer that says the target's title is asked for once more with a
  /// correction. "Says the title": RulesSimulator::says_title, or the title
  /// without its article ("Lost World: Jurassic Park") or an alternate title
  /// ("Se7en"); a one-word form counts only outside the clue values and the
  /// titles the user knows (RulesSimulator::leak_exempt). When it still does, or the
  /// call fails (time-out, HTTP error after the retries, an empty, garbage
  /// or over-long answer, LlmConfig::plan_budget spent), the message is
  /// `rules_text`. Blocks the calling thread on HTTP: call it from a plain
  /// thread, never from an actor handler. Thread-safe for distinct
  /// conversations.
  LlmUtterance next(LlmConversation& conversation, const SimulatedUser& user,
                    const std::string& rules_text) const;

  /// Adds what the agent answered (its reply and the titles it showed) to
  /// the conversation, for the next message.
  static void heard(LlmConversation& conversation, const std::string& reply,
                    const std::vector<std::string>& titles);

 private:
  bool says_title(const SimulatedUser& user, const std::string& text) const;

  std::shared_ptr<const Toolbox> box_;
  const RulesSimulator& rules_;
  LlmConfig config_;
  std::shared_ptr<HttpClient> http_;
};

}  // namespace interec

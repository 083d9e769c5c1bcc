// One simulated conversation as `eval simulate` drives it, whoever plays the
// user (the rules user, the paraphrasing user, a language model): the user
// speaks, the agent (or a baseline) answers with a list, the user speaks
// again, until the target is in the top k or the turns run out. Acceptance is
// programmatic (target_in_top_k), never the simulator's judgement.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "tools/eval/clue_columns.h"
#include "tools/eval/simulator.h"

namespace interec {

/// What the agent answered to the user's last message.
struct AgentAnswer {
  std::string reply;             // the text of the answer
  std::vector<ItemIndex> items;  // the items shown, in order
};

/// True when `target` is among the first `k` of `shown`.
bool target_in_top_k(ItemIndex target, const std::vector<ItemIndex>& shown, size_t k);

class SimulatedConversation {
 public:
  virtual ~SimulatedConversation() = default;

  /// The user's next message. `last` is the agent's answer to the previous
  /// one (null before the first message). Never says the target's title.
  virtual std::string next(const AgentAnswer* last) = 0;

  /// Every fact the user has stated so far, in structured form, each true of
  /// the target: what the naive agent filters by (it reads no text, so it
  /// never misreads a clue).
  virtual const std::vector<Clue>& stated() const = 0;

  /// The agent's answer to the last message of the conversation, which
  /// next() never sees (the default ignores it).
  virtual void finish(const AgentAnswer& last) {}

  /// A note on the last message for transcripts ("" when none).
  virtual std::string last_note() const { return {}; }
};

/// The rules user (RulesSimulator) as a conversation: its utterances do not
/// depend on the answers.
class RulesConversation final : public SimulatedConversation {
 public:
  /// `sim` must outlive the conversation. The clues and their order depend
  /// only on `rng` (the session's generator).
  RulesConversation(const RulesSimulator& sim, ItemIndex target, std::vector<ItemIndex> history,
                    std::mt19937_64 rng);

  std::string next(const AgentAnswer* last) override;
  const std::vector<Clue>& stated() const override { return stated_; }

  /// The user, with every fact it knows (the LLM user is told the same).
  const SimulatedUser& user() const { return user_; }

 private:
  const RulesSimulator& sim_;
  SimulatedUser user_;
  std::mt19937_64 rng_;
  std::vector<Clue> stated_;
};

}  // namespace interec

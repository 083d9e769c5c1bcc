// The `openai` brain without its I/O: it writes the requests for an
// OpenAI-compatible endpoint (plan-first prompt, critic, reply writer) and
// reads the answers. The actors in actors/llm_planner.h do the HTTP, the
// retries and the time-outs, so this half is plain C++ and testable alone.
// Thread-safe after construction (all members const), so one instance
// serves every planner actor.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "brain/brain.h"
#include "brain/llm/demonstrations.h"
#include "brain/llm/sql_grounding.h"
#include "config/llm_config.h"
#include "config/resources.h"

namespace interec {

struct Toolbox;
class RulesBrain;

/// One HTTP POST to the endpoint.
struct LlmCall {
  std::string url;
  std::vector<std::string> headers;
  std::string body;
};

struct ChatContent {
  bool ok = false;
  std::string content;  // the message content (may be empty)
  std::string error;    // why the body is unusable ("not JSON", the API's error)
};

struct PlanAttempt {
  bool ok = false;
  BrainPlan plan;
  std::string error;                 // for the model, when !ok
  std::vector<std::string> repairs;  // names mapped, SQL grounded
};

class LlmBrain {
 public:
  /// `demos` null = loaded from config.demos_path ("" = the pool in
  /// `resources`), whose synonyms the brain's rules read too. Throws
  /// DemoError when the pool cannot be read, ResourceError when a resource
  /// file is missing.
  LlmBrain(std::shared_ptr<const Toolbox> box, LlmConfig config, const Resources& resources = Resources(),
           std::shared_ptr<const Demonstrations> demos = nullptr);
  ~LlmBrain();

  const LlmConfig& config() const { return config_; }
  const Demonstrations& demonstrations() const { return *demos_; }
  const SqlGrounder& grounder() const { return *grounder_; }
  const RulesBrain& rules() const { return *rules_; }

  /// Embedding vectors of the demonstrations (all() order), from the
  /// endpoint's /embeddings; set once before the brain is shared.
  void set_demo_vectors(std::vector<std::vector<float>> vectors);
  bool has_demo_vectors() const { return !demo_vectors_.empty(); }

  LlmCall chat_call(const nlohmann::json& messages, int max_tokens = 0) const;
  LlmCall embeddings_call(const std::vector<std::string>& inputs) const;
  /// Never throws.
  static ChatContent read_chat(const std::string& body);
  /// One vector per input, or nullopt when the body is not an embeddings answer.
  static std::optional<std::vector<std::vector<float>>> read_embeddings(const std::string& body);

  /// The demonstrations chosen for a request (indices into all()).
  std::vector<size_t> chosen_demos(const std::string& request,
                                   const std::vector<float>* query_vector = nullptr) const;
  /// The plan-first prompt: system (tools, answer format, the catalog's
  /// schema with values nearest the request) and user (demonstrations,
  /// profile, dialogue, critic advice, the request).
  nlohmann::json plan_messages(const BrainRequest& request,
                               const std::vector<float>* query_vector = nullptr) const;
  /// The schema part of the prompt for a request.
  std::string schema_text(const std::string& request) const;
  /// Reads a plan from the model's content: repairs it, grounds its SQL,
  /// and takes what the message says about lasting tastes from the rules
  /// parser. Never throws.
  PlanAttempt interpret_plan(const std::string& content, const BrainRequest& request) const;
  /// Appends the model's unusable answer and what was wrong with it, so the
  /// next call asks the model to fix its own answer.
  static void add_repair(nlohmann::json& messages, const std::string& content, const std::string& error);
  /// The rules brain's plan, marked as a fallback with `why`.
  BrainPlan fallback(const BrainRequest& request, const std::string& why) const;

  /// The critic's prompt: request, plan, tool trace and answer.
  nlohmann::json critic_messages(const std::string& request, const BrainPlan& plan,
                                 const std::vector<StepTrace>& trace, const std::string& answer) const;
  /// The verdict in a critic's content; nullopt when it says neither yes nor
  /// no (a leading "yes"/"no" or JSON {"accept": ...}; a "yes" somewhere in
  /// the text is not a yes). Advice for the planner includes the plan it
  /// is about.
  static std::optional<Reflection> read_critic(const std::string& content, const BrainPlan& plan);

  /// The reply writer's prompt (reply style "llm"): the request and the
  /// template reply, whose facts the model must keep.
  nlohmann::json compose_messages(const std::string& request, const std::string& draft) const;
  /// The model's reply if usable (non-empty, bounded), else `draft`.
  static std::string read_compose(const ChatContent& content, const std::string& draft);

 private:
  std::string profile_text(const UserContext& user) const;
  std::string dialogue_text(const std::vector<std::string>& dialogue) const;

  std::shared_ptr<const Toolbox> box_;
  LlmConfig config_;
  std::shared_ptr<const RulesBrain> rules_;
  std::shared_ptr<const Demonstrations> demos_;
  std::unique_ptr<SqlGrounder> grounder_;
  std::vector<std::vector<float>> demo_vectors_;
  std::string system_head_;  // tools and format: the same for every request
  struct Schema;
  std::unique_ptr<Schema> schema_;
};

}  // namespace interec

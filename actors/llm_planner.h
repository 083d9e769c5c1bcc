// The `openai` brain as actors. One actor type answers the three questions
// the session asks of a language model, each asynchronously (the response
// promise is delivered when the HTTP exchange ends): it is a PlannerActor
// (plans; compose rewrites the reply) and a ReflectorActor (the critic).
// Promises: every request is answered, within LlmConfig::plan_budget plus
// scheduling noise. Time-outs, refused connections, 429, 5xx and unreadable
// bodies are retried with exponential back-off and jitter; an unusable plan
// goes back to the model with what was wrong (repair_rounds times); after
// that the plan comes from the rules brain with BrainPlan::fallback saying
// why, the critic accepts, and the reply writer keeps the template reply.
// HTTP runs on the HttpClient's own thread: no scheduler thread ever waits.
#pragma once

#include <memory>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "actors/planner.h"
#include "actors/reflector.h"

namespace interec {

class LlmBrain;
class HttpClient;
struct LlmConfig;

/// Planner and critic in one. The further messages are the actor's own:
/// HTTP answers handed back from the HTTP thread, retry and deadline timers.
using LlmActor = PlannerActor::extend_with<ReflectorActor>::extend<
  caf::reacts_to<atoms::llm_reply_atom, uint64_t, int64_t, std::string, std::string, int64_t>,
  caf::reacts_to<atoms::llm_retry_atom, uint64_t>, caf::reacts_to<atoms::llm_deadline_atom, uint64_t>>;

/// What the LLM planner offers: a critic that reads the reply, and the reply
/// rewritten by the model when `config.reply_style` is "llm".
PlannerOffers llm_offers(const LlmConfig& config);

/// Spawns `instances` LLM actors behind one round-robin handle; use it as
/// both the planner and the reflector of an agent.
LlmActor spawn_llm_planner(caf::actor_system& sys, std::shared_ptr<const LlmBrain> brain,
                           std::shared_ptr<HttpClient> http, size_t instances);

/// Asks the endpoint's /embeddings for the demonstrations' vectors and
/// stores them in `brain` (blocking: call before the brain is shared, never
/// from an actor). Returns "" on success, else why TF-IDF stays in use.
std::string load_demo_vectors(LlmBrain& brain, HttpClient& http);

}  // namespace interec

// The `openai` brain as actors. One actor type answers the three questions
// the session asks of a language model, each asynchronously (the response
// promise is delivered when the HTTP exchange ends):
//   (plan_atom, BrainRequest) -> BrainPlan
//   (reflect_atom, BrainPlan, std::vector<StepTrace>, uint64_t picked,
//    std::string request, std::string answer) -> Reflection   (the critic)
//   (compose_atom, std::string request, std::string draft) -> std::string
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

namespace interec {

class LlmBrain;
class HttpClient;

/// Spawns `instances` LLM actors behind one round-robin handle; use it as
/// both the planner and the reflector of an agent.
caf::actor spawn_llm_planner(caf::actor_system& sys, std::shared_ptr<const LlmBrain> brain,
                             std::shared_ptr<HttpClient> http, size_t instances);

/// Asks the endpoint's /embeddings for the demonstrations' vectors and
/// stores them in `brain` (blocking: call before the brain is shared, never
/// from an actor). Returns "" on success, else why TF-IDF stays in use.
std::string load_demo_vectors(LlmBrain& brain, HttpClient& http);

}  // namespace interec

#include "actors/llm_planner.h"

#include <functional>
#include <random>
#include <unordered_map>

#include "brain/llm/llm_brain.h"
#include "brain/llm/http_client.h"
#include "brain/llm/llm_chat.h"
#include "actors/pool.h"

namespace interec {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// One conversation with the endpoint: a chat call and its retries and
// repairs, or one embeddings call. Exactly one of on_content / on_fail /
// on_embedding finishes it.
struct Exchange {
  json messages;
  std::vector<std::string> embed_inputs;  // non-empty: an embeddings call
  size_t attempt = 0;                     // retries used
  size_t repairs = 0;                     // unusable answers sent back
  Clock::time_point deadline;
  /// True when done; false after extending `messages` for another round.
  std::function<bool(Exchange&, const std::string& content)> on_content;
  std::function<void(const std::string& why)> on_fail;
  std::function<void(std::optional<std::vector<float>>)> on_embedding;
};

struct LlmState {
  std::shared_ptr<const LlmBrain> brain;
  std::shared_ptr<HttpClient> http;
  std::unordered_map<uint64_t, Exchange> open;
  uint64_t next_id = 1;
  std::mt19937 rng{std::random_device{}()};
};

using PlannerSelf = LlmActor::stateful_pointer<LlmState>;

void post(PlannerSelf self, uint64_t id);

void fail_plan(PlannerSelf self, uint64_t id, const std::string& why) {
  auto it = self->state.open.find(id);
  if (it == self->state.open.end()) return;
  Exchange ex = std::move(it->second);
  self->state.open.erase(it);
  if (ex.on_fail) ex.on_fail(why);
  else if (ex.on_embedding) ex.on_embedding(std::nullopt);
}

uint64_t start(PlannerSelf self, Exchange ex) {
  const uint64_t id = self->state.next_id++;
  const auto budget = std::chrono::duration_cast<std::chrono::milliseconds>(ex.deadline - Clock::now());
  self->state.open.emplace(id, std::move(ex));
  self->delayed_send(self, std::max(budget, std::chrono::milliseconds(0)), atoms::llm_deadline_atom_v, id);
  post(self, id);
  return id;
}

void post(PlannerSelf self, uint64_t id) {
  auto it = self->state.open.find(id);
  if (it == self->state.open.end()) return;
  const Exchange& ex = it->second;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(ex.deadline - Clock::now());
  if (left.count() <= 0) {
    fail_plan(self, id, "the language model gave no usable answer in time");
    return;
  }
  const LlmBrain& brain = *self->state.brain;
  LlmCall call = ex.embed_inputs.empty() ? brain.chat_call(ex.messages) : brain.embeddings_call(ex.embed_inputs);
  HttpRequest request = llm_http_request(std::move(call), brain.config(), left);
  // The callback runs on the HTTP thread: it only hands the result back.
  auto handle = caf::actor_cast<LlmActor>(self);
  self->state.http->send(std::move(request), [handle, id](HttpResponse r) {
    caf::anon_send(handle, atoms::llm_reply_atom_v, id, static_cast<int64_t>(r.status),
                   std::move(r.body), std::move(r.error), static_cast<int64_t>(r.retry_after_ms));
  });
}

void retry_or_fail(PlannerSelf self, uint64_t id, std::string why, int64_t retry_after_ms) {
  auto it = self->state.open.find(id);
  if (it == self->state.open.end()) return;
  Exchange& ex = it->second;
  if (!ex.embed_inputs.empty()) {
    fail_plan(self, id, why);
    return;
  }
  const auto wait = next_retry(self->state.brain->config(), ex.attempt, static_cast<long>(retry_after_ms),
                               ex.deadline, self->state.rng, why);
  if (!wait) {
    fail_plan(self, id, why);
    return;
  }
  self->delayed_send(self, *wait, atoms::llm_retry_atom_v, id);
}

void on_reply(PlannerSelf self, uint64_t id, int64_t status, const std::string& body, const std::string& error,
              int64_t retry_after_ms) {
  auto it = self->state.open.find(id);
  if (it == self->state.open.end()) return;  // already timed out
  if (!it->second.embed_inputs.empty()) {
    std::optional<std::vector<float>> vector;
    if (status == 200 && error.empty())
      if (auto v = LlmBrain::read_embeddings(body); v && v->size() == 1) vector = std::move(v->front());
    Exchange ex = std::move(it->second);
    self->state.open.erase(it);
    ex.on_embedding(std::move(vector));
    return;
  }
  ChatVerdict v = judge_chat_exchange(static_cast<long>(status), body, error, static_cast<long>(retry_after_ms));
  if (v.kind == ChatVerdict::Kind::retry) {
    retry_or_fail(self, id, std::move(v.why), v.retry_after_ms);
    return;
  }
  if (v.kind == ChatVerdict::Kind::fail) {
    fail_plan(self, id, v.why);
    return;
  }
  Exchange& ex = it->second;
  if (ex.on_content(ex, v.content)) self->state.open.erase(id);
  else post(self, id);
}

Clock::time_point deadline_for(PlannerSelf self) { return Clock::now() + self->state.brain->config().plan_budget; }

void plan_with(PlannerSelf self, const BrainRequest& request, caf::typed_response_promise<BrainPlan> rp,
               const std::vector<float>* query_vector, Clock::time_point deadline) {
  auto brain = self->state.brain;
  Exchange ex;
  ex.messages = brain->plan_messages(request, query_vector);
  ex.deadline = deadline;
  ex.on_content = [brain, request, rp](Exchange& ex, const std::string& content) mutable {
    PlanAttempt a = brain->interpret_plan(content, request);
    if (a.ok) {
      rp.deliver(std::move(a.plan));
      return true;
    }
    if (ex.repairs < brain->config().repair_rounds) {
      ++ex.repairs;
      LlmBrain::add_repair(ex.messages, content, a.error);
      return false;
    }
    rp.deliver(brain->fallback(request, "the language model's plans were unusable (" + a.error + ")"));
    return true;
  };
  ex.on_fail = [brain, request, rp](const std::string& why) mutable {
    rp.deliver(brain->fallback(request, why));
  };
  start(self, std::move(ex));
}

LlmActor::behavior_type llm_actor(PlannerSelf self, std::shared_ptr<const LlmBrain> brain, std::shared_ptr<HttpClient> http) {
  self->state.brain = std::move(brain);
  self->state.http = std::move(http);
  return {
    [=](atoms::plan_atom, const BrainRequest& request) -> caf::result<BrainPlan> {
      auto brain = self->state.brain;
      try {
        if (!request.relax.empty())
          // Only a rules plan has conditions to relax: this turn already fell back.
          return brain->fallback(request, "the language model was unavailable earlier in this turn");
        auto rp = self->make_response_promise<BrainPlan>();
        const auto deadline = deadline_for(self);
        if (!brain->has_demo_vectors()) {
          plan_with(self, request, rp, nullptr, deadline);
          return rp;
        }
        Exchange ex;
        ex.embed_inputs = {request.text};
        ex.deadline = std::min(deadline, Clock::now() + brain->config().call_timeout);
        ex.on_embedding = [self, request, rp, deadline](std::optional<std::vector<float>> v) {
          try {
            plan_with(self, request, rp, v ? &*v : nullptr, deadline);
          } catch (const std::exception& e) {
            auto copy = rp;
            copy.deliver(self->state.brain->fallback(request, e.what()));
          }
        };
        start(self, std::move(ex));
        return rp;
      } catch (const std::exception& e) {
        return brain->fallback(request, std::string("the language model brain failed: ") + e.what());
      }
    },
    [=](atoms::reflect_atom, const ReflectRequest& r) -> caf::result<Reflection> {
      try {
        const BrainPlan& plan = r.plan;
        // A rules plan is judged by the rules: the model is not answering.
        if (!plan.fallback.empty()) return reflect_by_rules(plan, r.trace, r.picked);
        auto rp = self->make_response_promise<Reflection>();
        auto brain = self->state.brain;
        Exchange ex;
        ex.messages = brain->critic_messages(r.request, plan, r.trace, r.answer);
        ex.deadline = deadline_for(self);
        ex.on_content = [plan, rp](Exchange& ex, const std::string& content) mutable {
          if (auto verdict = LlmBrain::read_critic(content, plan)) {
            rp.deliver(std::move(*verdict));
            return true;
          }
          if (ex.repairs++ < 1) {
            LlmBrain::add_repair(ex.messages, content,
                                 "Answer with only {\"accept\": true} or {\"accept\": false, \"advice\": \"...\"}.");
            return false;
          }
          rp.deliver(Reflection{});  // no verdict: keep the answer
          return true;
        };
        // A critic that cannot be reached must not block the reply.
        ex.on_fail = [rp](const std::string&) mutable { rp.deliver(Reflection{}); };
        start(self, std::move(ex));
        return rp;
      } catch (const std::exception&) {
        return Reflection{};
      }
    },
    [=](atoms::compose_atom, const std::string& request, const std::string& draft) -> caf::result<std::string> {
      try {
        auto rp = self->make_response_promise<std::string>();
        auto brain = self->state.brain;
        Exchange ex;
        ex.messages = brain->compose_messages(request, draft);
        ex.deadline = deadline_for(self);
        ex.on_content = [draft, rp](Exchange&, const std::string& content) mutable {
          ChatContent c;
          c.ok = true;
          c.content = content;
          rp.deliver(LlmBrain::read_compose(c, draft));
          return true;
        };
        ex.on_fail = [draft, rp](const std::string&) mutable { rp.deliver(draft); };
        start(self, std::move(ex));
        return rp;
      } catch (const std::exception&) {
        return draft;
      }
    },
    [=](atoms::llm_reply_atom, uint64_t id, int64_t status, const std::string& body, const std::string& error,
        int64_t retry_after_ms) {
      try {
        on_reply(self, id, status, body, error, retry_after_ms);
      } catch (const std::exception& e) {
        fail_plan(self, id, std::string("the language model's answer could not be handled: ") + e.what());
      }
    },
    [=](atoms::llm_retry_atom, uint64_t id) {
      try {
        post(self, id);
      } catch (const std::exception& e) {
        fail_plan(self, id, e.what());
      }
    },
    [=](atoms::llm_deadline_atom, uint64_t id) {
      fail_plan(self, id, "the language model gave no usable answer within " +
                       std::to_string(self->state.brain->config().plan_budget.count()) + " ms");
    },
  };
}

}  // namespace

PlannerOffers llm_offers(const LlmConfig& config) {
  PlannerOffers offers;
  offers.brain = "openai";
  offers.composes_replies = config.reply_style == "llm";
  offers.critic_reads_answer = true;
  return offers;
}

LlmActor spawn_llm_planner(caf::actor_system& sys, std::shared_ptr<const LlmBrain> brain,
                           std::shared_ptr<HttpClient> http, size_t instances) {
  return spawn_pool(sys, instances, [&sys, brain, http] { return sys.spawn(llm_actor, brain, http); });
}

std::string load_demo_vectors(LlmBrain& brain, HttpClient& http) {
  std::vector<std::string> inputs;
  for (const auto& d : brain.demonstrations().all()) inputs.push_back(d.request);
  LlmCall call = brain.embeddings_call(inputs);
  HttpRequest request{call.url, call.headers, call.body, brain.config().call_timeout,
                      brain.config().max_response_bytes};
  HttpResponse r = http.send_sync(std::move(request));
  if (!r.error.empty()) return r.error;
  if (r.status != 200) return "HTTP " + std::to_string(r.status);
  auto vectors = LlmBrain::read_embeddings(r.body);
  if (!vectors || vectors->size() != inputs.size()) return "not an embeddings answer";
  brain.set_demo_vectors(std::move(*vectors));
  return "";
}

}  // namespace interec

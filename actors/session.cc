#include "actors/session.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "actors/messages.h"
#include "actors/reply_writer.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

// One turn in flight: everything its continuations need.
struct Turn {
  TurnRequest request;
  caf::typed_response_promise<TurnReply> promise;
  BrainRequest brain;
  BrainPlan plan;
  ExecResult result;
  size_t round = 0;
  /// Picks that matched stricter conditions before reflection relaxed one;
  /// they stay first, and the relaxed plan only fills up behind them.
  std::vector<ItemIndex> strict;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Thousands of sessions sit idle at once, so the state stays small: vectors
// (an empty std::deque already allocates ~600 bytes), nothing reserved.
struct SessionState {
  std::shared_ptr<const SessionDeps> deps;
  std::vector<std::string> dialogue;
  std::vector<ItemIndex> shown;
  std::vector<std::shared_ptr<Turn>> queue;
  std::shared_ptr<Turn> current;  // the turn in flight, if any
  caf::actor_addr router;         // told when idle; null = never evicted
  uint64_t received = 0;          // turns received, compared by the router
  uint64_t idle_timer = 0;        // generation of the latest idle timer
  bool busy = false;
};

using Self = caf::stateful_actor<SessionState>;

void start_next(Self* self);

void finish(Self* self, const std::shared_ptr<Turn>& turn, TurnReply reply) {
  auto& st = self->state;
  st.dialogue.push_back("user: " + turn->request.text);
  st.dialogue.push_back("agent: " + reply.reply);
  const size_t keep = 2 * st.deps->config.dialogue_turns;
  if (st.dialogue.size() > keep) st.dialogue.erase(st.dialogue.begin(), st.dialogue.end() - keep);
  st.shown.insert(st.shown.end(), turn->result.picked.begin(), turn->result.picked.end());
  if (st.shown.size() > st.deps->config.shown_memory)
    st.shown.erase(st.shown.begin(), st.shown.end() - st.deps->config.shown_memory);
  turn->promise.deliver(std::move(reply));
  st.current.reset();
  st.busy = false;
  start_next(self);
}

void fail(Self* self, const std::shared_ptr<Turn>& turn, const std::string& code,
          const std::string& why) {
  TurnReply reply;
  reply.error = code;
  reply.reply = "Sorry, I could not finish that request: " + why + ". Please try again.";
  reply.trace = turn->result.trace;
  turn->result.picked.clear();
  finish(self, turn, std::move(reply));
}

void remember_and_finish(Self* self, const std::shared_ptr<Turn>& turn, TurnReply reply);

void complete(Self* self, const std::shared_ptr<Turn>& turn) {
  const auto& deps = *self->state.deps;
  const auto& catalog = *deps.box->dataset->catalog;
  TurnReply reply;
  reply.relaxed = turn->brain.relax;
  reply.reply = write_reply(turn->plan, turn->result, catalog, reply.relaxed, turn->strict.size());
  for (ItemIndex i : turn->result.picked) reply.items.push_back({catalog.id(i), catalog.title(i)});
  reply.plan = plan_to_json(turn->plan.plan).dump();
  reply.trace = std::move(turn->result.trace);
  if (!turn->plan.fallback.empty()) {
    // The user and the trace learn that the configured brain was not used.
    reply.reply += "\n(The language model was unavailable: " + turn->plan.fallback +
                   "; I answered with the built-in rules.)";
    StepTrace note;
    note.tool = "brain";
    note.input = nlohmann::json{{"planned_by", "rules"}, {"instead_of", deps.config.brain},
                                {"reason", turn->plan.fallback}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    reply.trace.insert(reply.trace.begin(), std::move(note));
  }
  if (deps.config.brain == "openai" && deps.config.llm.reply_style == "llm" &&
      turn->plan.fallback.empty() && !turn->plan.plan.answer) {
    // The model rewrites the template reply; on any failure the template stays.
    auto shared = std::make_shared<TurnReply>(std::move(reply));
    self->request(deps.planner, deps.config.turn_timeout, atoms::compose_atom_v, turn->request.text,
                  shared->reply)
      .then(
        [=](std::string& text) {
          shared->reply = std::move(text);
          remember_and_finish(self, turn, std::move(*shared));
        },
        [=](caf::error&) { remember_and_finish(self, turn, std::move(*shared)); });
    return;
  }
  remember_and_finish(self, turn, std::move(reply));
}

void remember_and_finish(Self* self, const std::shared_ptr<Turn>& turn, TurnReply reply) {
  const auto& deps = *self->state.deps;
  ProfileUpdate update = turn->plan.learned;
  const bool learned = !update.empty();
  update.dialogue = {"user: " + turn->request.text, "agent: " + reply.reply};
  auto remember = self->request(deps.memory, deps.config.step_timeout, atoms::remember_atom_v,
                                turn->request.channel, turn->request.user, std::move(update));
  if (!learned) {
    // Only the dialogue log: written durably, but the reply need not wait.
    remember.then([](std::string&) {}, [](caf::error&) {});
    finish(self, turn, std::move(reply));
    return;
  }
  // The user told us something lasting: acknowledge only once it is durable.
  auto shared = std::make_shared<TurnReply>(std::move(reply));
  remember.then(
    [=](std::string& error) {
      if (!error.empty())
        shared->reply += "\n(I could not save what you told me about your tastes: " + error + ")";
      finish(self, turn, std::move(*shared));
    },
    [=](caf::error& err) {
      shared->reply += "\n(I could not save what you told me about your tastes: " +
                       self->system().render(err) + ")";
      finish(self, turn, std::move(*shared));
    });
}

void plan_round(Self* self, std::shared_ptr<Turn> turn);

void reflect(Self* self, std::shared_ptr<Turn> turn) {
  const auto& deps = *self->state.deps;
  // Past half the turn's time bound another round could not finish in time.
  const bool late = std::chrono::steady_clock::now() - turn->started > deps.config.turn_timeout / 2;
  if (turn->round >= deps.config.reflection_rounds || turn->plan.plan.answer || late) {
    complete(self, turn);
    return;
  }
  // An LLM critic needs the request and the answer as the user would see it;
  // the rules reflection reads only the trace, so the hot path skips it.
  const std::string answer =
    deps.config.brain == "rules"
      ? std::string()
      : write_reply(turn->plan, turn->result, *deps.box->dataset->catalog, turn->brain.relax,
                    turn->strict.size());
  self->request(deps.reflector, deps.config.turn_timeout, atoms::reflect_atom_v, turn->plan,
                turn->result.trace, static_cast<uint64_t>(turn->result.picked.size()),
                turn->request.text, answer)
    .then(
      [=](Reflection& verdict) {
        if (verdict.accept || (verdict.relax.empty() && verdict.advice.empty())) {
          complete(self, turn);
          return;
        }
        ++turn->round;
        // Relaxing keeps what already matched; new advice starts afresh.
        if (!verdict.relax.empty()) turn->strict = turn->result.picked;
        else turn->strict.clear();
        for (auto& label : verdict.relax) turn->brain.relax.push_back(std::move(label));
        turn->brain.advice = verdict.advice;
        plan_round(self, turn);
      },
      [=](caf::error&) { complete(self, turn); });  // no critic: keep what we have
}

// The user as the tools should see them this turn: what this very message
// taught counts already, items shown in this session are skipped, and a
// disliked value the request names explicitly is not filtered out.
UserContext effective_user(Self* self, const Turn& turn) {
  UserContext user = turn.brain.user;
  const auto& catalog = *self->state.deps->box->dataset->catalog;
  const ProfileUpdate& learned = turn.plan.learned;
  auto add = [&](const std::vector<std::string>& ids, std::vector<ItemIndex>& out) {
    for (const auto& id : ids)
      if (auto i = catalog.find(id)) out.push_back(*i);
  };
  add(learned.like, user.liked);
  add(learned.dislike, user.disliked);
  add(learned.consumed, user.history);
  for (const auto& v : learned.dislike_values) user.disliked_values.push_back(v);
  auto& dv = user.disliked_values;
  for (const auto& v : learned.like_values) dv.erase(std::remove(dv.begin(), dv.end(), v), dv.end());
  for (const auto& v : turn.plan.mentioned_values) dv.erase(std::remove(dv.begin(), dv.end(), v), dv.end());
  user.shown = self->state.shown;
  return user;
}

void execute(Self* self, std::shared_ptr<Turn> turn) {
  const auto& deps = *self->state.deps;
  if (turn->plan.plan.answer) {
    complete(self, turn);
    return;
  }
  self->request(deps.executor, deps.config.turn_timeout, atoms::run_atom_v,
                turn->plan.plan.steps, static_cast<uint64_t>(turn->plan.wanted),
                effective_user(self, *turn))
    .then(
      [=](ExecResult& result) {
        if (!turn->strict.empty()) {
          std::vector<ItemIndex> merged = turn->strict;
          for (ItemIndex i : result.picked)
            if (merged.size() < turn->plan.wanted &&
                std::find(merged.begin(), merged.end(), i) == merged.end())
              merged.push_back(i);
          result.picked = std::move(merged);
        }
        turn->result = std::move(result);
        reflect(self, turn);
      },
      [=](caf::error& err) { fail(self, turn, "timeout", "the tools did not answer in time"); });
}

void plan_round(Self* self, std::shared_ptr<Turn> turn) {
  const auto& deps = *self->state.deps;
  self->request(deps.planner, deps.config.turn_timeout, atoms::plan_atom_v, turn->brain)
    .then(
      [=](BrainPlan& plan) {
        turn->plan = std::move(plan);
        execute(self, turn);
      },
      [=](caf::error&) { fail(self, turn, "planner", "the planner did not answer"); });
}

void arm_idle_timer(Self* self) {
  auto& st = self->state;
  const auto idle = st.deps->config.session_idle_timeout;
  if (!st.router || idle.count() <= 0) return;
  self->delayed_send(self, idle, atoms::idle_atom_v, ++st.idle_timer);
}

void start_next(Self* self) {
  auto& st = self->state;
  if (st.busy) return;
  if (st.queue.empty()) {
    arm_idle_timer(self);
    return;
  }
  st.busy = true;
  auto turn = st.queue.front();
  st.queue.erase(st.queue.begin());
  st.current = turn;
  turn->brain.text = turn->request.text;
  turn->brain.dialogue.assign(st.dialogue.begin(), st.dialogue.end());
  self->request(st.deps->memory, st.deps->config.step_timeout, atoms::recall_atom_v,
                turn->request.channel, turn->request.user)
    .then(
      [=](UserContext& user) {
        turn->brain.user = std::move(user);
        plan_round(self, turn);
      },
      // Without memory the turn still gets an answer, just not personalised.
      [=](caf::error&) { plan_round(self, turn); });
}

// A verdict given with a button: applied to the profile through memory
// exactly as a taste learned from the user's words, acknowledged once
// durable; its items count as shown in this session from now on.
caf::result<std::string> feedback(Self* self, const std::string& channel, const std::string& user,
                                  ProfileUpdate& update) {
  auto& st = self->state;
  const auto& catalog = *st.deps->box->dataset->catalog;
  for (const auto* ids : {&update.like, &update.dislike, &update.consumed})
    for (const auto& id : *ids)
      if (auto i = catalog.find(id)) st.shown.push_back(*i);
  for (const auto& line : update.dialogue) st.dialogue.push_back(line);
  if (!st.busy && st.queue.empty()) arm_idle_timer(self);
  auto promise = self->make_response_promise<std::string>();
  self->request(st.deps->memory, st.deps->config.step_timeout, atoms::remember_atom_v, channel, user,
                std::move(update))
    .then([promise](std::string& error) mutable { promise.deliver(std::move(error)); },
          [self, promise](caf::error& err) mutable { promise.deliver(self->system().render(err)); });
  return promise;
}

caf::behavior session_actor(Self* self, std::shared_ptr<const SessionDeps> deps,
                            caf::actor_addr router) {
  self->state.deps = std::move(deps);
  self->state.router = std::move(router);
  // An exception escaping a handler would kill the session and lose its
  // queued turns; answer them instead.
  self->set_exception_handler([](caf::scheduled_actor* ptr, std::exception_ptr& eptr) -> caf::error {
    auto* s = static_cast<Self*>(ptr);
    std::string why = "unknown error";
    try {
      std::rethrow_exception(eptr);
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
    }
    if (s->state.current) s->state.queue.insert(s->state.queue.begin(), s->state.current);
    for (auto& turn : s->state.queue) {
      TurnReply reply;
      reply.error = "internal";
      reply.reply = "Sorry, something broke on my side: " + why;
      turn->promise.deliver(std::move(reply));
    }
    s->state.queue.clear();
    return caf::sec::runtime_error;
  });
  return {
    [=](atoms::turn_atom, TurnRequest& request) -> caf::result<TurnReply> {
      auto turn = std::make_shared<Turn>();
      turn->request = std::move(request);
      turn->promise = self->make_response_promise<TurnReply>();
      self->state.queue.push_back(turn);
      ++self->state.received;
      start_next(self);
      return turn->promise;
    },
    [=](atoms::idle_atom, uint64_t timer) {
      auto& st = self->state;
      if (timer != st.idle_timer || st.busy || !st.queue.empty()) return;
      if (auto router = caf::actor_cast<caf::actor>(st.router))
        self->send(router, atoms::idle_atom_v, st.received);
    },
    [=](atoms::reset_atom) {
      self->state.dialogue.clear();
      self->state.shown.clear();
    },
    [=](atoms::feedback_atom, const std::string& channel, const std::string& user,
        ProfileUpdate& update) -> caf::result<std::string> { return feedback(self, channel, user, update); },
  };
}

}  // namespace

caf::actor spawn_session(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps,
                         caf::actor_addr router) {
  return sys.spawn(session_actor, std::move(deps), std::move(router));
}

}  // namespace interec

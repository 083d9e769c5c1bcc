#include "actors/session.h"

#include <algorithm>
#include <deque>

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
};

struct SessionState {
  std::shared_ptr<const SessionDeps> deps;
  std::deque<std::string> dialogue;
  std::vector<ItemIndex> shown;
  std::deque<std::shared_ptr<Turn>> queue;
  std::shared_ptr<Turn> current;  // the turn in flight, if any
  bool busy = false;
};

using Self = caf::stateful_actor<SessionState>;

void start_next(Self* self);

void finish(Self* self, const std::shared_ptr<Turn>& turn, TurnReply reply) {
  auto& st = self->state;
  st.dialogue.push_back("user: " + turn->request.text);
  st.dialogue.push_back("agent: " + reply.reply);
  while (st.dialogue.size() > 2 * st.deps->config.dialogue_turns) st.dialogue.pop_front();
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

void complete(Self* self, const std::shared_ptr<Turn>& turn) {
  const auto& deps = *self->state.deps;
  const auto& catalog = *deps.box->dataset->catalog;
  TurnReply reply;
  reply.relaxed = turn->brain.relax;
  reply.reply = write_reply(turn->plan, turn->result, catalog, reply.relaxed);
  for (ItemIndex i : turn->result.picked) reply.items.push_back({catalog.id(i), catalog.title(i)});
  reply.plan = plan_to_json(turn->plan.plan).dump();
  reply.trace = std::move(turn->result.trace);

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
  if (turn->round >= deps.config.reflection_rounds || turn->plan.plan.answer) {
    complete(self, turn);
    return;
  }
  self->request(deps.reflector, deps.config.step_timeout, atoms::reflect_atom_v, turn->plan,
                turn->result.trace, static_cast<uint64_t>(turn->result.picked.size()))
    .then(
      [=](Reflection& verdict) {
        if (verdict.accept || verdict.relax.empty()) {
          complete(self, turn);
          return;
        }
        ++turn->round;
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

void start_next(Self* self) {
  auto& st = self->state;
  if (st.busy || st.queue.empty()) return;
  st.busy = true;
  auto turn = st.queue.front();
  st.queue.pop_front();
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

caf::behavior session_actor(Self* self, std::shared_ptr<const SessionDeps> deps) {
  self->state.deps = std::move(deps);
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
    if (s->state.current) s->state.queue.push_front(s->state.current);
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
      start_next(self);
      return turn->promise;
    },
    [=](atoms::reset_atom) {
      self->state.dialogue.clear();
      self->state.shown.clear();
    },
  };
}

}  // namespace

caf::actor spawn_session(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps) {
  return sys.spawn(session_actor, std::move(deps));
}

}  // namespace interec

#include "actors/session.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "actors/reply_writer.h"
#include "brain/dialogue/explain.h"
#include "brain/dialogue/manager.h"
#include "storage/dialogue_log.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

/// Of each list, the items counted as shown (skipped by later lists).
constexpr size_t kItemsRead = 10;

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
  /// How many of them met every condition (the picks before the first relaxing).
  size_t matched_all = 0;
  /// The labels of the conditions relaxed so far (brain.relax holds their ids).
  std::vector<std::string> relaxed;
  /// Why the profile could not be read; the turn goes on unpersonalised.
  std::optional<Error> recall_error;
  caf::actor_clock::time_point started;
};

// Thousands of sessions sit idle at once, so the state stays small: vectors
// (an empty std::deque already allocates ~600 bytes), nothing reserved.
struct SessionState {
  std::shared_ptr<const SessionDeps> deps;
  std::vector<std::string> dialogue;
  std::vector<ItemIndex> shown;
  /// The conversation: frame, feedback, lists shown (brain/dialogue/).
  dialogue::DialogueState conversation;
  std::vector<std::shared_ptr<Turn>> queue;
  std::shared_ptr<Turn> current;  // the turn in flight, if any
  caf::actor_addr router;         // told when idle; null = never evicted
  uint64_t received = 0;          // turns received, compared by the router
  uint64_t idle_timer = 0;        // generation of the latest idle timer
  bool busy = false;
  /// The stored dialogue state was asked for (the first turn of a session
  /// resumes the conversation an evicted or restarted one left), or a
  /// reset made it moot.
  bool resumed = false;
};

using SessionSelf = SessionActor::stateful_pointer<SessionState>;
using TurnPtr = std::shared_ptr<Turn>;

void start_next(SessionSelf self);

UserContext effective_user(SessionSelf self, const Turn& turn);

// The conversation after this turn: the brain's new state (or the old one
// moved a turn on, for a brain that keeps none) with the list shown and
// the reasons of each item.
void remember_turn(SessionSelf self, const Turn& turn, TurnReply& reply) {
  auto& st = self->state;
  const Catalog& catalog = *st.deps->catalog;
  dialogue::DialogueState next = turn.plan.state ? *turn.plan.state : st.conversation;
  if (!turn.plan.state) ++next.turn;
  std::vector<std::vector<std::string>> why(turn.result.picked.size());
  if (st.deps->explain)
    why = st.deps->explain(turn.plan.plan, effective_user(self, turn), turn.result.picked, turn.relaxed,
                           std::min(turn.strict.size(), turn.result.picked.size()));
  std::vector<std::string> ids;
  for (size_t i = 0; i < turn.result.picked.size(); ++i) {
    ids.emplace_back(catalog.id(turn.result.picked[i]));
    if (i < reply.items.size() && i < why.size()) reply.items[i].why = why[i];
  }
  dialogue::record_shown(next, std::move(ids), why);
  st.conversation = std::move(next);
}

// What a person reads of a list: its first kItemsRead (a long list's
// tail is browsed, not turned down; "more" skips the whole latest list).
void note_read(SessionState& st, const std::vector<ItemIndex>& list) {
  st.shown.insert(st.shown.end(), list.begin(), list.begin() + std::min(list.size(), kItemsRead));
  if (st.shown.size() > st.deps->config.shown_memory)
    st.shown.erase(st.shown.begin(), st.shown.end() - st.deps->config.shown_memory);
}

void finish(SessionSelf self, const TurnPtr& turn, TurnReply reply) {
  auto& st = self->state;
  st.dialogue.push_back("user: " + turn->request.text);
  st.dialogue.push_back("agent: " + reply.reply);
  const size_t keep = 2 * st.deps->config.dialogue_turns;
  if (st.dialogue.size() > keep) st.dialogue.erase(st.dialogue.begin(), st.dialogue.end() - keep);
  if (!turn->request.unread) note_read(st, turn->result.picked);
  turn->promise.deliver(std::move(reply));
  st.current.reset();
  st.busy = false;
  start_next(self);
}

// The turn has no plan or no result: the reply says what failed.
void fail_turn(SessionSelf self, const TurnPtr& turn, Error error) {
  TurnReply reply;
  reply.reply = failure_reply(error);
  reply.error = std::move(error);
  reply.trace = turn->result.trace;
  turn->result.picked.clear();
  finish(self, turn, std::move(reply));
}

// Appends `note` to the reply and keeps the turn's first error.
void note_failure(TurnReply& reply, const std::string& note, const Error& error) {
  reply.reply += "\n(" + note + ": " + error.message + ")";
  if (!reply.error) reply.error = error;
}

void remember_and_finish(SessionSelf self, const TurnPtr& turn, TurnReply reply) {
  const auto& deps = *self->state.deps;
  ProfileUpdate update = turn->plan.learned;
  const bool learned = !update.empty();
  if (!reply.error) {
    remember_turn(self, *turn, reply);
    // The conversation goes in the same write as the turn's lines, so a
    // session evicted or a process restarted resumes it (start_next).
    update.session = turn->request.session;
    update.conversation = dialogue::to_json(self->state.conversation).dump(-1, ' ', false,
                                                                          nlohmann::json::error_handler_t::replace);
  }
  // What the turn listed and learned goes to the log with the words, so the
  // conversation can be exported and learned from (storage/dialogue_log.h).
  TurnLog log;
  log.session = turn->request.session;
  log.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  for (const auto& ref : reply.items) log.shown.push_back(ref.item_id);
  log.liked = update.like;
  log.disliked = update.dislike;
  log.seen = update.consumed;
  update.dialogue = turn_lines(turn->request.text, reply.reply, log);
  auto remember = self->request(deps.memory, deps.config.step_timeout, atoms::remember_atom_v,
                                turn->request.channel, turn->request.user, std::move(update));
  if (!learned) {
    // Only the dialogue log: written durably, but the reply need not wait.
    remember.then([](MemoryAck&) {}, [](caf::error&) {});
    finish(self, turn, std::move(reply));
    return;
  }
  // The user told us something lasting: acknowledge only once it is durable.
  const char* note = "I could not save what you told me about your tastes";
  auto shared = std::make_shared<TurnReply>(std::move(reply));
  remember.then(
    [=](MemoryAck& ack) {
      if (ack.error) note_failure(*shared, note, *ack.error);
      finish(self, turn, std::move(*shared));
    },
    [=](caf::error& err) {
      note_failure(*shared, note,
                   Error{ErrorCode::memory_unavailable, "memory: " + self->system().render(err)});
      finish(self, turn, std::move(*shared));
    });
}

// The reply of an executed (or answered) plan.
TurnReply reply_of(SessionSelf self, const Turn& turn) {
  const auto& deps = *self->state.deps;
  const Catalog& catalog = *deps.catalog;
  TurnReply reply;
  reply.relaxed = turn.relaxed;
  reply.reply = write_reply(turn.plan, turn.result, catalog, reply.relaxed, turn.matched_all);
  reply.error = turn.result.error;
  for (ItemIndex i : turn.result.picked) reply.items.push_back({std::string(catalog.id(i)), std::string(catalog.title(i)), {}});
  reply.plan = plan_to_json(turn.plan.plan).dump();
  reply.trace = turn.result.trace;
  if (!turn.plan.fallback.empty()) {
    // The user and the trace learn that the configured brain was not used.
    reply.reply += "\n(The language model was unavailable: " + turn.plan.fallback +
                   "; I answered with the built-in rules.)";
    StepTrace note;
    note.tool = "brain";
    note.input = nlohmann::json{{"planned_by", deps.offers.fallback_brain}, {"instead_of", deps.offers.brain},
                                {"reason", turn.plan.fallback}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    reply.trace.insert(reply.trace.begin(), std::move(note));
  }
  if (turn.recall_error)
    note_failure(reply, "I could not read your profile, so this answer is not personalised", *turn.recall_error);
  return reply;
}

void complete(SessionSelf self, const TurnPtr& turn) {
  const auto& deps = *self->state.deps;
  TurnReply reply = reply_of(self, *turn);
  if (!deps.offers.composes_replies || !turn->plan.fallback.empty() || turn->plan.plan.answer ||
      turn->result.error) {
    remember_and_finish(self, turn, std::move(reply));
    return;
  }
  // The planner rewrites the template reply; on any failure the template stays.
  auto shared = std::make_shared<TurnReply>(std::move(reply));
  self->request(deps.planner, deps.config.turn_timeout, atoms::compose_atom_v, turn->request.text, shared->reply)
    .then(
      [=](std::string& text) {
        shared->reply = std::move(text);
        remember_and_finish(self, turn, std::move(*shared));
      },
      [=](caf::error&) { remember_and_finish(self, turn, std::move(*shared)); });
}

void plan_round(SessionSelf self, TurnPtr turn);

// Takes the reflector's verdict: another planning round, or the reply.
void judged(SessionSelf self, const TurnPtr& turn, Reflection& verdict) {
  if (verdict.accept || (verdict.relax.empty() && verdict.advice.empty())) {
    complete(self, turn);
    return;
  }
  ++turn->round;
  // Relaxing keeps what already matched; new advice starts afresh.
  if (!verdict.relax.empty()) {
    if (turn->brain.relax.empty()) turn->matched_all = turn->result.picked.size();
    turn->strict = turn->result.picked;
  } else {
    turn->strict.clear();
    turn->matched_all = 0;
  }
  for (auto& id : verdict.relax) {
    const Condition* c = find_condition(turn->plan.plan, id);
    turn->relaxed.push_back(c ? c->label : id);
    turn->brain.relax.push_back(std::move(id));
  }
  turn->brain.advice = verdict.advice;
  plan_round(self, turn);
}

void reflect(SessionSelf self, TurnPtr turn) {
  const auto& deps = *self->state.deps;
  // Past half the turn's time bound another round could not finish in time.
  const bool late = self->clock().now() - turn->started > deps.config.turn_timeout / 2;
  if (turn->round >= deps.config.reflection_rounds || turn->plan.plan.answer || late) {
    complete(self, turn);
    return;
  }
  ReflectRequest request{turn->plan, turn->result.trace, static_cast<uint64_t>(turn->result.picked.size()),
                         turn->request.text, std::string()};
  // Only a critic that reads the reply gets it: the rules reflection reads
  // the trace, so the hot path skips writing it.
  if (deps.offers.critic_reads_answer)
    request.answer = write_reply(turn->plan, turn->result, *deps.catalog, turn->relaxed, turn->matched_all);
  self->request(deps.reflector, deps.config.turn_timeout, atoms::reflect_atom_v, std::move(request))
    .then([=](Reflection& verdict) { judged(self, turn, verdict); },
          [=](caf::error&) { complete(self, turn); });  // no critic: keep what we have
}

// The user as the tools should see them this turn: what this very message
// taught counts already, items shown in this session are skipped, and a
// disliked value the request names explicitly is not filtered out.
UserContext effective_user(SessionSelf self, const Turn& turn) {
  UserContext user = turn.brain.user;
  const auto& catalog = *self->state.deps->catalog;
  const ProfileUpdate& learned = turn.plan.learned;
  auto add = [&](const std::vector<std::string>& ids, std::vector<ItemIndex>& out) {
    for (const auto& id : ids)
      if (auto i = catalog.find(id)) out.push_back(*i);
  };
  add(learned.like, user.liked);
  add(learned.dislike, user.disliked);
  add(learned.consumed, user.history);
  if (turn.plan.state) dialogue::apply_to_user(catalog, *turn.plan.state, user);
  for (const auto& v : learned.dislike_values) user.disliked_values.push_back(v);
  auto& dv = user.disliked_values;
  for (const auto& v : learned.like_values) dv.erase(std::remove(dv.begin(), dv.end(), v), dv.end());
  for (const auto& v : turn.plan.mentioned_values) dv.erase(std::remove(dv.begin(), dv.end(), v), dv.end());
  user.shown = self->state.shown;
  // "more" wants new items: the whole latest list, not only what was read of it.
  const auto& acts = turn.plan.acts;
  if (std::find(acts.begin(), acts.end(), "more") != acts.end())
    if (const auto* last = self->state.conversation.list(0))
      for (const auto& id : last->items)
        if (auto i = catalog.find(id)) user.shown.push_back(*i);
  return user;
}

// Relaxed re-plans keep the strict picks first and fill up behind them.
void merge_strict(const Turn& turn, ExecResult& result) {
  if (turn.strict.empty()) return;
  std::vector<ItemIndex> merged = turn.strict;
  for (ItemIndex i : result.picked)
    if (merged.size() < turn.plan.wanted && std::find(merged.begin(), merged.end(), i) == merged.end())
      merged.push_back(i);
  result.picked = std::move(merged);
}

void execute(SessionSelf self, TurnPtr turn) {
  const auto& deps = *self->state.deps;
  if (turn->plan.plan.answer) {
    complete(self, turn);
    return;
  }
  self->request(deps.executor, deps.config.turn_timeout, atoms::run_atom_v, turn->plan.plan.steps,
                static_cast<uint64_t>(turn->plan.wanted), effective_user(self, *turn))
    .then(
      [=](ExecResult& result) {
        merge_strict(*turn, result);
        turn->result = std::move(result);
        reflect(self, turn);
      },
      [=](caf::error& err) {
        const auto limit = std::to_string(deps.config.turn_timeout.count()) + " ms";
        fail_turn(self, turn,
             err == caf::sec::request_timeout
               ? Error{ErrorCode::timeout, "the plan did not finish within the turn's time limit (" + limit + ")"}
               : Error{ErrorCode::internal, "the executor failed (" + self->system().render(err) + ")"});
      });
}

void plan_round(SessionSelf self, TurnPtr turn) {
  const auto& deps = *self->state.deps;
  self->request(deps.planner, deps.config.turn_timeout, atoms::plan_atom_v, turn->brain)
    .then(
      [=](BrainPlan& plan) {
        turn->plan = std::move(plan);
        execute(self, turn);
      },
      [=](caf::error& err) {
        fail_turn(self, turn,
             Error{ErrorCode::brain_failed, err == caf::sec::request_timeout
                                              ? std::string("the planner did not answer in time")
                                              : "the planner failed (" + self->system().render(err) + ")"});
      });
}

void arm_idle_timer(SessionSelf self) {
  auto& st = self->state;
  const auto idle = st.deps->config.session_idle_timeout;
  if (!st.router || idle.count() <= 0) return;
  self->delayed_send(self, idle, atoms::idle_atom_v, ++st.idle_timer);
}

void recall_history(SessionSelf self, const TurnPtr& turn);

// Takes up the conversation this session had before it was evicted or the
// process restarted: its dialogue state, and its lists as items shown. A
// state that cannot be read or parsed costs the context, not the turn.
void resume(SessionSelf self, const TurnPtr& turn, const Resumed& resumed) {
  auto& st = self->state;
  if (!resumed.state.empty() && st.conversation.empty()) {
    try {
      st.conversation = dialogue::state_from_json(nlohmann::json::parse(resumed.state));
      const Catalog& catalog = *st.deps->catalog;
      for (const auto& list : st.conversation.lists) {
        std::vector<ItemIndex> items;
        for (const auto& id : list.items)
          if (auto i = catalog.find(id)) items.push_back(*i);
        note_read(st, items);
      }
    } catch (const std::exception&) {
      st.conversation = dialogue::DialogueState{};
    }
  }
  recall_history(self, turn);
}

void start_next(SessionSelf self) {
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
  turn->started = self->clock().now();
  if (st.resumed) {
    recall_history(self, turn);
    return;
  }
  st.resumed = true;
  self->request(st.deps->memory, st.deps->config.step_timeout, atoms::resume_atom_v, turn->request.channel,
                turn->request.user, turn->request.session)
    .then([=](Resumed& resumed) { resume(self, turn, resumed); },
          [=](caf::error&) { recall_history(self, turn); });  // a fresh conversation
}

void recall_history(SessionSelf self, const TurnPtr& turn) {
  auto& st = self->state;
  turn->brain.text = turn->request.text;
  turn->brain.items = turn->request.items;
  turn->brain.dialogue.assign(st.dialogue.begin(), st.dialogue.end());
  turn->brain.state = st.conversation;
  self->request(st.deps->memory, st.deps->config.step_timeout, atoms::recall_atom_v, turn->request.channel,
                turn->request.user)
    .then(
      [=](Recall& recall_history) {
        turn->brain.user = std::move(recall_history.user);
        turn->recall_error = std::move(recall_history.error);
        plan_round(self, turn);
      },
      // Without memory the turn still gets an answer, just not personalised.
      [=](caf::error& err) {
        turn->recall_error = Error{ErrorCode::memory_unavailable, "memory: " + self->system().render(err)};
        plan_round(self, turn);
      });
}

// A verdict given with a button: applied to the profile through memory
// exactly as a taste learned from the user's words, acknowledged once
// durable; its items count as shown in this session from now on.
caf::result<MemoryAck> feedback(SessionSelf self, const std::string& channel, const std::string& user,
                                ProfileUpdate& update) {
  auto& st = self->state;
  const auto& catalog = *st.deps->catalog;
  for (const auto* ids : {&update.like, &update.dislike, &update.consumed})
    for (const auto& id : *ids)
      if (auto i = catalog.find(id)) st.shown.push_back(*i);
  for (const auto& line : update.dialogue) st.dialogue.push_back(line);
  if (!st.busy && st.queue.empty()) arm_idle_timer(self);
  auto promise = self->make_response_promise<MemoryAck>();
  self->request(st.deps->memory, st.deps->config.step_timeout, atoms::remember_atom_v, channel, user,
                std::move(update))
    .then([promise](MemoryAck& ack) mutable { promise.deliver(std::move(ack)); },
          [self, promise](caf::error& err) mutable {
            promise.deliver(MemoryAck{Error{ErrorCode::memory_unavailable, "memory: " + self->system().render(err)}});
          });
  return promise;
}

// An exception escaping a handler would kill the session and lose its
// queued turns; answer them instead.
caf::error answer_all(caf::scheduled_actor* ptr, std::exception_ptr& eptr) {
  auto* s = static_cast<SessionSelf>(ptr);
  std::string why = "unknown error";
  try {
    std::rethrow_exception(eptr);
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
  }
  if (s->state.current) s->state.queue.insert(s->state.queue.begin(), s->state.current);
  for (auto& turn : s->state.queue) {
    Error error{ErrorCode::internal, "the session failed (" + why + ")"};
    TurnReply reply;
    reply.reply = failure_reply(error);
    reply.error = std::move(error);
    turn->promise.deliver(std::move(reply));
  }
  s->state.queue.clear();
  return caf::sec::runtime_error;
}

SessionActor::behavior_type session_actor(SessionSelf self, std::shared_ptr<const SessionDeps> deps,
                                          caf::actor_addr router) {
  self->state.deps = std::move(deps);
  self->state.router = std::move(router);
  self->set_exception_handler(answer_all);
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
      if (auto router = caf::actor_cast<IdleListener>(st.router)) self->send(router, atoms::idle_atom_v, st.received);
    },
    [=](atoms::reset_atom) {
      self->state.dialogue.clear();
      self->state.shown.clear();
      self->state.conversation = dialogue::DialogueState{};
      self->state.resumed = true;  // the router erased the stored state
    },
    [=](atoms::feedback_atom, const std::string& channel, const std::string& user,
        ProfileUpdate& update) -> caf::result<MemoryAck> { return feedback(self, channel, user, update); },
  };
}

}  // namespace

SessionActor spawn_session(caf::actor_system& sys, std::shared_ptr<const SessionDeps> deps, caf::actor_addr router) {
  return sys.spawn(session_actor, std::move(deps), std::move(router));
}

}  // namespace interec

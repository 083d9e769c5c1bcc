// The typed messages and atoms the actors exchange. One type ID block for the
// whole project: register it with `cfg.add_message_types<caf::id_block::interec>()`
// (see actors/agent.h: make_actor_system_config).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "brain/brain.h"
#include "storage/profile.h"
#include "tools/bus.h"
#include "tools/error.h"
#include "tools/plan.h"
#include "tools/trace.h"
#include "tools/user_context.h"

namespace interec {

/// One user message entering the agent.
struct TurnRequest {
  std::string channel;  // e.g. "cli", "slack"
  std::string user;     // user id within the channel
  std::string session;  // conversation id; "" = the user's default session
  std::string text;
  /// How many items the client wants listed (1–50; docs/protocol.md), 0 =
  /// the brain's default. A count the text states wins.
  uint32_t items = 0;
  /// The client does not show the items to the user (an evaluation replay
  /// of a recorded dialogue, whose user never saw them): the session does
  /// not count them as read, so later lists may hold them again
  /// (docs/conversation.md, "Shown items"). Not a field of the JSON protocol.
  bool unread = false;
};

struct ItemRef {
  std::string item_id;
  std::string title;
  /// Why it was recommended: short reasons from the plan's trace
  /// (brain/dialogue/explain.h); empty for items only named.
  std::vector<std::string> why;
};

/// The agent's answer to one TurnRequest. Always produced, also on failure.
struct TurnReply {
  std::string reply;
  std::vector<ItemRef> items;
  std::string plan;  // JSON text of the last plan executed
  std::vector<StepTrace> trace;
  /// Conditions relaxed by reflection, by label.
  std::vector<std::string> relaxed;
  /// The turn's first failure, also said in `reply`; `items` hold whatever
  /// could still be found (none when the plan failed).
  std::optional<Error> error;
};

/// One tool step sent to a tool actor.
struct ToolCall {
  Bus bus;
  Step step;
  UserContext user;
};

struct ToolReply {
  Bus bus;
  std::string text;
  std::vector<ItemIndex> picked;
  std::optional<Error> error;  // the bus is the one sent when set
};

/// What the executor returns for a whole plan.
struct ExecResult {
  std::vector<ItemIndex> picked;
  std::vector<std::string> texts;  // lookup answers, in step order
  std::vector<StepTrace> trace;
  std::optional<Error> error;  // the failing step's; the plan stopped there
};

/// What memory knows of a user: `user` is empty (not personalised) when
/// `error` says the profile could not be read.
struct Recall {
  UserContext user;
  std::optional<Error> error;
};

/// The dialogue state stored for one conversation of a user (memory's
/// resume): dialogue::to_json text, "" when none is stored or `error` says
/// it could not be read. JSON rather than the typed state, so that it
/// crosses to a memory node as one string.
struct Resumed {
  std::string state;
  std::optional<Error> error;
};

/// The end of a memory write (remember, forget): no error once durable.
struct MemoryAck {
  std::optional<Error> error;
};

/// A user's profile as the protocol shows it: profile_view JSON text, "null"
/// when the user has none; meaningless when `error` is set.
struct ProfileReply {
  std::string view;
  std::optional<Error> error;
};

/// A verdict given with a button, as plain values. The ProfileUpdate it
/// teaches (feedback_update) is built by the actor that receives it, not by
/// the channel's own thread that sends it: an update travels on to the
/// profile store's writer thread and is destroyed there, and an object made
/// outside the actor system, handed through CAF's (uninstrumented) queues
/// and then to that thread, is a race ThreadSanitizer cannot rule out
/// (docs/trust.md, "Sanitizers").
struct FeedbackRequest {
  std::string channel;
  std::string user;
  std::string session;
  Feedback verdict = Feedback::liked;
  std::string item_id;
  std::string title;  // the item's, from the catalog
};

/// What the reflector judges: the plan, what its steps did, and for a critic
/// that reads them the request and the reply as the user would see it.
struct ReflectRequest {
  BrainPlan plan;
  std::vector<StepTrace> trace;
  uint64_t picked = 0;
  std::string request;
  std::string answer;  // "" unless the planner's critic reads answers
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TurnRequest& x) {
  return f(caf::meta::type_name("TurnRequest"), x.channel, x.user, x.session, x.text, x.items,
           x.unread);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ItemRef& x) {
  return f(caf::meta::type_name("ItemRef"), x.item_id, x.title, x.why);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TurnReply& x) {
  return f(caf::meta::type_name("TurnReply"), x.reply, x.items, x.plan, x.trace, x.relaxed,
           x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ToolCall& x) {
  return f(caf::meta::type_name("ToolCall"), x.bus, x.step, x.user);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ToolReply& x) {
  return f(caf::meta::type_name("ToolReply"), x.bus, x.text, x.picked, x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ExecResult& x) {
  return f(caf::meta::type_name("ExecResult"), x.picked, x.texts, x.trace, x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Recall& x) {
  return f(caf::meta::type_name("Recall"), x.user, x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Resumed& x) {
  return f(caf::meta::type_name("Resumed"), x.state, x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, MemoryAck& x) {
  return f(caf::meta::type_name("MemoryAck"), x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, FeedbackRequest& x) {
  return f(caf::meta::type_name("FeedbackRequest"), x.channel, x.user, x.session, x.verdict, x.item_id,
           x.title);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ProfileReply& x) {
  return f(caf::meta::type_name("ProfileReply"), x.view, x.error);
}

}  // namespace interec

// Brain requests and plans stay inside one process (the planner is local to
// the sessions), so they are not serialised.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(interec::BrainRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(interec::BrainPlan)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(interec::Reflection)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(interec::ReflectRequest)

CAF_BEGIN_TYPE_ID_BLOCK(interec, caf::first_custom_type_id)
  CAF_ADD_TYPE_ID(interec, (interec::TurnRequest))
  CAF_ADD_TYPE_ID(interec, (interec::TurnReply))
  CAF_ADD_TYPE_ID(interec, (interec::ItemRef))
  CAF_ADD_TYPE_ID(interec, (interec::ToolCall))
  CAF_ADD_TYPE_ID(interec, (interec::ToolReply))
  CAF_ADD_TYPE_ID(interec, (interec::ExecResult))
  CAF_ADD_TYPE_ID(interec, (interec::Step))
  CAF_ADD_TYPE_ID(interec, (interec::StepTrace))
  CAF_ADD_TYPE_ID(interec, (interec::UserContext))
  CAF_ADD_TYPE_ID(interec, (interec::Bus))
  CAF_ADD_TYPE_ID(interec, (std::vector<interec::Step>))
  CAF_ADD_TYPE_ID(interec, (interec::ProfileUpdate))
  CAF_ADD_TYPE_ID(interec, (interec::Error))
  CAF_ADD_TYPE_ID(interec, (interec::Recall))
  CAF_ADD_TYPE_ID(interec, (interec::MemoryAck))
  CAF_ADD_TYPE_ID(interec, (interec::ProfileReply))
  CAF_ADD_TYPE_ID(interec, (interec::Resumed))
  CAF_ADD_TYPE_ID(interec, (interec::FeedbackRequest))
  CAF_ADD_ATOM(interec, interec::atoms, turn_atom, "turn")
  CAF_ADD_ATOM(interec, interec::atoms, plan_atom, "plan")
  CAF_ADD_ATOM(interec, interec::atoms, run_atom, "run")
  CAF_ADD_ATOM(interec, interec::atoms, reflect_atom, "reflect")
  CAF_ADD_ATOM(interec, interec::atoms, recall_atom, "recall")
  CAF_ADD_ATOM(interec, interec::atoms, remember_atom, "remember")
  CAF_ADD_ATOM(interec, interec::atoms, tool_atom, "tool")
  CAF_ADD_ATOM(interec, interec::atoms, reset_atom, "reset")
  CAF_ADD_ATOM(interec, interec::atoms, ack_atom, "ack")
  CAF_ADD_ATOM(interec, interec::atoms, profile_atom, "profile")
  CAF_ADD_ATOM(interec, interec::atoms, forget_atom, "forget")
  CAF_ADD_ATOM(interec, interec::atoms, idle_atom, "idle")
  CAF_ADD_ATOM(interec, interec::atoms, sessions_atom, "sessions")
  CAF_ADD_ATOM(interec, interec::atoms, compose_atom, "compose")
  CAF_ADD_ATOM(interec, interec::atoms, llm_reply_atom, "llmreply")
  CAF_ADD_ATOM(interec, interec::atoms, llm_retry_atom, "llmretry")
  CAF_ADD_ATOM(interec, interec::atoms, llm_deadline_atom, "llmdead")
  CAF_ADD_ATOM(interec, interec::atoms, connected_atom, "connected")
  CAF_ADD_ATOM(interec, interec::atoms, reconnect_atom, "reconnect")
  CAF_ADD_ATOM(interec, interec::atoms, feedback_atom, "feedback")
  CAF_ADD_ATOM(interec, interec::atoms, resume_atom, "resume")
CAF_END_TYPE_ID_BLOCK(interec)

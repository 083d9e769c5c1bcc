// A conversation with the rules brain without actors: each turn plans with
// the real brain, runs the plan's steps with the real tools in this thread,
// reflects with the real rules reflection (relaxing and re-planning as the
// session does), writes the reply with the dialogue's list reply and
// records the list shown and its reasons in the dialogue state -- the
// session's turn, synchronously, for tests of the dialogue layer.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "brain/dialogue/explain.h"
#include "brain/dialogue/manager.h"
#include "brain/dialogue/replies.h"
#include "brain/rules/rules_brain.h"
#include "tools/plan_json.h"
#include "tools/tool.h"
#include "tools/toolbox.h"
#include "tools/trace.h"

namespace interec::test {

struct TurnOutcome {
  BrainPlan plan;                      // the last plan of the turn
  std::vector<ItemIndex> picked;
  std::vector<StepTrace> trace;
  std::vector<std::string> relaxed;
  std::vector<std::vector<std::string>> why;
  std::string reply;
};

class Conversation {
 public:
  Conversation(std::shared_ptr<const Toolbox> box, std::shared_ptr<RulesBrain> brain,
               UserContext user = {}, size_t reflection_rounds = 2)
      : box_(std::move(box)), brain_(std::move(brain)), user_(std::move(user)),
        rounds_(reflection_rounds) {}

  TurnOutcome say(const std::string& text) {
    TurnOutcome out;
    BrainRequest req;
    req.text = text;
    req.items = items_;
    req.user = user_;
    req.state = state_;
    std::vector<ItemIndex> strict;
    for (size_t round = 0;; ++round) {
      out.plan = brain_->plan(req);
      out.picked.clear();
      out.trace.clear();
      std::vector<std::string> texts;
      std::string error;
      if (!out.plan.plan.answer) run(out, texts, error);
      if (!strict.empty()) {
        std::vector<ItemIndex> merged = strict;
        for (ItemIndex i : out.picked)
          if (merged.size() < out.plan.wanted && std::find(merged.begin(), merged.end(), i) == merged.end())
            merged.push_back(i);
        out.picked = merged;
      }
      const Reflection r = reflect_by_rules(out.plan, out.trace, out.picked.size());
      if (r.accept || round >= rounds_) {
        dialogue::ListOutcome o{out.picked, texts, error, out.relaxed, strict.size()};
        out.reply = dialogue::list_reply(*box_->dataset->catalog, out.plan, o);
        break;
      }
      strict = out.picked;
      for (const auto& id : r.relax) {
        const Condition* c = find_condition(out.plan.plan, id);
        out.relaxed.push_back(c ? c->label : id);
        req.relax.push_back(id);
      }
    }
    out.why = dialogue::explain(*box_, out.plan.plan, tool_user(out.plan), out.picked, out.relaxed,
                                std::min(strict.size(), out.picked.size()));
    if (out.plan.state) state_ = *out.plan.state;
    std::vector<std::string> ids;
    for (ItemIndex i : out.picked) ids.emplace_back(box_->dataset->catalog->id(i));
    for (ItemIndex i : out.picked) shown_.push_back(i);
    dialogue::record_shown(state_, ids, out.why);
    return out;
  }

  /// The list length the client asks for with every turn (TurnRequest::items); 0 = none.
  void ask_items(size_t n) { items_ = n; }
  const dialogue::DialogueState& state() const { return state_; }
  /// The session evicted and restored: the state goes through its JSON form.
  void evict() { state_ = dialogue::state_from_json(dialogue::to_json(state_)); }

 private:
  UserContext tool_user(const BrainPlan& plan) const {
    UserContext u = user_;
    if (plan.state) dialogue::apply_to_user(*box_->dataset->catalog, *plan.state, u);
    u.shown = shown_;
    return u;
  }

  void run(TurnOutcome& out, std::vector<std::string>& texts, std::string& error) {
    Bus bus;
    const UserContext u = tool_user(out.plan);
    for (const auto& step : out.plan.plan.steps) {
      auto& tool = tools_[kind_of(step)];
      if (!tool) tool = make_tool(kind_of(step), box_);
      StepTrace st;
      st.tool = tool_name(step);
      st.input = step_input_json(step).dump();
      st.before = bus.size(box_->dataset->catalog->size());
      try {
        ToolOutput o = tool->run(bus, step, u);
        bus = std::move(o.bus);
        if (!o.text.empty()) texts.push_back(o.text);
        if (!o.picked.empty() || std::holds_alternative<MapStep>(step)) out.picked = o.picked;
      } catch (const std::exception& e) {
        st.error = Error{ErrorCode::tool_failed, e.what()};
        error = e.what();
        out.trace.push_back(st);
        return;
      }
      st.after = bus.size(box_->dataset->catalog->size());
      out.trace.push_back(st);
    }
  }

  std::shared_ptr<const Toolbox> box_;
  std::shared_ptr<RulesBrain> brain_;
  UserContext user_;
  size_t rounds_;
  size_t items_ = 0;
  dialogue::DialogueState state_;
  std::vector<ItemIndex> shown_;
  std::map<ToolKind, std::unique_ptr<Tool>> tools_;
};

}  // namespace interec::test

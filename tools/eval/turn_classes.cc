#include "tools/eval/turn_classes.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tools/plan_json.h"
#include "tools/tool_util.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using json = nlohmann::json;

bool has(const std::vector<ItemIndex>& v, ItemIndex i) { return std::find(v.begin(), v.end(), i) != v.end(); }

// The names a step gives items by.
std::vector<std::string> step_names(const Step& step) {
  if (const auto* s = std::get_if<CandidateStoreStep>(&step)) return s->items;
  if (const auto* s = std::get_if<SoftFilterStep>(&step)) return s->similar_to;
  if (const auto* s = std::get_if<RankStep>(&step)) return s->prefer;
  return {};
}

// The years written "(YYYY)" in a text: those of titles the seeker wrote.
std::vector<std::string> title_years(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = text.find('('); at != std::string::npos; at = text.find('(', at + 1)) {
    if (at + 5 >= text.size() || text[at + 5] != ')') continue;
    const std::string y = text.substr(at + 1, 4);
    if (std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; })) out.push_back(y);
  }
  return out;
}

// Reads one plan step into the diagnosis; `filter_sql` collects the
// hard-filter SQL.
void read_step(const Step& step, const Toolbox& box, TurnDiagnosis& d, bool& lookup, std::string& filter_sql) {
  if (std::holds_alternative<LookupStep>(step)) lookup = true;
  if (const auto* hard = std::get_if<HardFilterStep>(&step)) {
    filter_sql += hard->sql;
    for (const Condition& c : hard->conditions) d.conditions.push_back(c.label);
    if (d.conditions.empty()) d.conditions.push_back(hard->sql);
  }
  for (ItemIndex i : tool_util::resolve(box, step_names(step)).items)
    if (!has(d.seeds, i)) d.seeds.push_back(i);
}

}  // namespace

const char* to_string(TurnClass c) {
  static constexpr std::array<const char*, kTurnClasses> kNames = {
    "answer_only", "lookup", "empty_result", "title_year_filter", "wrong_title", "missed_titles",
    "forgot_earlier", "filtered", "seeded", "generic"};
  return kNames[static_cast<size_t>(c)];
}

TurnDiagnosis diagnose_turn(const ReplayTurn& turn, const std::vector<ItemIndex>& named_before,
                            const std::string& plan_json, size_t shown, const Toolbox& box) {
  TurnDiagnosis d;
  const json plan = json::parse(plan_json, nullptr, false);
  bool lookup = false;
  std::string filter_sql;
  if (plan.is_array()) {
    for (const json& step : plan) {
      if (!step.is_object() || !step.contains("tool") || !step.at("tool").is_string()) continue;
      try {
        read_step(step_from_json(step.at("tool").get<std::string>(), step.value("input", json::object())), box, d,
                  lookup, filter_sql);
      } catch (const PlanError&) {
        // A step of an odd shape (an LLM's) tells nothing more.
      }
    }
  }
  auto add = [&](TurnClass c) { d.classes.push_back(c); };
  const bool answer = plan.is_object() && plan.contains("answer");
  if (answer) add(TurnClass::answer_only);
  if (lookup) add(TurnClass::lookup);
  if (shown == 0 && !lookup && !answer) add(TurnClass::empty_result);
  for (const std::string& y : title_years(turn.text))
    if (filter_sql.find(y) != std::string::npos) {
      add(TurnClass::title_year_filter);
      break;
    }
  bool wrong = false, any_named_seed = false;
  for (ItemIndex s : d.seeds) {
    const bool named = has(turn.named, s) || has(named_before, s);
    wrong = wrong || !named;
    any_named_seed = any_named_seed || named;
  }
  if (wrong) add(TurnClass::wrong_title);
  if (!turn.named.empty() && !std::any_of(turn.named.begin(), turn.named.end(), [&](ItemIndex i) { return has(d.seeds, i); }))
    add(TurnClass::missed_titles);
  if (turn.named.empty() && !named_before.empty() && !any_named_seed) add(TurnClass::forgot_earlier);
  if (!d.conditions.empty()) add(TurnClass::filtered);
  if (any_named_seed && !wrong) add(TurnClass::seeded);
  if (d.seeds.empty() && d.conditions.empty()) add(TurnClass::generic);
  if (d.classes.empty()) add(TurnClass::generic);
  return d;
}

}  // namespace interec

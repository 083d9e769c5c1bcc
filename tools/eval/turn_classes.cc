#include "tools/eval/turn_classes.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tools/tool_util.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using json = nlohmann::json;

bool has(const std::vector<ItemIndex>& v, ItemIndex i) { return std::find(v.begin(), v.end(), i) != v.end(); }

// The names a step gives items by, whatever form its input takes.
std::vector<std::string> step_names(const std::string& tool, const json& in) {
  try {
    if (tool == "candidate_store") {
      if (in.is_object()) return tool_util::names(in.value("items", json()), "candidate_store", "items");
      return tool_util::names(in, "candidate_store", "items");
    }
    if (!in.is_object()) return {};
    if (tool == "soft_filter") return tool_util::names(in.value("similar_to", json()), "soft_filter", "similar_to");
    if (tool == "rank") return tool_util::names(in.value("prefer", json()), "rank", "prefer");
  } catch (const std::exception&) {
    // Not a list of names: the step names no item.
  }
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
// hard-filter SQL. Plan inputs are JSON values (plan_to_json).
void read_step(const json& step, const Toolbox& box, TurnDiagnosis& d, bool& lookup, std::string& filter_sql) {
  const std::string tool = step.value("tool", "");
  const json in = step.value("input", json());
  if (tool == "lookup") lookup = true;
  if (tool == "hard_filter" && in.is_string()) {
    filter_sql += in.get<std::string>();
    d.conditions.push_back(in.get<std::string>());
  } else if (tool == "hard_filter" && in.is_object()) {
    filter_sql += in.value("sql", "");
    for (const json& c : in.value("conditions", json::array()))
      if (c.is_object()) d.conditions.push_back(c.value("label", c.value("sql", "")));
    if (d.conditions.empty()) d.conditions.push_back(in.value("sql", ""));
  }
  for (ItemIndex i : tool_util::resolve(box, step_names(tool, in)).items)
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
      if (!step.is_object()) continue;
      try {
        read_step(step, box, d, lookup, filter_sql);
      } catch (const json::exception&) {
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

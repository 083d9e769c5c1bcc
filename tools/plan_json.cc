#include "tools/plan_json.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace interec {
namespace {

using json = nlohmann::json;

// The names, in the order of ToolKind (and of Step's alternatives).
constexpr const char* kNames[] = {"lookup", "candidate_store", "hard_filter", "soft_filter", "rank", "map"};
constexpr const char* kSchemas[] = {"preference", "similarity", "popularity"};

// Every refusal names the tool: "rank: unknown input field ...".
[[noreturn]] void fail(const char* tool, const std::string& message) {
  throw PlanError(std::string(tool) + ": " + message);
}

// Refuses a key outside `allowed`, naming the allowed ones.
void check_keys(const json& obj, const char* tool, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (ok) continue;
    std::string list;
    for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + "\"" + a + "\"";
    fail(tool, "unknown input field \"" + it.key() + "\" (fields: " + list + ")");
  }
}

// A list of names: a JSON array of strings or one string; blank names are
// dropped. `what` names the field in messages ("similar_to").
std::vector<std::string> names(const json& v, const char* tool, const char* what) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (!e.is_string()) fail(tool, std::string("\"") + what + "\" must be a list of item names (strings)");
      out.push_back(e.get<std::string>());
    }
  } else if (!v.is_null()) {
    fail(tool, std::string("\"") + what + "\" must be a list of item names (strings)");
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }),
            out.end());
  return out;
}

std::string sql_of(const json& input, const char* tool, std::initializer_list<const char*> keys,
                   const char* form) {
  if (input.is_string()) return input.get<std::string>();
  if (input.is_object() && input.contains("sql") && input.at("sql").is_string()) {
    check_keys(input, tool, keys);
    return input.at("sql").get<std::string>();
  }
  fail(tool, std::string("input must be SQL text or {\"sql\": \"") + form + "\"}");
}

CandidateStoreStep candidate_store_of(const json& input, const char* tool) {
  CandidateStoreStep s;
  if (input.is_string() || input.is_array()) {
    s.items = names(input, tool, "items");
  } else if (input.is_object() && input.contains("items")) {
    check_keys(input, tool, {"items"});
    s.items = names(input.at("items"), tool, "items");
  } else {
    fail(tool, "input must be a list of item names, one name, or {\"items\": [names]}");
  }
  if (s.items.empty()) fail(tool, "no item names given");
  return s;
}

// Conditions are labels for reflection; an entry that is no object is not
// one (a model's stray note), and is left out rather than failing the plan.
std::vector<Condition> conditions_of(const json& input) {
  std::vector<Condition> out;
  auto list = input.find("conditions");
  if (list == input.end() || !list->is_array()) return out;
  for (const auto& c : *list) {
    if (!c.is_object()) continue;
    Condition cond;
    if (auto v = c.find("label"); v != c.end() && v->is_string()) cond.label = v->get<std::string>();
    if (auto v = c.find("sql"); v != c.end() && v->is_string()) cond.sql = v->get<std::string>();
    if (auto v = c.find("priority"); v != c.end() && v->is_number())
      cond.priority = static_cast<int>(std::clamp(v->get<double>(), -1e6, 1e6));
    if (cond.label.empty()) cond.label = cond.sql;
    if (cond.label.empty()) continue;
    auto id = c.find("id");
    cond.id = id != c.end() && id->is_string() ? id->get<std::string>() : condition_id(cond.sql, cond.label);
    out.push_back(std::move(cond));
  }
  return out;
}

HardFilterStep hard_filter_of(const json& input, const char* tool) {
  HardFilterStep s;
  s.sql = sql_of(input, tool, {"sql", "conditions", "condition"}, "SELECT item_id FROM items WHERE ...");
  if (input.is_object()) s.conditions = conditions_of(input);
  return s;
}

SoftFilterStep soft_filter_of(const json& input, const char* tool) {
  if (!input.is_object() || (!input.contains("similar_to") && !input.contains("text")))
    fail(tool, "input must be {\"similar_to\": [item names]} and/or {\"text\": \"free text\"}");
  check_keys(input, tool, {"similar_to", "text"});
  SoftFilterStep s;
  if (input.contains("similar_to")) s.similar_to = names(input.at("similar_to"), tool, "similar_to");
  if (input.contains("text")) {
    const auto& t = input.at("text");
    if (t.is_string()) s.text = t.get<std::string>();
    else if (!t.is_null()) fail(tool, "\"text\" must be a string");
  }
  if (s.similar_to.empty() && s.text.find_first_not_of(" \t\r\n") == std::string::npos)
    fail(tool, "give item names in \"similar_to\" or words in \"text\"");
  return s;
}

// "soft": [{"column": "tags", "value": "feel-good", "weight": 0.8}, ...]
std::vector<SoftValue> soft_values_of(const json& list, const char* tool) {
  const char* shape = "\"soft\" must be a list of {\"column\": name, \"value\": value, \"weight\": -1..1}";
  if (!list.is_array()) fail(tool, shape);
  std::vector<SoftValue> out;
  for (const auto& e : list) {
    if (!e.is_object() || !e.contains("column") || !e.contains("value") || !e.at("column").is_string() ||
        !e.at("value").is_string())
      fail(tool, shape);
    check_keys(e, tool, {"column", "value", "weight"});
    SoftValue v{e.at("column").get<std::string>(), e.at("value").get<std::string>(), 1.0f};
    if (auto w = e.find("weight"); w != e.end() && !w->is_null()) {
      if (!w->is_number() || !std::isfinite(w->get<double>())) fail(tool, shape);
      v.weight = static_cast<float>(std::clamp(w->get<double>(), -1.0, 1.0));
    }
    out.push_back(std::move(v));
  }
  return out;
}

RankStep rank_of(const json& input, const char* tool) {
  if (!input.is_object() && !input.is_null())
    fail(tool, "input must be {\"schema\": \"preference\"|\"similarity\"|\"popularity\", "
                          "\"prefer\": [names], \"unwanted\": [names], \"soft\": [{\"column\", \"value\", \"weight\"}]}");
  RankStep s;
  if (!input.is_object()) return s;
  check_keys(input, tool, {"schema", "prefer", "unwanted", "soft"});
  if (auto it = input.find("schema"); it != input.end() && !it->is_null()) {
    if (!it->is_string()) fail(tool, "\"schema\" must be \"preference\", \"similarity\" or \"popularity\"");
    const std::string name = it->get<std::string>();
    auto known = std::find(std::begin(kSchemas), std::end(kSchemas), name);
    if (known == std::end(kSchemas))
      fail(tool, "unknown schema \"" + name + "\" (schemas: preference, similarity, popularity)");
    s.schema = static_cast<RankSchema>(known - std::begin(kSchemas));
  }
  if (auto it = input.find("prefer"); it != input.end()) s.prefer = names(*it, tool, "prefer");
  if (auto it = input.find("unwanted"); it != input.end()) s.unwanted = names(*it, tool, "unwanted");
  if (auto it = input.find("soft"); it != input.end() && !it->is_null()) s.soft = soft_values_of(*it, tool);
  return s;
}

MapStep map_of(const json& input, const char* tool) {
  if (!input.is_object() && !input.is_null()) fail(tool, "input must be {\"n\": N, \"exclude_seen\": true}");
  MapStep s;
  if (!input.is_object()) return s;
  check_keys(input, tool, {"n", "exclude_seen"});
  if (auto it = input.find("n"); it != input.end() && !it->is_null()) {
    if (!it->is_number()) fail(tool, "\"n\" must be a number");
    const double v = it->get<double>();
    if (std::isfinite(v)) s.n = static_cast<size_t>(std::clamp(v, 1.0, static_cast<double>(kMaxListLength)));
  }
  if (auto it = input.find("exclude_seen"); it != input.end() && !it->is_null()) {
    if (!it->is_boolean()) fail(tool, "\"exclude_seen\" must be true or false");
    s.exclude_seen = it->get<bool>();
  }
  return s;
}

json conditions_json(const std::vector<Condition>& conditions) {
  json list = json::array();
  for (const auto& c : conditions) {
    json j = {{"label", c.label}, {"priority", c.priority}};
    if (!c.sql.empty()) j["sql"] = c.sql;
    if (c.id != condition_id(c.sql, c.label)) j["id"] = c.id;  // a derived id is not written
    list.push_back(std::move(j));
  }
  return list;
}

struct InputJson {
  json operator()(const LookupStep& s) const { return s.sql; }
  json operator()(const CandidateStoreStep& s) const { return s.items; }
  json operator()(const HardFilterStep& s) const {
    if (s.conditions.empty()) return s.sql;
    return json{{"sql", s.sql}, {"conditions", conditions_json(s.conditions)}};
  }
  json operator()(const SoftFilterStep& s) const {
    json j = json::object();
    if (!s.similar_to.empty()) j["similar_to"] = s.similar_to;
    if (!s.text.empty()) j["text"] = s.text;
    return j;
  }
  json operator()(const RankStep& s) const {
    json j = {{"schema", kSchemas[static_cast<size_t>(s.schema)]}};
    if (!s.prefer.empty()) j["prefer"] = s.prefer;
    if (!s.unwanted.empty()) j["unwanted"] = s.unwanted;
    if (!s.soft.empty()) {
      json soft = json::array();
      for (const auto& v : s.soft)
        soft.push_back({{"column", v.column}, {"value", v.value}, {"weight", std::round(static_cast<double>(v.weight) * 100) / 100}});
      j["soft"] = std::move(soft);
    }
    return j;
  }
  json operator()(const MapStep& s) const {
    json j = {{"n", s.n}};
    if (!s.exclude_seen) j["exclude_seen"] = false;
    return j;
  }
};

std::vector<Step> steps_from_json(const json& arr) {
  std::vector<Step> steps;
  for (size_t k = 0; k < arr.size(); ++k) {
    const auto& s = arr[k];
    const std::string where = "plan step " + std::to_string(k + 1);
    if (!s.is_object()) throw PlanError(where + " is not an object like {\"tool\": \"map\", \"input\": {...}}");
    auto t = s.find("tool");
    if (t == s.end()) throw PlanError(where + " has no \"tool\"");
    if (!t->is_string()) throw PlanError(where + ": \"tool\" must be a string");
    const std::string tool = t->get<std::string>();
    if (!tool_kind(tool)) throw PlanError(where + ": unknown tool \"" + tool + "\" (tools: " + tool_names() + ")");
    auto in = s.find("input");
    steps.push_back(step_from_json(tool, in == s.end() ? json::object() : *in));
  }
  return steps;
}

}  // namespace

const char* tool_name(ToolKind kind) { return kNames[static_cast<size_t>(kind)]; }

std::string to_string(RankSchema schema) { return kSchemas[static_cast<size_t>(schema)]; }

std::optional<ToolKind> tool_kind(const std::string& name) {
  for (ToolKind kind : kAllTools)
    if (name == tool_name(kind)) return kind;
  return std::nullopt;
}

std::string tool_names() {
  std::string s;
  for (ToolKind kind : kAllTools) s += std::string(s.empty() ? "" : ", ") + tool_name(kind);
  return s;
}

Step step_from_json(const std::string& tool, const json& input) {
  const auto kind = tool_kind(tool);
  if (!kind) throw PlanError("unknown tool \"" + tool + "\" (tools: " + tool_names() + ")");
  const char* name = tool_name(*kind);
  switch (*kind) {
    case ToolKind::lookup: return LookupStep{sql_of(input, name, {"sql"}, "SELECT ...")};
    case ToolKind::candidate_store: return candidate_store_of(input, name);
    case ToolKind::hard_filter: return hard_filter_of(input, name);
    case ToolKind::soft_filter: return soft_filter_of(input, name);
    case ToolKind::rank: return rank_of(input, name);
    case ToolKind::map: return map_of(input, name);
  }
  throw PlanError("unknown tool \"" + tool + "\"");
}

json step_input_json(const Step& step) { return std::visit(InputJson{}, step); }

Plan plan_from_json(const json& j) {
  Plan plan;
  if (j.is_array()) {
    plan.steps = steps_from_json(j);
    return plan;
  }
  if (!j.is_object())
    throw PlanError("a plan must be a JSON array of steps, {\"plan\": [...]} or {\"answer\": \"...\"}");
  auto p = j.find("plan");
  auto a = j.find("answer");
  if (p == j.end() && a == j.end())
    throw PlanError("a plan object needs \"plan\" (an array of steps) or \"answer\" (text)");
  if (p != j.end()) {
    if (!p->is_array()) throw PlanError("\"plan\" must be an array of steps");
    plan.steps = steps_from_json(*p);
  }
  if (a != j.end() && !a->is_null()) {
    if (!a->is_string()) throw PlanError("\"answer\" must be a string");
    if (!plan.steps.empty()) throw PlanError("a plan cannot have both tool steps and an \"answer\"");
    plan.answer = a->get<std::string>();
  }
  return plan;
}

json plan_to_json(const Plan& plan) {
  if (plan.answer && plan.steps.empty()) return json{{"answer", *plan.answer}};
  json arr = json::array();
  for (const Step& s : plan.steps) arr.push_back({{"tool", tool_name(s)}, {"input", step_input_json(s)}});
  return arr;
}

}  // namespace interec

#include "brain/llm/llm_plan.h"

#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include "brain/fuzzy.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using nlohmann::json;

// Names models give the tools, in fuzzy::snake form without '_'. Built from
// what models write when they paraphrase the tool descriptions.
const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> table = {
    {"query", "lookup"}, {"sql", "lookup"}, {"sqlquery", "lookup"}, {"search", "lookup"},
    {"iteminfo", "lookup"}, {"info", "lookup"}, {"lookupitem", "lookup"}, {"lookupitems", "lookup"},
    {"itemlookup", "lookup"}, {"databasequery", "lookup"}, {"querydatabase", "lookup"},
    {"lookupquery", "lookup"}, {"answerquestion", "lookup"},
    {"candidates", "candidate_store"}, {"store", "candidate_store"},
    {"storecandidates", "candidate_store"}, {"candidatestorage", "candidate_store"},
    {"candidatesstore", "candidate_store"}, {"storeitems", "candidate_store"},
    {"setcandidates", "candidate_store"}, {"itemstore", "candidate_store"},
    {"candidate", "candidate_store"}, {"storecandidate", "candidate_store"},
    {"filter", "hard_filter"}, {"sqlfilter", "hard_filter"}, {"hardcondition", "hard_filter"},
    {"hardconditions", "hard_filter"}, {"conditionfilter", "hard_filter"},
    {"attributefilter", "hard_filter"}, {"hardconstraint", "hard_filter"},
    {"hardfilters", "hard_filter"}, {"filterhard", "hard_filter"}, {"filteritems", "hard_filter"},
    {"similar", "soft_filter"}, {"similarity", "soft_filter"}, {"similaritems", "soft_filter"},
    {"similarto", "soft_filter"}, {"softcondition", "soft_filter"}, {"softconditions", "soft_filter"},
    {"similarityfilter", "soft_filter"}, {"softfilters", "soft_filter"}, {"filtersoft", "soft_filter"},
    {"knn", "soft_filter"}, {"semanticfilter", "soft_filter"}, {"retrievesimilar", "soft_filter"},
    {"ranking", "rank"}, {"ranker", "rank"}, {"sort", "rank"}, {"order", "rank"}, {"rerank", "rank"},
    {"rankitems", "rank"}, {"rankcandidates", "rank"}, {"sortitems", "rank"}, {"orderby", "rank"},
    {"mapping", "map"}, {"mapper", "map"}, {"topn", "map"}, {"top", "map"}, {"maptitles", "map"},
    {"mapitems", "map"}, {"itemmapping", "map"}, {"mapids", "map"}, {"select", "map"},
    {"pick", "map"}, {"output", "map"}, {"result", "map"}, {"results", "map"}, {"final", "map"},
    {"recommend", "map"}, {"showitems", "map"}, {"returnitems", "map"},
  };
  return table;
}

std::string squash(const std::string& snake) {
  std::string out;
  for (char c : snake)
    if (c != '_') out += c;
  return out;
}

// Text of the first ``` fence, without its language tag; nullopt when none.
std::optional<std::string_view> fenced(std::string_view text) {
  size_t open = text.find("```");
  if (open == std::string_view::npos) return std::nullopt;
  size_t start = text.find('\n', open);
  if (start == std::string_view::npos) return std::nullopt;
  size_t close = text.find("```", start);
  if (close == std::string_view::npos) close = text.size();  // cut off mid-fence
  return text.substr(start + 1, close - start - 1);
}

// The end (exclusive) of the balanced value opening at text[pos], or npos.
size_t balanced_end(std::string_view text, size_t pos) {
  std::vector<char> stack;
  bool in_string = false, escaped = false;
  for (size_t k = pos; k < text.size(); ++k) {
    char c = text[k];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') stack.push_back(c == '[' ? ']' : '}');
    else if (c == ']' || c == '}') {
      if (stack.empty() || stack.back() != c) return std::string_view::npos;
      stack.pop_back();
      if (stack.empty()) return k + 1;
    }
  }
  return std::string_view::npos;
}

json parse_quiet(std::string_view s) {
  json j = json::parse(s.begin(), s.end(), nullptr, false);
  return j.is_discarded() ? json() : j;
}

const json* find_key(const json& obj, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = obj.find(k);
    if (it != obj.end()) return &*it;
  }
  return nullptr;
}

// One step object as the model wrote it -> {"tool": real, "input": ...}.
json normalise_step(const json& s, size_t k, std::vector<std::string>& repairs) {
  const std::string where = "step " + std::to_string(k + 1);
  if (!s.is_object()) return s;  // plan_from_json says what is wrong
  json tool, input;
  if (const json* t = find_key(s, {"tool", "name", "tool_name", "action", "function"})) {
    tool = *t;
    if (const json* in = find_key(s, {"input", "args", "arguments", "parameters", "params",
                                      "tool_input", "action_input"}))
      input = *in;
  } else if (s.size() == 1 && map_tool_name(s.begin().key())) {
    // {"hard_filter": "SELECT ..."}
    tool = s.begin().key();
    input = s.begin().value();
  } else {
    return s;
  }
  if (input.is_string() && tool.is_string()) {
    // Some models double-encode the input object as a string.
    const std::string& text = input.get_ref<const std::string&>();
    if (!text.empty() && text.front() == '{') {
      json inner = parse_quiet(text);
      if (inner.is_object()) {
        input = inner;
        repairs.push_back(where + ": input given as JSON text, read as an object");
      }
    }
  }
  if (tool.is_string()) {
    const std::string name = tool.get<std::string>();
    if (auto real = map_tool_name(name)) {
      if (*real != name) repairs.push_back(where + ": tool \"" + name + "\" read as \"" + *real + "\"");
      tool = *real;
    }
    const auto real = tool_kind(tool.get<std::string>());
    const bool sql_tool = real == ToolKind::lookup || real == ToolKind::hard_filter;
    if (sql_tool && input.is_object() && !input.contains("sql"))
      if (const json* q = find_key(input, {"query", "sql_query", "statement", "condition"})) {
        json fixed = input;
        fixed["sql"] = *q;
        for (const char* k : {"query", "sql_query", "statement", "condition"}) fixed.erase(k);
        input = fixed;
        repairs.push_back(where + ": SQL read from its \"query\" field");
      }
    if (real == ToolKind::map && input.is_number_integer()) input = json{{"n", input}};
  }
  json out = {{"tool", tool}};
  if (!input.is_null()) out["input"] = input;
  return out;
}

}  // namespace

std::optional<std::string> map_tool_name(std::string_view name) {
  std::string s = fuzzy::snake(name);
  if (tool_kind(s)) return s;
  for (const char* suffix : {"_tool", "tool"})
    if (s.size() > std::string(suffix).size() + 1 &&
        s.compare(s.size() - std::string(suffix).size(), std::string::npos, suffix) == 0) {
      s.erase(s.size() - std::string(suffix).size());
      if (!s.empty() && s.back() == '_') s.pop_back();
    }
  const std::string flat = squash(s);
  std::vector<std::string> flats;
  for (ToolKind kind : kAllTools) {
    flats.push_back(squash(tool_name(kind)));
    if (flat == flats.back()) return std::string(tool_name(kind));
  }
  auto a = aliases().find(flat);
  if (a != aliases().end()) return a->second;
  if (flat.size() >= 3) {
    int k = fuzzy::nearest(flat, flats);
    if (k >= 0) return std::string(tool_name(kAllTools[k]));
  }
  return std::nullopt;
}

json extract_json(std::string_view text) {
  if (auto f = fenced(text)) {
    json j = parse_quiet(*f);
    if (!j.is_null()) return j;
    text = *f;  // text around the JSON inside the fence: scan it below
  }
  json whole = parse_quiet(text);
  if (whole.is_array() || whole.is_object()) return whole;
  int tries = 0;
  for (size_t pos = 0; pos < text.size() && tries < 20; ++pos) {
    if (text[pos] != '[' && text[pos] != '{') continue;
    ++tries;
    size_t end = balanced_end(text, pos);
    if (end == std::string_view::npos) continue;
    json j = parse_quiet(text.substr(pos, end - pos));
    if (!j.is_null()) return j;
  }
  return json();
}

LlmPlanParse parse_llm_plan(std::string_view answer) {
  LlmPlanParse out;
  static constexpr const char* kFormat =
    "Answer with only a JSON array of steps like [{\"tool\": \"hard_filter\", \"input\": "
    "\"SELECT item_id FROM items WHERE ...\"}, {\"tool\": \"map\", \"input\": {\"n\": 5}}], "
    "or {\"answer\": \"...\"} to reply without tools.";
  std::string_view trimmed = answer;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  if (trimmed.empty()) {
    out.error = std::string("Your answer was empty. ") + kFormat;
    return out;
  }
  json j;
  try {
    j = extract_json(answer);
  } catch (...) {
    j = json();
  }
  if (j.is_null()) {
    out.error = std::string("I found no JSON plan in your answer. ") + kFormat;
    return out;
  }
  try {
    json steps;
    if (j.is_object()) {
      if (const json* p = find_key(j, {"plan", "steps", "tools", "actions", "tool_calls"})) {
        if (p->is_array()) steps = *p;
        if (steps.is_array() && !steps.empty() && j.contains("answer") && !j["answer"].is_null()) {
          out.error = std::string("Your plan cannot have both tool steps and an \"answer\". ") + kFormat;
          return out;
        }
      } else if (find_key(j, {"tool", "name", "tool_name"})) {
        steps = json::array({j});
        out.repairs.push_back("a single step object read as a one-step plan");
      }
      if (steps.is_null()) {
        if (const json* a = find_key(j, {"answer", "response", "reply", "message"}))
          if (a->is_string()) {
            Plan plan;
            plan.answer = a->get<std::string>();
            if (plan.answer->empty()) {
              out.error = std::string("Your answer was an empty \"answer\". ") + kFormat;
              return out;
            }
            out.plan = std::move(plan);
            return out;
          }
      }
    } else if (j.is_array()) {
      steps = j;
    }
    if (!steps.is_array()) {
      out.error = std::string("Your JSON is not a plan. ") + kFormat;
      return out;
    }
    if (steps.empty()) {
      out.error = std::string("Your plan has no steps. ") + kFormat;
      return out;
    }
    json fixed = json::array();
    for (size_t k = 0; k < steps.size(); ++k) fixed.push_back(normalise_step(steps[k], k, out.repairs));
    out.plan = plan_from_json(fixed);
  } catch (const PlanError& e) {
    out.plan.reset();
    out.error = std::string("Your plan is broken: ") + e.what() + ". " + kFormat;
  } catch (const std::exception& e) {
    out.plan.reset();
    out.error = std::string("Your plan could not be read (") + e.what() + "). " + kFormat;
  }
  return out;
}

}  // namespace interec

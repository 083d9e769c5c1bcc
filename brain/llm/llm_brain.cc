#include "brain/llm/llm_brain.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "brain/fuzzy.h"
#include "brain/llm/llm_plan.h"
#include "brain/rules/rules_brain.h"
#include "brain/rules/vocabulary.h"
#include "brain/llm/llm_chat.h"
#include "tools/toolbox.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using nlohmann::json;

constexpr size_t kMaxRequestBytes = 4000;

// What the model reads about the tools; the same words as docs/architecture.md.
constexpr const char* kSystemHead = R"(You are the planning brain of a recommender agent. You never recommend from memory: you write a plan of tool calls, the tools find real items in the catalog, and the agent shows the user what the tools found.

Tools. They run in order over one list of candidates, which starts as the whole catalog:
- lookup: answers a question about items. Input: one SQL SELECT over table items (at most 20 rows are shown).
- candidate_store: makes the items the user named the candidates. Input: a list of names, e.g. ["Name One", "Name Two"].
- hard_filter: keeps the candidates matching conditions. Input: "SELECT item_id FROM items WHERE ...".
- soft_filter: scores the candidates by similarity to seed items and/or a free text. Input: {"similar_to": [names], "text": "words"}.
- rank: orders the candidates. Input: {"schema": "preference" (the user's taste) | "similarity" (the soft_filter scores) | "popularity", "prefer": [names], "unwanted": [names]}.
- map: gives the user the top n candidates (skipping what the user has seen). Input: {"n": N}. Last step of every recommendation.

Answer with ONLY a JSON array of steps, [{"tool": NAME, "input": INPUT}, ...], no other text. To reply without tools (greetings, thanks, questions about you), answer {"answer": "your reply"}. Never list items yourself: let the tools find them.

SQL rules: one SELECT over table items only; a column holding several values separated by '|' is tested with LIKE '%Value%'; use only the columns and values listed below.)";

std::string cut_to(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // keep UTF-8 whole
  return s.substr(0, n) + "...";
}

std::string lower_text(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

// The schema lines of each column, and each categorical column's values by
// frequency (for "the values nearest the request").
struct LlmBrain::Schema {
  struct Column {
    std::string head;                 // "- genres (text, several values per item ...): meaning"
    int categorical = -1;             // index into Vocabulary::categorical()
    std::vector<std::string> values;  // most frequent first
  };
  std::vector<Column> columns;
};

LlmBrain::LlmBrain(std::shared_ptr<const Toolbox> box, LlmConfig config, const Resources& resources,
                   std::shared_ptr<const Demonstrations> demos)
    : box_(std::move(box)), config_(std::move(config)) {
  RulesBrainOptions rules_options;
  rules_options.synonyms_path = resources.synonyms();
  rules_options.moods_path = resources.moods();
  rules_ = std::make_shared<const RulesBrain>(box_, rules_options);
  const Vocabulary& vocab = rules_->vocabulary();
  demos_ = demos ? std::move(demos)
                 : Demonstrations::load(config_.demos_path.empty() ? resources.demonstrations() : config_.demos_path,
                                        *box_, vocab);
  const Catalog& catalog = *box_->dataset->catalog;
  grounder_ = std::make_unique<SqlGrounder>(catalog, vocab);
  system_head_ = kSystemHead;
  schema_ = std::make_unique<Schema>();
  std::map<size_t, size_t> categorical_of;
  for (size_t k = 0; k < vocab.categorical().size(); ++k) categorical_of[vocab.categorical()[k].column] = k;
  for (size_t c = 0; c < catalog.columns().size(); ++c) {
    const ColumnInfo& info = catalog.columns()[c];
    Schema::Column col;
    std::string head = "- " + info.name + " (";
    switch (info.type) {
      case ColumnType::integer: head += "integer"; break;
      case ColumnType::real: head += "number"; break;
      case ColumnType::date: head += "date YYYY-MM-DD"; break;
      default: head += "text"; break;
    }
    if (info.multi) head += ", several values per item separated by '|'";
    if ((info.type == ColumnType::integer || info.type == ColumnType::real) && !std::isnan(info.min))
      head += ", from " + number(info.min) + " to " + number(info.max);
    head += ")";
    if (!info.description.empty()) head += ": " + info.description;
    col.head = head;
    if (auto it = categorical_of.find(c); it != categorical_of.end()) {
      col.categorical = static_cast<int>(it->second);
      std::vector<std::pair<size_t, std::string>> by_count;
      for (const auto& [value, n] : vocab.categorical()[it->second].counts) by_count.emplace_back(n, value);
      std::sort(by_count.begin(), by_count.end(), [](auto& a, auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (auto& [n, value] : by_count) col.values.push_back(value);
    }
    schema_->columns.push_back(std::move(col));
  }
}

LlmBrain::~LlmBrain() = default;

void LlmBrain::set_demo_vectors(std::vector<std::vector<float>> vectors) {
  if (vectors.size() == demos_->all().size()) demo_vectors_ = std::move(vectors);
}

LlmCall LlmBrain::chat_call(const json& messages, int max_tokens) const {
  return chat_completions_call(config_, messages, max_tokens);
}

LlmCall LlmBrain::embeddings_call(const std::vector<std::string>& inputs) const {
  LlmCall call;
  std::string base = config_.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string key = llm_api_key(config_);
  call.url = base + "/embeddings";
  if (!key.empty()) call.headers.push_back("Authorization: Bearer " + key);
  call.headers.push_back("Content-Type: application/json");
  call.body = json{{"model", config_.embedding_model}, {"input", inputs}}.dump(
    -1, ' ', false, json::error_handler_t::replace);
  return call;
}

ChatContent LlmBrain::read_chat(const std::string& body) {
  ChatContent out;
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    out.error = "the endpoint's answer is not JSON (" + cut_to(body, 80) + ")";
    return out;
  }
  if (j.contains("error")) {
    const json& e = j["error"];
    out.error = "the endpoint reported an error: " +
                (e.is_object() && e.contains("message") && e["message"].is_string()
                   ? e["message"].get<std::string>() : cut_to(e.dump(), 200));
    return out;
  }
  if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].empty() ||
      !j["choices"][0].is_object()) {
    out.error = "the endpoint's answer has no choices";
    return out;
  }
  const json& c = j["choices"][0];
  const json* content = nullptr;
  if (c.contains("message") && c["message"].is_object() && c["message"].contains("content"))
    content = &c["message"]["content"];
  else if (c.contains("text"))
    content = &c["text"];
  out.ok = true;
  if (content && content->is_string()) out.content = content->get<std::string>();
  return out;
}

std::optional<std::vector<std::vector<float>>> LlmBrain::read_embeddings(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("data") || !j["data"].is_array()) return std::nullopt;
  const json& data = j["data"];
  std::vector<std::vector<float>> out(data.size());
  for (size_t k = 0; k < data.size(); ++k) {
    const json& d = data[k];
    if (!d.is_object() || !d.contains("embedding") || !d["embedding"].is_array()) return std::nullopt;
    size_t index = d.contains("index") && d["index"].is_number_unsigned() ? d["index"].get<size_t>() : k;
    if (index >= out.size()) return std::nullopt;
    for (const auto& x : d["embedding"]) {
      if (!x.is_number()) return std::nullopt;
      out[index].push_back(x.get<float>());
    }
  }
  return out;
}

std::vector<size_t> LlmBrain::chosen_demos(const std::string& request,
                                           const std::vector<float>* query_vector) const {
  if (query_vector && !demo_vectors_.empty())
    return demos_->select_by_vectors(request, *query_vector, demo_vectors_, config_.num_demos);
  return demos_->select(request, config_.num_demos);
}

std::string LlmBrain::schema_text(const std::string& request) const {
  const Vocabulary& vocab = rules_->vocabulary();
  const auto tokens = tokenize_text(request);
  // Values the request names (with stems and synonyms), per vocabulary column.
  std::map<size_t, std::vector<std::string>> named;
  for (size_t pos = 0; pos < tokens.size(); ++pos)
    if (auto m = vocab.match_value(tokens, pos, tokens.size())) named[m->column].push_back(m->value);
  std::vector<std::string> words;
  for (const auto& t : tokens)
    if (t.kind == Token::word && t.norm.size() >= 4 && !text::is_stopword(t.norm)) words.push_back(t.norm);

  std::string out = "Catalog: table items(item_id TEXT, title TEXT, ...), " +
                    std::to_string(box_->dataset->catalog->size()) + " items. Columns:\n";
  out += "- item_id (text): the item's id\n- title (text): the item's name\n";
  for (const auto& col : schema_->columns) {
    out += col.head;
    if (col.categorical >= 0 && !col.values.empty()) {
      std::vector<std::string> shown;
      auto add = [&](const std::string& v) {
        if (shown.size() < config_.values_per_column && std::find(shown.begin(), shown.end(), v) == shown.end())
          shown.push_back(v);
      };
      if (auto it = named.find(static_cast<size_t>(col.categorical)); it != named.end())
        for (const auto& v : it->second) add(v);
      // Near spellings of the request's words (typos, plural forms).
      for (const auto& w : words)
        for (const auto& v : col.values) {
          std::string lv = lower_text(v);
          if (lv.size() >= 4 && fuzzy::edit_distance(w, lv, 2) <= 2) add(v);
        }
      for (const auto& v : col.values) add(v);
      out += ". Values include: ";
      for (size_t k = 0; k < shown.size(); ++k) out += (k ? ", " : "") + shown[k];
      if (col.values.size() > shown.size())
        out += " (" + std::to_string(col.values.size()) + " in all)";
    }
    out += "\n";
  }
  return out;
}

std::string LlmBrain::profile_text(const UserContext& user) const {
  const Catalog& catalog = *box_->dataset->catalog;
  auto titles = [&](const std::vector<ItemIndex>& items, size_t max) {
    std::string s;
    size_t n = 0;
    for (auto it = items.rbegin(); it != items.rend() && n < max; ++it, ++n) {
      if (*it < 0 || static_cast<size_t>(*it) >= catalog.size()) continue;
      (s += s.empty() ? "" : "; ") += catalog.title(*it);
    }
    return s;
  };
  std::string out;
  if (!user.liked.empty()) out += "- likes: " + titles(user.liked, 10) + "\n";
  if (!user.disliked.empty()) out += "- dislikes: " + titles(user.disliked, 10) + "\n";
  if (!user.disliked_values.empty()) {
    out += "- dislikes the values:";
    for (const auto& v : user.disliked_values) out += " " + v;
    out += "\n";
  }
  if (!user.history.empty())
    out += "- has consumed " + std::to_string(user.history.size()) + " items, lately: " +
           titles(user.history, 5) + "\n";
  return out.empty() ? "- nothing known yet\n" : out;
}

std::string LlmBrain::dialogue_text(const std::vector<std::string>& dialogue) const {
  if (dialogue.empty()) return "";
  std::string out;
  const size_t keep = std::min(dialogue.size(), config_.dialogue_lines);
  const size_t older = dialogue.size() - keep;
  if (older > 0) {
    // A long dialogue is summarised by what the user asked earlier.
    std::string asked;
    for (size_t k = 0; k < older && asked.size() < 400; ++k)
      if (dialogue[k].rfind("user: ", 0) == 0) asked += (asked.empty() ? "" : "; ") + cut_to(dialogue[k].substr(6), 60);
    out += "(earlier, " + std::to_string(older) + " lines; the user asked: " + asked + ")\n";
  }
  for (size_t k = older; k < dialogue.size(); ++k) out += cut_to(dialogue[k], 300) + "\n";
  return out;
}

json LlmBrain::plan_messages(const BrainRequest& request, const std::vector<float>* query_vector) const {
  const std::string text = cut_to(request.text, kMaxRequestBytes);
  std::string user = "Examples of requests and their plans:\n";
  for (size_t i : chosen_demos(text, query_vector)) {
    const auto& d = demos_->all()[i];
    user += "Request: " + d.request + "\nPlan: " + d.plan.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
  }
  user += "The user's profile:\n" + profile_text(request.user);
  const std::string dialogue = dialogue_text(request.dialogue);
  if (!dialogue.empty()) user += "\nThe dialogue so far:\n" + dialogue;
  if (!request.relax.empty()) {
    user += "\nNothing matched every condition; leave out:";
    for (const auto& r : request.relax) user += " " + r + ";";
    user += "\n";
  }
  if (!request.advice.empty()) user += "\nA reviewer looked at your previous attempt: " + request.advice + "\n";
  if (request.items)
    user += "\nList " + std::to_string(request.items) +
            " items (the map step's n) unless the request says how many.\n";
  user += "\nRequest: " + text + "\nPlan:";
  return json::array({{{"role", "system"}, {"content", system_head_ + "\n\n" + schema_text(text)}},
                      {{"role", "user"}, {"content", user}}});
}

PlanAttempt LlmBrain::interpret_plan(const std::string& content, const BrainRequest& request) const {
  PlanAttempt out;
  try {
    LlmPlanParse parsed = parse_llm_plan(content);
    out.repairs = parsed.repairs;
    if (!parsed.plan) {
      out.error = parsed.error;
      return out;
    }
    out.plan.plan = std::move(*parsed.plan);
    for (auto& change : grounder_->ground_plan(out.plan.plan)) out.repairs.push_back(std::move(change));
    for (const Step& s : out.plan.plan.steps)
      if (const auto* map = std::get_if<MapStep>(&s)) out.plan.wanted = map->n;
    // Lasting tastes ("I hate horror") are parsed by the rules, which are
    // deterministic and catalog-aware; the model plans this turn only.
    BrainPlan rules = rules_->plan_const(request);
    out.plan.learned = std::move(rules.learned);
    out.plan.mentioned_values = std::move(rules.mentioned_values);
    out.ok = true;
  } catch (const std::exception& e) {
    out.ok = false;
    out.error = std::string("Your plan could not be used (") + e.what() + ").";
  }
  return out;
}

void LlmBrain::add_repair(json& messages, const std::string& content, const std::string& error) {
  messages.push_back({{"role", "assistant"}, {"content", cut_to(content, 2000)}});
  messages.push_back({{"role", "user"}, {"content", error + "\nPlan:"}});
}

BrainPlan LlmBrain::fallback(const BrainRequest& request, const std::string& why) const {
  BrainPlan plan = rules_->plan_const(request);
  plan.fallback = why.empty() ? std::string("the language model gave no usable plan") : why;
  return plan;
}

json LlmBrain::critic_messages(const std::string& request, const BrainPlan& plan,
                               const std::vector<StepTrace>& trace, const std::string& answer) const {
  std::string user = "Request: " + cut_to(request, kMaxRequestBytes) + "\nPlan: " +
                     plan_to_json(plan.plan).dump(-1, ' ', false, json::error_handler_t::replace) +
                     "\nTool trace:\n";
  size_t n = 0;
  for (const auto& t : trace) {
    user += std::to_string(++n) + ". " + t.tool + " " + cut_to(t.input, 300) + ": candidates " +
            std::to_string(t.before) + " -> " + std::to_string(t.after);
    if (t.error) user += ", ERROR: " + t.error->message;
    user += "\n";
  }
  user += "Answer shown to the user:\n" + cut_to(answer, 3000);
  const std::string system =
    "You review the work of a recommender agent. Given the user's request, the agent's plan, "
    "what each tool did and the answer, decide whether the answer serves the request (right "
    "kind of items, conditions respected, question answered, no tool errors). Reply with ONLY "
    "JSON: {\"accept\": true} or {\"accept\": false, \"advice\": \"what to change in the plan\"}.";
  return json::array({{{"role", "system"}, {"content", system}}, {{"role", "user"}, {"content", user}}});
}

std::optional<Reflection> LlmBrain::read_critic(const std::string& content, const BrainPlan& plan) {
  Reflection r;
  std::string advice;
  json j = extract_json(content);
  if (j.is_object()) {
    const json* verdict = nullptr;
    for (const char* k : {"accept", "accepted", "ok", "verdict", "answer"})
      if (j.contains(k)) {
        verdict = &j[k];
        break;
      }
    if (!verdict) return std::nullopt;
    if (verdict->is_boolean()) r.accept = verdict->get<bool>();
    else if (verdict->is_string()) {
      std::string v = lower_text(verdict->get<std::string>());
      if (v.rfind("yes", 0) == 0 || v == "true" || v == "accept") r.accept = true;
      else if (v.rfind("no", 0) == 0 || v == "false" || v == "reject") r.accept = false;
      else return std::nullopt;
    } else {
      return std::nullopt;
    }
    for (const char* k : {"advice", "reason", "feedback", "suggestion"})
      if (j.contains(k) && j[k].is_string()) {
        advice = j[k].get<std::string>();
        break;
      }
  } else {
    std::string t = content;
    t.erase(0, t.find_first_not_of(" \t\r\n\"*"));
    std::string head = lower_text(t.substr(0, 4));
    if (head.rfind("yes", 0) == 0) r.accept = true;
    else if (head.rfind("no", 0) == 0 && (head.size() < 3 || !std::isalpha(static_cast<unsigned char>(head[2])))) {
      r.accept = false;
      advice = t.substr(2);
      advice.erase(0, advice.find_first_not_of(" ,.:;-\t\r\n"));
    } else {
      return std::nullopt;
    }
  }
  if (!r.accept)
    r.advice = "your plan was " + plan_to_json(plan.plan).dump(-1, ' ', false, json::error_handler_t::replace) +
               " and the reviewer said: " + (advice.empty() ? "the answer does not serve the request" : cut_to(advice, 1000));
  return r;
}

json LlmBrain::compose_messages(const std::string& request, const std::string& draft) const {
  const std::string system =
    "You write the reply of a recommender agent to its user: short and friendly. Keep every fact "
    "of the draft: name every listed item by its exact title, in the same order, and add no "
    "other items and no facts that are not in the draft. Reply with the text only.";
  return json::array({{{"role", "system"}, {"content", system}},
                      {{"role", "user"}, {"content", "Request: " + cut_to(request, kMaxRequestBytes) +
                                                       "\nDraft reply:\n" + draft}}});
}

std::string LlmBrain::read_compose(const ChatContent& content, const std::string& draft) {
  std::string t = content.content;
  t.erase(0, t.find_first_not_of(" \t\r\n"));
  if (!content.ok || t.empty() || t.size() > 8000) return draft;
  return t;
}

}  // namespace interec

#include "brain/dialogue/dialogue_state.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace interec::dialogue {

namespace {

using json = nlohmann::json;

const char* kind_name(Constraint::Kind k) {
  switch (k) {
    case Constraint::Kind::wanted: return "wanted";
    case Constraint::Kind::excluded: return "excluded";
    case Constraint::Kind::range: return "range";
    case Constraint::Kind::excluded_range: return "excluded_range";
  }
  return "wanted";
}

Constraint::Kind kind_of(const std::string& s) {
  if (s == "wanted") return Constraint::Kind::wanted;
  if (s == "excluded") return Constraint::Kind::excluded;
  if (s == "range") return Constraint::Kind::range;
  if (s == "excluded_range") return Constraint::Kind::excluded_range;
  throw std::runtime_error("dialogue state: unknown constraint kind \"" + s + "\"");
}

// NaN bounds are written as null.
json bound(double v) { return std::isnan(v) ? json(nullptr) : json(v); }
double bound_of(const json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

json constraint_json(const Constraint& c) {
  json j = {{"kind", kind_name(c.kind)}, {"column", c.column}, {"turn", c.turn}, {"stated", c.stated}};
  if (c.kind == Constraint::Kind::wanted || c.kind == Constraint::Kind::excluded) {
    j["values"] = c.values;
    if (c.any_or) j["any_or"] = true;
  } else {
    j["lo"] = bound(c.lo);
    j["hi"] = bound(c.hi);
    if (c.lo_strict) j["lo_strict"] = true;
    if (c.hi_strict) j["hi_strict"] = true;
  }
  return j;
}

Constraint constraint_of(const json& j) {
  Constraint c;
  c.kind = kind_of(j.at("kind").get<std::string>());
  c.column = j.at("column").get<std::string>();
  c.turn = j.value("turn", 0);
  c.stated = j.value("stated", true);
  c.values = j.value("values", std::vector<std::string>{});
  c.any_or = j.value("any_or", false);
  if (j.contains("lo")) c.lo = bound_of(j.at("lo"));
  if (j.contains("hi")) c.hi = bound_of(j.at("hi"));
  c.lo_strict = j.value("lo_strict", false);
  c.hi_strict = j.value("hi_strict", false);
  return c;
}

}  // namespace

const ShownList* DialogueState::list(int back) const {
  if (lists.empty()) return nullptr;
  if (back < 0) return &lists.front();
  if (static_cast<size_t>(back) >= lists.size()) return nullptr;
  return &lists[lists.size() - 1 - static_cast<size_t>(back)];
}

void note(std::vector<std::string>& list, const std::string& id) {
  if (id.empty() || std::find(list.begin(), list.end(), id) != list.end()) return;
  list.push_back(id);
  if (list.size() > kMaxItemsNoted) list.erase(list.begin(), list.end() - kMaxItemsNoted);
}

void record_shown(DialogueState& state, std::vector<std::string> items,
                  std::vector<std::vector<std::string>> why) {
  if (items.empty()) return;
  why.resize(items.size());
  if (items.size() == 1) state.focus = items.front();
  state.lists.push_back(ShownList{state.turn, std::move(items), std::move(why)});
  if (state.lists.size() > kMaxLists)
    state.lists.erase(state.lists.begin(), state.lists.end() - kMaxLists);
  for (size_t i = 0; i + 2 < state.lists.size(); ++i) state.lists[i].why.clear();
}

nlohmann::json to_json(const DialogueState& s) {
  json frame = {{"constraints", json::array()}, {"seeds", s.frame.seeds},
                {"popularity", s.frame.popularity}, {"count", s.frame.count},
                {"since", s.frame.since}};
  for (const auto& c : s.frame.constraints) frame["constraints"].push_back(constraint_json(c));
  json lists = json::array();
  for (const auto& l : s.lists) lists.push_back({{"turn", l.turn}, {"items", l.items}, {"why", l.why}});
  json j = {{"turn", s.turn},         {"frame", frame},
            {"liked", s.liked},       {"disliked", s.disliked},
            {"seen", s.seen},         {"rejected", s.rejected},
            {"liked_values", s.liked_values}, {"disliked_values", s.disliked_values},
            {"lists", lists},         {"focus", s.focus}};
  if (s.question)
    j["question"] = {{"column", s.question->column}, {"values", s.question->values},
                     {"turn", s.question->turn}};
  return j;
}

DialogueState state_from_json(const nlohmann::json& j) {
  try {
    if (!j.is_object()) throw std::runtime_error("not an object");
    DialogueState s;
    s.turn = j.value("turn", 0);
    if (j.contains("frame")) {
      const json& f = j.at("frame");
      for (const auto& c : f.value("constraints", json::array())) s.frame.constraints.push_back(constraint_of(c));
      s.frame.seeds = f.value("seeds", std::vector<std::string>{});
      s.frame.popularity = f.value("popularity", false);
      s.frame.count = f.value("count", size_t{0});
      s.frame.since = f.value("since", 0);
    }
    auto strings = [&](const char* key) { return j.value(key, std::vector<std::string>{}); };
    s.liked = strings("liked");
    s.disliked = strings("disliked");
    s.seen = strings("seen");
    s.rejected = strings("rejected");
    s.liked_values = strings("liked_values");
    s.disliked_values = strings("disliked_values");
    for (const auto& l : j.value("lists", json::array()))
      s.lists.push_back(ShownList{l.value("turn", 0), l.value("items", std::vector<std::string>{}),
                                  l.value("why", std::vector<std::vector<std::string>>{})});
    s.focus = j.value("focus", std::string());
    if (j.contains("question") && j.at("question").is_object()) {
      const json& q = j.at("question");
      s.question = OpenQuestion{q.at("column").get<std::string>(),
                                q.value("values", std::vector<std::string>{}), q.value("turn", 0)};
    }
    return s;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("dialogue state: ") + e.what());
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("dialogue state: ") + e.what());
  }
}

}  // namespace interec::dialogue

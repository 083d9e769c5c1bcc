#include "tests/golden_dialogue.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "tests/test_data.h"

namespace interec::test {

namespace {

const std::set<std::string> kKeys = {"acts",  "refers", "constraints", "keeps", "drops",
                                     "seeds", "relaxed", "items",      "excludes", "reply",
                                     "no-reply", "question", "why",    "no-why", "all", "learned"};

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t a = 0;
  while (a < s.size() && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  return s.substr(a);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    if (!trim(part).empty()) out.push_back(trim(part));
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string show(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? " | " : "") + v[i];
  return s + "]";
}

// "#2" -> the second title of the previous list; else the text itself.
std::string item_named(const std::string& ref, const TurnView& a) {
  if (ref.size() > 1 && ref[0] == '#') {
    const size_t n = static_cast<size_t>(std::atoi(ref.c_str() + 1));
    if (n >= 1 && n <= a.previous.size()) return a.previous[n - 1];
    return "(no " + ref + " in the previous list)";
  }
  return ref;
}

void check_set(const std::string& key, const std::string& value, const std::vector<std::string>& actual,
               std::vector<std::string>& fails) {
  std::vector<std::string> want = value == "none" ? std::vector<std::string>{} : split(value, '|');
  std::vector<std::string> got = actual;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (want != got) fails.push_back(key + ": expected " + show(want) + ", got " + show(got));
}

void check_count(const std::string& value, size_t n, std::vector<std::string>& fails) {
  bool ok;
  if (value.rfind(">=", 0) == 0) ok = n >= static_cast<size_t>(std::atoi(value.c_str() + 2));
  else if (value.rfind("<=", 0) == 0) ok = n <= static_cast<size_t>(std::atoi(value.c_str() + 2));
  else ok = n == static_cast<size_t>(std::atoi(value.c_str()));
  if (!ok) fails.push_back("items: expected " + value + ", got " + std::to_string(n));
}

void check_referents(const std::string& value, const TurnView& a, std::vector<std::string>& fails) {
  if (value == "none") {
    if (!a.referents.empty()) fails.push_back("refers: expected none, got " + show(a.referents));
    return;
  }
  for (const auto& r : split(value, ',')) {
    std::string ref = r, reaction;
    const size_t sp = r.rfind(' ');
    static const std::set<std::string> kReactions = {"seen", "liked", "disliked", "rejected", "more_like", "none"};
    if (sp != std::string::npos && kReactions.count(r.substr(sp + 1))) {
      ref = trim(r.substr(0, sp));
      reaction = r.substr(sp + 1);
    }
    const std::string title = item_named(ref, a);
    bool found = false;
    for (const auto& got : a.referents) {
      const size_t colon = got.rfind(':');
      if (got.substr(0, colon) == title && (reaction.empty() || got.substr(colon + 1) == reaction)) found = true;
    }
    if (!found) fails.push_back("refers: expected " + title + (reaction.empty() ? "" : " " + reaction) +
                                ", got " + show(a.referents));
  }
}

void check_excludes(const std::string& value, const TurnView& a, std::vector<std::string>& fails) {
  for (const auto& r : split(value, ',')) {
    std::vector<std::string> banned;
    if (r == "previous") banned = a.previous;
    else if (r == "shown") banned = a.shown_before;
    else banned.push_back(item_named(r, a));
    for (const auto& t : banned)
      if (contains(a.items, t)) fails.push_back("excludes: " + t + " (" + r + ") was shown again");
  }
}

// "year >= 2001", "genres has Comedy", "genres lacks Horror".
void check_all(const std::string& value, const TurnView& a, std::vector<std::string>& fails) {
  std::istringstream in(value);
  std::string column, op, rest;
  in >> column >> op;
  std::getline(in, rest);
  rest = trim(rest);
  for (size_t i = 0; i < a.attributes.size(); ++i) {
    auto it = a.attributes[i].find(column);
    const std::vector<std::string> values = it == a.attributes[i].end() ? std::vector<std::string>{} : it->second;
    bool ok;
    if (op == "has") ok = contains(values, rest);
    else if (op == "lacks") ok = !contains(values, rest);
    else {
      if (values.empty()) ok = false;
      else {
        const double x = std::atof(values[0].c_str()), y = std::atof(rest.c_str());
        ok = op == ">=" ? x >= y : op == "<=" ? x <= y : op == ">" ? x > y : op == "<" ? x < y : x == y;
      }
    }
    if (!ok) fails.push_back("all: " + a.items[i] + " fails " + value + " (" + show(values) + ")");
  }
}

void check_why(const std::string& value, const TurnView& a, std::vector<std::string>& fails) {
  if (value == "all") {
    for (size_t i = 0; i < a.items.size(); ++i)
      if (i >= a.why.size() || a.why[i].empty()) fails.push_back("why: " + a.items[i] + " has no reasons");
    return;
  }
  for (const auto& reasons : a.why)
    for (const auto& r : reasons)
      if (lower(r).find(lower(value)) != std::string::npos) return;
  std::string all;
  for (const auto& reasons : a.why) all += show(reasons);
  fails.push_back("why: no reason says \"" + value + "\": " + all);
}

}  // namespace

std::vector<GoldenDialogue> read_golden_dialogues(const std::string& file) {
  const std::string path = source_root() + "/tests/golden/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<GoldenDialogue> out;
  std::string line;
  int no = 0;
  auto fail = [&](const std::string& why) {
    throw std::runtime_error(path + ":" + std::to_string(no) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t.rfind("===", 0) == 0) {
      out.push_back(GoldenDialogue{trim(t.substr(3)), no, "", "new", {}});
      continue;
    }
    if (out.empty()) fail("a line before the first \"=== name\"");
    GoldenDialogue& d = out.back();
    if (t[0] == '>') {
      d.turns.push_back(ExpectedTurn{trim(t.substr(1)), no, {}});
      continue;
    }
    const size_t colon = t.find(':');
    if (colon == std::string::npos) fail("expected \"key: value\", \"> text\" or \"=== name\"");
    const std::string key = trim(t.substr(0, colon)), value = trim(t.substr(colon + 1));
    if (key == "catalog") d.catalog = value;
    else if (key == "user") d.user = value;
    else if (!kKeys.count(key)) fail("unknown key \"" + key + "\"");
    else if (d.turns.empty()) fail("an expectation before the first turn");
    else d.turns.back().expect.emplace_back(key, value);
  }
  return out;
}

std::vector<std::string> check_turn(const ExpectedTurn& e, const TurnView& a) {
  std::vector<std::string> fails;
  for (const auto& [key, value] : e.expect) {
    if (key == "acts") check_set("acts", value, a.acts, fails);
    else if (key == "refers") check_referents(value, a, fails);
    else if (key == "constraints") check_set("constraints", value, a.constraints, fails);
    else if (key == "seeds") check_set("seeds", value, a.seeds, fails);
    else if (key == "keeps") {
      for (const auto& l : split(value, '|'))
        if (!contains(a.constraints, l)) fails.push_back("keeps: " + l + " missing from " + show(a.constraints));
    } else if (key == "drops") {
      for (const auto& l : split(value, '|'))
        if (contains(a.constraints, l)) fails.push_back("drops: " + l + " still in " + show(a.constraints));
    } else if (key == "relaxed") {
      if (value == "none" && !a.relaxed.empty()) fails.push_back("relaxed: expected none, got " + show(a.relaxed));
      for (const auto& l : value == "none" ? std::vector<std::string>{} : split(value, '|'))
        if (!contains(a.relaxed, l)) fails.push_back("relaxed: " + l + " not in " + show(a.relaxed));
    } else if (key == "items") check_count(value, a.items.size(), fails);
    else if (key == "excludes") check_excludes(value, a, fails);
    else if (key == "reply") {
      if (lower(a.reply).find(lower(value)) == std::string::npos)
        fails.push_back("reply: \"" + value + "\" not in: " + a.reply);
    } else if (key == "no-reply") {
      if (lower(a.reply).find(lower(value)) != std::string::npos)
        fails.push_back("no-reply: \"" + value + "\" is in: " + a.reply);
    } else if (key == "question") {
      if ((value == "none" ? "" : value) != a.question)
        fails.push_back("question: expected " + value + ", got \"" + a.question + "\"");
    } else if (key == "why") check_why(value, a, fails);
    else if (key == "no-why") {
      for (const auto& reasons : a.why)
        for (const auto& r : reasons)
          if (lower(r).find(lower(value)) != std::string::npos) fails.push_back("no-why: a reason says \"" + r + "\"");
    }
    else if (key == "all") check_all(value, a, fails);
    else if (key == "learned") {
      if (a.learned.find(value) == std::string::npos)
        fails.push_back("learned: \"" + value + "\" not in \"" + a.learned + "\"");
    }
  }
  return fails;
}

}  // namespace interec::test

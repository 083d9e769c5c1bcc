#include "tools/eval/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "storage/text.h"
#include "storage/title_index.h"
#include "tools/eval/simulated_conversation.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

// Clues per multi-valued column: a user names a few of an item's tags, not
// all twenty.
constexpr size_t kMaxValuesPerColumn = 3;

// "avg_rating" -> "avg rating": column names as a user would say them.
std::string spoken(const std::string& column) {
  std::string out;
  for (char ch : column) out.push_back(ch == '_' ? ' ' : ch);
  return out;
}

std::string format_bound(double v, bool integer) {
  if (integer || v == std::floor(v)) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// " text " with single spaces, for word-boundary substring tests.
std::string padded(const std::string& normalised) { return " " + normalised + " "; }

}  // namespace

RulesSimulator::RulesSimulator(std::shared_ptr<const Toolbox> box)
    : box_(std::move(box)), columns_(box_->dataset->catalog) {}

std::vector<std::string> title_forms(const std::string& title) {
  std::vector<std::string> parts;
  std::string s = title;
  s = std::string(text::trim(s));
  for (int guard = 0; guard < 4 && !s.empty() && s.back() == ')'; ++guard) {
    const size_t open = s.rfind('(');
    if (open == std::string::npos || open == 0) break;
    std::string inner = s.substr(open + 1, s.size() - open - 2);
    inner = std::string(text::trim(inner));
    const bool year = inner.size() == 4 && std::all_of(inner.begin(), inner.end(), [](char ch) {
                        return std::isdigit(static_cast<unsigned char>(ch));
                      });
    if (!year) parts.push_back(inner);
    s = s.substr(0, open);
    s = std::string(text::trim(s));
  }
  parts.push_back(s);
  std::vector<std::string> forms;
  for (const auto& part : parts) {
    std::string n = normalize_title(part);
    if (n.empty()) continue;
    forms.push_back(n);
    const size_t sp = n.find(' ');
    if (sp == std::string::npos) continue;
    static const char* const kArticles[] = {"the", "a", "an", "la", "le", "les", "il", "el"};
    const std::string first = n.substr(0, sp);
    if (std::any_of(std::begin(kArticles), std::end(kArticles), [&](const char* a) { return first == a; }))
      forms.push_back(n.substr(sp + 1));
  }
  return forms;
}

bool RulesSimulator::leak_exempt(ItemIndex target) const {
  const std::string t = normalize_title(box_->dataset->catalog->title(target));
  return t.find(' ') == std::string::npos;
}

bool RulesSimulator::says_title(ItemIndex target, const std::string& text) const {
  const std::string said = padded(normalize_text(text));
  const std::string title(box_->dataset->catalog->title(target));
  for (const auto& form : title_forms(title))
    if (said.find(padded(form)) != std::string::npos) return true;
  const std::string t = normalize_title(title);
  return !t.empty() && said.find(padded(t)) != std::string::npos;
}

bool RulesSimulator::names_target(ItemIndex target, const std::string& text,
                                  const std::vector<std::string>& known) const {
  // A one-word form ("Heat") may also be a clue value or part of another
  // title; said only as part of those, it names something else.
  std::string rest = padded(normalize_text(text));
  auto strike = [&rest](const std::string& normalised) {
    if (normalised.empty()) return;
    const std::string p = padded(normalised);
    for (size_t at = rest.find(p); at != std::string::npos; at = rest.find(p)) rest.replace(at, p.size(), " ");
  };
  for (const auto& k : known) {
    strike(normalize_text(k));
    strike(normalize_title(k));
  }
  const bool exempt = leak_exempt(target);
  if (says_title(target, exempt ? rest : text)) return true;
  const std::string full = padded(normalize_text(text));
  for (const auto& form : title_forms(std::string(box_->dataset->catalog->title(target)))) {
    const bool one_word = form.find(' ') == std::string::npos;
    if ((one_word ? rest : full).find(padded(form)) != std::string::npos) return true;
  }
  return false;
}

ItemIndex RulesSimulator::most_like_target(ItemIndex target, const std::vector<ItemIndex>& history) const {
  const Catalog& catalog = *box_->dataset->catalog;
  const ItemKnn& knn = box_->item_knn;
  float best = 0;
  ItemIndex like = -1;
  const size_t from = history.size() > 50 ? history.size() - 50 : 0;
  for (size_t k = from; k < history.size(); ++k) {
    const ItemIndex h = history[k];
    if (h == target || static_cast<size_t>(h) >= knn.items()) continue;
    const auto nb = knn.neighbours(h);
    const auto sims = knn.similarities(h);
    for (size_t j = 0; j < nb.size(); ++j)
      if (nb[j] == target && sims[j] > best) {
        best = sims[j];
        like = h;
      }
  }
  // A remake or re-release under the same title would say the target's.
  if (like >= 0 && normalize_title(catalog.title(like)) == normalize_title(catalog.title(target))) return -1;
  return like;
}

SimulatedUser RulesSimulator::start(ItemIndex target, std::vector<ItemIndex> history,
                                    std::mt19937_64& rng) const {
  const Catalog& catalog = *box_->dataset->catalog;
  const auto& cols = catalog.columns();
  SimulatedUser user;
  user.target = target;
  user.history = std::move(history);
  const bool exempt = leak_exempt(target);
  auto safe = [&](const std::string& phrase) { return exempt || !says_title(target, phrase); };

  std::vector<Clue> coarse;
  for (size_t c : columns_.categorical()) {
    std::vector<std::string> values = columns_.nameable_values(c, target);
    std::shuffle(values.begin(), values.end(), rng);
    if (values.size() > kMaxValuesPerColumn) values.resize(kMaxValuesPerColumn);
    for (auto& v : values) {
      Clue clue = value_clue(c, v);
      clue.phrase = spoken(cols[c].name) + " " + v;
      if (safe(clue.phrase)) coarse.push_back(std::move(clue));
    }
  }
  for (size_t c : columns_.numeric()) {
    const double x = catalog.number(c, target);
    if (std::isnan(x)) continue;
    const bool integer = cols[c].type == ColumnType::integer;
    auto range = [&](double lo, double hi) {
      Clue clue = range_clue(c, lo, hi);
      const std::string a = format_bound(lo, integer), b = format_bound(hi, integer);
      clue.phrase = spoken(cols[c].name) + (a == b ? " " + a : " from " + a + " to " + b);
      return clue;
    };
    if (columns_.year_like(c)) {
      // A decade, as people remember when something came out; the exact
      // year would all but name the item.
      const double decade = std::floor(x / 10) * 10;
      coarse.push_back(range(decade, decade + 9));
      continue;
    }
    // The quartile of the column's values that holds x.
    const auto [lo, hi] = columns_.bucket(c, x, 4);
    coarse.push_back(range(lo, hi));
  }
  std::shuffle(coarse.begin(), coarse.end(), rng);
  user.clues = std::move(coarse);

  // The history item most like the target; said from the second clue on.
  const ItemIndex like = most_like_target(target, user.history);
  if (like >= 0) {
    Clue clue = similar_clue(like);
    clue.phrase = std::string(catalog.title(like));
    if (safe(clue.phrase)) {
      std::uniform_int_distribution<size_t> at(std::min<size_t>(1, user.clues.size()), user.clues.size());
      user.clues.insert(user.clues.begin() + static_cast<std::ptrdiff_t>(at(rng)), std::move(clue));
    }
  }
  return user;
}

namespace {

// "genres Comedy and year from 1990 to 1999" for attribute clues; a similar
// item becomes its own sentence.
std::string say(const std::vector<const Clue*>& clues, const char* attr_lead, const char* like_lead) {
  std::vector<std::string> attrs;
  std::string like;
  for (const Clue* c : clues) {
    if (c->kind == Clue::similar) like = std::string(like_lead) + c->phrase + ".";
    else attrs.push_back(c->phrase);
  }
  std::string out;
  if (!attrs.empty()) {
    out = attr_lead;
    for (size_t k = 0; k < attrs.size(); ++k) out += (k ? " and " : "") + attrs[k];
    out += ".";
  }
  if (!like.empty()) out += (out.empty() ? "" : " ") + like;
  return out;
}

}  // namespace

std::string RulesSimulator::next_utterance(SimulatedUser& user, std::mt19937_64& rng) const {
  // Two clues to open, then one or two per turn.
  size_t take = user.turn == 0 ? 2 : 1 + std::uniform_int_distribution<size_t>(0, 1)(rng);
  take = std::min(take, user.clues.size() - user.revealed);
  std::vector<const Clue*> now;
  for (size_t k = 0; k < take; ++k) now.push_back(&user.clues[user.revealed + k]);
  user.revealed += take;
  const bool first = user.turn == 0;
  ++user.turn;
  if (first) {
    if (now.empty()) return "Can you recommend something for me?";
    return say(now, "I'm looking for something with ", "Something like ");
  }
  if (now.empty()) return "Not those. Any other ideas?";
  static const char* const kReject[] = {"Not those.", "None of those.", "No, not these."};
  const std::string reject = kReject[std::uniform_int_distribution<size_t>(0, 2)(rng)];
  return reject + " " + say(now, "It also has ", "It is also a bit like ");
}

bool RulesSimulator::accepts(const SimulatedUser& user, const std::vector<ItemIndex>& shown, size_t k) {
  return target_in_top_k(user.target, shown, k);
}

bool RulesSimulator::matches(const Clue& clue, ItemIndex item) const {
  const Catalog& catalog = *box_->dataset->catalog;
  switch (clue.kind) {
    case Clue::value: {
      const auto& vs = catalog.values(clue.column, item);
      return (std::find(vs.begin(), vs.end(), clue.text) != vs.end()) != clue.negated;
    }
    case Clue::range: {
      const double x = catalog.number(clue.column, item);
      return !std::isnan(x) && x >= clue.lo && x <= clue.hi;
    }
    case Clue::similar: {
      if (item == clue.item) return false;
      const auto nb = box_->item_knn.neighbours(clue.item);
      return std::find(nb.begin(), nb.end(), item) != nb.end();
    }
  }
  return false;
}

std::string RulesSimulator::describe(const SimulatedUser& user, size_t n) const {
  std::vector<const Clue*> attrs;
  for (const auto& c : user.clues)
    if (c.kind != Clue::similar && attrs.size() < n) attrs.push_back(&c);
  if (attrs.empty()) return "Can you recommend something for me?";
  return say(attrs, "I'm looking for something with ", "Something like ");
}

}  // namespace interec

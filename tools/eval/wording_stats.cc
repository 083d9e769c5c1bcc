#include "tools/eval/wording_stats.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "tools/eval/paraphrase_simulator.h"
#include "tools/eval/simulated_conversation.h"

namespace interec {
namespace {

std::string percent(size_t part, size_t whole) {
  if (!whole) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

}  // namespace

void WordingTally::add(const WordingTally& o) {
  uses += o.uses;
  answered += o.answered;
  honoured += o.honoured;
  later += o.later;
  kept += o.kept;
}

void WordingStats::add(const WordingStats& o) {
  for (const auto& [w, t] : o.by_wording) by_wording[w].add(t);
  for (const auto& [w, t] : o.by_kind) by_kind[w].add(t);
  templates.insert(o.templates.begin(), o.templates.end());
}

void WordingStats::score(const std::vector<SaidPiece>& said, const std::vector<Clue>& stated,
                         const std::vector<ClueOrigin>& origin, size_t first_new, const AgentAnswer& answer,
                         const RulesSimulator& sim, size_t k) {
  std::vector<ItemIndex> shown(answer.items.begin(), answer.items.begin() +
                                                       static_cast<std::ptrdiff_t>(std::min(k, answer.items.size())));
  const bool any = !shown.empty();
  auto fits = [&](const Clue& c) {
    if (!any) return false;
    if (c.kind != Clue::similar)
      return std::all_of(shown.begin(), shown.end(), [&](ItemIndex i) { return sim.matches(c, i); });
    const size_t near = static_cast<size_t>(
      std::count_if(shown.begin(), shown.end(), [&](ItemIndex i) { return sim.matches(c, i); }));
    return 2 * near >= shown.size();
  };
  for (const SaidPiece& p : said) {
    bool ok = any;
    if (p.clue >= 0) ok = fits(stated[static_cast<size_t>(p.clue)]);
    else if (p.referent >= 0) ok = any && std::find(shown.begin(), shown.end(), p.referent) == shown.end();
    for (WordingTally* t : {&by_wording[p.wording], &by_kind[p.kind]}) {
      ++t->uses;
      t->answered += any ? 1 : 0;
      t->honoured += ok ? 1 : 0;
    }
    templates[p.wording] = p.text;
  }
  if (!any) return;
  for (size_t i = 0; i < first_new && i < stated.size(); ++i) {
    if (stated[i].kind == Clue::similar || i >= origin.size()) continue;
    const bool still = fits(stated[i]);
    for (WordingTally* t : {&by_wording[origin[i].wording], &by_kind[origin[i].kind]}) {
      ++t->later;
      t->kept += still ? 1 : 0;
    }
  }
}

std::string WordingStats::table(size_t rows) const {
  std::ostringstream out;
  char buf[512];
  // Kinds: the share honoured, worst first.
  std::vector<std::pair<std::string, WordingTally>> kinds(by_kind.begin(), by_kind.end());
  std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
    const double x = static_cast<double>(a.second.honoured) / static_cast<double>(std::max<size_t>(1, a.second.uses));
    const double y = static_cast<double>(b.second.honoured) / static_cast<double>(std::max<size_t>(1, b.second.uses));
    return x != y ? x < y : a.first < b.first;
  });
  std::snprintf(buf, sizeof buf, "%-18s %6s %9s %9s %6s %6s\n", "kind", "uses", "answered", "honoured", "later",
                "kept");
  out << buf;
  for (const auto& [kind, t] : kinds) {
    std::snprintf(buf, sizeof buf, "%-18s %6zu %9s %9s %6zu %6s\n", kind.c_str(), t.uses,
                  percent(t.answered, t.uses).c_str(), percent(t.honoured, t.uses).c_str(), t.later,
                  percent(t.kept, t.later).c_str());
    out << buf;
  }
  // Wordings: the most misses first.
  std::vector<std::pair<std::string, WordingTally>> words(by_wording.begin(), by_wording.end());
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
    const size_t x = a.second.uses - a.second.honoured, y = b.second.uses - b.second.honoured;
    return x != y ? x > y : a.first < b.first;
  });
  std::snprintf(buf, sizeof buf, "\n%-22s %-44s %5s %6s %9s %9s %6s %6s\n", "wording", "template", "uses",
                "missed", "answered", "honoured", "later", "kept");
  out << buf;
  for (size_t r = 0; r < words.size() && r < rows; ++r) {
    const auto& [id, t] = words[r];
    const auto it = templates.find(id);
    std::string text = it == templates.end() ? "" : "\"" + it->second + "\"";
    if (text.size() > 44) text = text.substr(0, 41) + "...";
    std::snprintf(buf, sizeof buf, "%-22s %-44s %5zu %6zu %9s %9s %6zu %6s\n", id.c_str(), text.c_str(), t.uses,
                  t.uses - t.honoured, percent(t.answered, t.uses).c_str(), percent(t.honoured, t.uses).c_str(), t.later,
                  percent(t.kept, t.later).c_str());
    out << buf;
  }
  return out.str();
}

void WordingLog::add(const WordingStats& s) {
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.add(s);
}

WordingStats WordingLog::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace interec

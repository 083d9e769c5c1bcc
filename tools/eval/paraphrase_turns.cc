// The paraphrasing user's later messages: reactions to the list it was
// shown, new facts, answers to a clarifying question.
#include <algorithm>
#include <cmath>
#include <limits>

#include "storage/text.h"
#include "storage/title_index.h"
#include "tools/eval/paraphrase_simulator.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

constexpr double kTurnsInf = std::numeric_limits<double>::infinity();
// Catalog values looked for in a clarifying question: columns with more
// values than this are names, not options an agent offers.
constexpr size_t kMaxOfferedColumnValues = 2000;

bool turn_chance(std::mt19937_64& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

constexpr size_t kNoColumn = static_cast<size_t>(-1);

template <typename T>
const T& any_of(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

Fact reaction_fact(const char* kind, Clue clue) {
  Fact f;
  f.kind = kind;
  f.clue = std::move(clue);
  return f;
}

}  // namespace

size_t ParaphraseSimulator::span_of(const std::string& role, const std::vector<ItemIndex>& shown, double& lo,
                                    double& hi) const {
  const Catalog& catalog = *box_->dataset->catalog;
  for (size_t c = 0; c < roles_.size(); ++c) {
    if (roles_[c] != role) continue;
    lo = kTurnsInf;
    hi = -kTurnsInf;
    for (ItemIndex i : shown) {
      const double x = catalog.number(c, i);
      if (std::isnan(x)) return kNoColumn;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    return c;
  }
  return kNoColumn;
}

bool ParaphraseSimulator::react(ParaphraseUser& user, const std::vector<ItemIndex>& shown, Draft& d,
                                std::mt19937_64& rng) const {
  const Catalog& catalog = *box_->dataset->catalog;
  enum Act { loved, more_like, earlier, older, newer, cheaper, seen, not_that, reject, none };
  std::vector<size_t> leads;  // positions in `shown` of items that lead to the target
  for (size_t k = 0; k < shown.size(); ++k)
    if (leads_to_target(shown[k], user)) leads.push_back(k);
  std::vector<std::pair<size_t, size_t>> before;  // (list, position) in earlier lists
  for (size_t l = 0; l + 1 < user.lists.size(); ++l)
    for (size_t k = 0; k < user.lists[l].size() && k < 5; ++k)
      if (leads_to_target(user.lists[l][k], user)) before.push_back({l, k});
  // Refinements relative to the list, on the first year and price columns.
  double ylo = 0, yhi = 0, plo = 0, phi = 0;
  const size_t ycol = span_of("year", shown, ylo, yhi), pcol = span_of("price", shown, plo, phi);
  const double ty = ycol == kNoColumn ? std::nan("") : catalog.number(ycol, user.target);
  const double tp = pcol == kNoColumn ? std::nan("") : catalog.number(pcol, user.target);
  const std::vector<double> weights = {
    leads.empty() ? 0.0 : 3.0, leads.empty() ? 0.0 : 3.0, before.empty() ? 0.0 : 1.0,
    !std::isnan(ty) && ty < ylo ? 3.0 : 0.0, !std::isnan(ty) && ty > yhi ? 3.0 : 0.0,
    !std::isnan(tp) && tp < plo ? 3.0 : 0.0, 1.5, 1.5, 3.0, 2.0};
  const Act act = static_cast<Act>(std::discrete_distribution<int>(weights.begin(), weights.end())(rng));
  const size_t pos = std::uniform_int_distribution<size_t>(0, shown.size() - 1)(rng);
  ItemIndex referent = -1;
  std::string text;
  if (act == loved || act == more_like || act == earlier) {
    const auto [list, k] = act == earlier ? any_of(before, rng) : std::pair<size_t, size_t>{0, any_of(leads, rng)};
    const std::vector<ItemIndex>& from = act == earlier ? user.lists[list] : shown;
    referent = from[k];
    const Fact f = reaction_fact(act == loved ? "fb.loved" : act == more_like ? "fb.more_like" : "fb.earlier",
                                 similar_clue(referent));
    const std::string title(catalog.title(referent));
    text = act == loved ? say(f.kind, &f, d, user, rng, {{"title", keep_as_typed(spoken_title(title))}})
                        : say(f.kind, &f, d, user, rng, {{"ordinal", ordinal(k + 1, from.size(), rng)}});
  } else if (act == older || act == newer || act == cheaper) {
    const Fact f = act == older   ? reaction_fact("fb.older", range_clue(ycol, -kTurnsInf, std::nextafter(ylo, -kTurnsInf)))
                   : act == newer ? reaction_fact("fb.newer", range_clue(ycol, std::nextafter(yhi, kTurnsInf), kTurnsInf))
                                  : reaction_fact("fb.cheaper", range_clue(pcol, -kTurnsInf, std::nextafter(plo, -kTurnsInf)));
    text = say(f.kind, &f, d, user, rng);
  } else if (act == seen || act == not_that) {
    referent = shown[pos];
    text = say(act == seen ? "fb.seen" : "fb.not_that", nullptr, d, user, rng,
               {{"ordinal", ordinal(pos + 1, shown.size(), rng)}});
  } else if (act == reject) {
    text = say("fb.reject", nullptr, d, user, rng);
  }
  if (referent >= 0) user.said.back().referent = referent;
  d.text = text;
  return act <= cheaper;  // the reaction itself says something about the target
}

void ParaphraseSimulator::follow_up(ParaphraseUser& user, const AgentAnswer& last, Draft& d,
                                    std::mt19937_64& rng) const {
  const bool informative = react(user, last.items, d, rng);
  const std::string reaction = d.text;
  size_t n = static_cast<size_t>(std::discrete_distribution<int>({15, 60, 25})(rng));
  if (n == 0 && !informative && turn_chance(rng, 0.5)) n = 1;
  std::vector<std::string> parts;
  for (const Fact& f : take_facts(user, n)) {
    const Wording later = book_.pick("later", rng);
    const bool sentence = later.text.find("{sent}") != std::string::npos;
    parts.push_back(Phrasebook::fill(later.text, {{sentence ? "sent" : "mod", sentence ? clause(f, d, user, rng)
                                                                                     : modifier(f, d, user, rng)}}));
  }
  if (reaction.empty() && parts.empty()) parts.push_back(say("act.more", nullptr, d, user, rng));
  if (!reaction.empty()) {
    if (turn_chance(rng, 0.75)) parts.insert(parts.begin(), reaction);
    else parts.push_back(reaction);
  }
  static const char* const kBetween[] = {". ", ", ", "... ", " - "};
  std::string text;
  for (size_t k = 0; k < parts.size(); ++k)
    text += (k ? kBetween[std::uniform_int_distribution<int>(0, 3)(rng)] : "") + parts[k];
  if (turn_chance(rng, options_.small_talk)) {
    const std::string lead = say(turn_chance(rng, 0.5) ? "act.thanks" : "act.hmm", nullptr, d, user, rng);
    text = lead + (turn_chance(rng, 0.5) ? ", " : " ") + text;
  }
  d.text = text;
}

bool ParaphraseSimulator::answer_question(ParaphraseUser& user, const AgentAnswer& last, Draft& d,
                                          std::mt19937_64& rng) const {
  if (last.reply.find('?') == std::string::npos) return false;
  const Catalog& catalog = *box_->dataset->catalog;
  const std::string asked = " " + normalize_text(last.reply) + " ";
  // The values the question offers, and those the target has.
  std::vector<std::pair<size_t, std::string>> offered, fitting;
  for (size_t c : rules_.columns().categorical()) {
    if (rules_.columns().counts(c).size() > kMaxOfferedColumnValues) continue;
    const auto& mine = catalog.values(c, user.target);
    for (const auto& [value, n] : rules_.columns().counts(c)) {
      const std::string v = normalize_text(value);
      if (v.empty() || asked.find(" " + v + " ") == std::string::npos) continue;
      offered.push_back({c, value});
      if (std::find(mine.begin(), mine.end(), value) != mine.end()) fitting.push_back({c, value});
    }
  }
  if (offered.empty()) return false;
  if (!fitting.empty()) {
    const auto& [c, value] = any_of(fitting, rng);
    Fact f = reaction_fact("answer", value_clue(c, value));
    f.slots = {{"value", value}};
    d.text = say("answer", &f, d, user, rng);
    return true;
  }
  // None of the offered values fits: say so, and give a fact instead.
  d.text = say("answer.none", nullptr, d, user, rng);
  for (const Fact& f : take_facts(user, 1)) d.text += ", " + clause(f, d, user, rng);
  return true;
}

}  // namespace interec

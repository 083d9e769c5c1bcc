#include "tools/eval/paraphrase_simulator.h"

#include <algorithm>

#include "tools/toolbox.h"

namespace interec {
namespace {

// Attempts at a message before the user falls back to asking for more: a
// draft that says the target's title is drawn again.
constexpr int kAttempts = 12;

bool simulator_chance(std::mt19937_64& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

}  // namespace

std::string ParaphraseSimulator::say(const std::string& key, const Fact* f, Draft& d, ParaphraseUser& user,
                                     std::mt19937_64& rng, Slots extra) const {
  const Wording w = book_.pick(key, rng);
  Slots slots = {{"noun", noun_.singular}, {"nouns", noun_.plural}, {"verb", noun_.verb}, {"verbed", noun_.past}};
  if (f) slots.insert(f->slots.begin(), f->slots.end());
  for (auto& [k, v] : extra) slots[k] = v;
  for (const char* k : {"title", "value", "a_value"})
    if (const auto it = slots.find(k); it != slots.end()) d.known.push_back(it->second);
  SaidPiece piece;
  piece.kind = f ? f->kind : key;
  piece.wording = w.id();
  piece.text = w.text;
  if (f) {
    user.stated.push_back(f->clue);
    piece.clue = static_cast<int>(user.stated.size() - 1);
  }
  user.said.push_back(std::move(piece));
  return Phrasebook::fill(w.text, slots);
}

std::string ParaphraseSimulator::modifier(const Fact& f, Draft& d, ParaphraseUser& user, std::mt19937_64& rng) const {
  return say(f.kind + ".mod", &f, d, user, rng);
}

std::string ParaphraseSimulator::clause(const Fact& f, Draft& d, ParaphraseUser& user, std::mt19937_64& rng) const {
  std::string s = say(f.kind + ".sent", &f, d, user, rng);
  if (!simulator_chance(rng, options_.hedge)) return s;
  if (simulator_chance(rng, 0.5)) return book_.pick("hedge.pre", rng).text + " " + s;
  return s + " " + book_.pick("hedge.post", rng).text;
}

std::string ParaphraseSimulator::noun_phrase(const Fact& f, Draft& d, ParaphraseUser& user,
                                             std::mt19937_64& rng) const {
  if (book_.has(f.kind + ".np") && simulator_chance(rng, 0.7)) return say(f.kind + ".np", &f, d, user, rng);
  const std::string head = Phrasebook::fill(book_.pick("head", rng).text, {{"noun", noun_.singular},
                                                                           {"nouns", noun_.plural}});
  return head + " " + modifier(f, d, user, rng);
}

std::vector<Fact> ParaphraseSimulator::take_facts(ParaphraseUser& user, size_t n) const {
  std::vector<Fact> out;
  while (out.size() < n && user.revealed < user.facts.size()) out.push_back(user.facts[user.revealed++]);
  return out;
}

std::string ParaphraseSimulator::ordinal(size_t position, size_t list_size, std::mt19937_64& rng) const {
  const auto forms = book_.ordinal_forms(position == list_size && simulator_chance(rng, 0.3) ? 0 : position);
  return forms[std::uniform_int_distribution<size_t>(0, forms.size() - 1)(rng)];
}

bool ParaphraseSimulator::leads_to_target(ItemIndex item, const ParaphraseUser& user) const {
  if (item == user.target) return false;
  if (!rules_.matches(similar_clue(item), user.target)) return false;
  // ... and is like it in what a user can name, not only in who had it.
  const Catalog& catalog = *box_->dataset->catalog;
  for (size_t c : rules_.columns().categorical()) {
    const auto& mine = catalog.values(c, user.target);
    for (const auto& v : catalog.values(c, item))
      if (std::find(mine.begin(), mine.end(), v) != mine.end()) return true;
  }
  return false;
}

void ParaphraseSimulator::opening(ParaphraseUser& user, Draft& d, std::mt19937_64& rng) const {
  std::string text;
  if (simulator_chance(rng, options_.vague_opening) || user.facts.empty()) {
    text = say("vague", nullptr, d, user, rng);
  } else {
    const size_t n = 1 + static_cast<size_t>(std::discrete_distribution<int>({30, 45, 25})(rng));
    const std::vector<Fact> facts = take_facts(user, n);
    if (simulator_chance(rng, 0.6)) {
      // One noun phrase: "a comedy movie from the 90s, but no horror".
      std::string np = noun_phrase(facts[0], d, user, rng);
      for (size_t k = 1; k < facts.size(); ++k)
        np += Phrasebook::fill(book_.pick("join.mod", rng).text, {{"mod", modifier(facts[k], d, user, rng)}});
      text = Phrasebook::fill(book_.pick("frame", rng).text, {{"np", np}});
    } else {
      // Clauses: "i'm in the mood for comedy. something from the 90s".
      text = clause(facts[0], d, user, rng);
      for (size_t k = 1; k < facts.size(); ++k)
        text += Phrasebook::fill(book_.pick("join.sent", rng).text, {{"sent", clause(facts[k], d, user, rng)}});
    }
  }
  if (simulator_chance(rng, options_.greeting)) {
    static const char* const kAfter[] = {", ", "! ", ". ", " "};
    text = book_.pick("greeting", rng).text + kAfter[std::uniform_int_distribution<int>(0, 3)(rng)] + text;
  }
  d.text = text;
}

void ParaphraseSimulator::rephrase(ParaphraseUser& user, Draft& d, std::mt19937_64& rng) const {
  // The agent showed nothing: say the latest facts again, in other words,
  // perhaps with a new one.
  std::vector<Fact> facts;
  for (size_t k = user.revealed > 2 ? user.revealed - 2 : 0; k < user.revealed; ++k) facts.push_back(user.facts[k]);
  if (facts.empty() || simulator_chance(rng, 0.5))
    for (auto& f : take_facts(user, 1)) facts.push_back(std::move(f));
  if (facts.empty()) {
    d.text = say("vague", nullptr, d, user, rng);
    return;
  }
  std::string np = noun_phrase(facts[0], d, user, rng);
  for (size_t k = 1; k < facts.size(); ++k)
    np += Phrasebook::fill(book_.pick("join.mod", rng).text, {{"mod", modifier(facts[k], d, user, rng)}});
  d.text = say("act.rephrase", nullptr, d, user, rng) + " " + np;
}

std::string ParaphraseSimulator::compose(ParaphraseUser& user, const AgentAnswer* last, std::mt19937_64& rng) const {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    ParaphraseUser trial = user;
    trial.said.clear();
    Draft d;
    if (!last) opening(trial, d, rng);
    else if (!last->items.empty()) follow_up(trial, *last, d, rng);
    else if (!answer_question(trial, *last, d, rng)) rephrase(trial, d, rng);
    std::string text = type_casually(d.text, options_.style, rng);
    if (text.empty() || rules_.names_target(user.target, text, d.known)) continue;
    user = std::move(trial);
    return text;
  }
  // Every draft named the target (a one-word title that is a common word):
  // ask for more, in a wording that does not.
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    ParaphraseUser trial = user;
    trial.said.clear();
    Draft d;
    std::string text = say("act.more", nullptr, d, trial, rng);
    if (rules_.names_target(user.target, text, d.known)) continue;
    user = std::move(trial);
    return text;
  }
  user.said.clear();
  return "...";
}

std::string ParaphraseSimulator::next(ParaphraseUser& user, const AgentAnswer* last, std::mt19937_64& rng) const {
  if (user.turn > 0 && last && !last->items.empty()) user.lists.push_back(last->items);
  std::string text = compose(user, user.turn == 0 ? nullptr : last, rng);
  ++user.turn;
  return text;
}

ParaphraseConversation::ParaphraseConversation(const ParaphraseSimulator& sim, ItemIndex target,
                                               std::vector<ItemIndex> history, std::mt19937_64 rng,
                                               WordingLog* log, size_t k)
    : sim_(sim), rng_(std::move(rng)), log_(log), k_(k) {
  user_ = sim_.start(target, std::move(history), rng_);
}

void ParaphraseConversation::score(const AgentAnswer& answer) {
  stats_.score(user_.said, user_.stated, origin_, first_new_, answer, sim_.rules(), k_);
}

std::string ParaphraseConversation::next(const AgentAnswer* last) {
  if (last && user_.turn > 0) score(*last);
  first_new_ = user_.stated.size();
  std::string text = sim_.next(user_, last, rng_);
  origin_.resize(user_.stated.size());
  for (const auto& p : user_.said)
    if (p.clue >= 0) origin_[static_cast<size_t>(p.clue)] = {p.wording, p.kind};
  return text;
}

void ParaphraseConversation::finish(const AgentAnswer& last) {
  if (finished_) return;
  finished_ = true;
  if (user_.turn > 0) score(last);
  if (log_) log_->add(stats_);
}

std::string ParaphraseConversation::last_note() const {
  std::string out = "said:";
  for (const auto& p : user_.said) out += " " + p.wording + (p.clue >= 0 ? "*" : "");
  return out;
}

}  // namespace interec

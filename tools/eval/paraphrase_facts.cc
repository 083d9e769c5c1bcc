// The paraphrasing user's facts about its target: which clues it can give
// and how each is talked about (ParaphraseSimulator::start).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "storage/text.h"
#include "tools/eval/paraphrase_simulator.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

constexpr double kFactsInf = std::numeric_limits<double>::infinity();
// A user names a few of an item's tags, and one maker.
constexpr size_t kMaxTagValues = 3;
constexpr size_t kMaxValues = 2;
// A negation is a value people know: one of the column's most common ones.
constexpr size_t kNegationPool = 20;
// "From the last N years" is said for items at most this old.
constexpr double kMaxRecentYears = 20;

// Round amounts people say: "under 20", "at least 4".
const double kRound[] = {0.5, 1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100, 150,
                         200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 5000, 10000};

std::string number_text(double v) {
  if (v == std::floor(v)) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The smallest round amount above x, or NaN past the table.
double round_above(double x) {
  for (double r : kRound)
    if (r > x) return r;
  return std::nan("");
}

// The largest round amount at or below x, or NaN below the table.
double round_at_most(double x) {
  double best = std::nan("");
  for (double r : kRound)
    if (r <= x) best = r;
  return best;
}

std::string spoken_column(const std::string& name) {
  std::string out;
  for (char ch : name) out.push_back(ch == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  return out;
}

std::string with_article(const std::string& v) {
  const char c = v.empty() ? 'x' : static_cast<char>(std::tolower(static_cast<unsigned char>(v[0])));
  return (std::string("aeiou").find(c) != std::string::npos ? "an " : "a ") + v;
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

ParaphraseSimulator::ParaphraseSimulator(std::shared_ptr<const Toolbox> box, const RulesSimulator& rules,
                                         Phrasebook book, ParaphraseOptions options)
    : box_(std::move(box)), rules_(rules), book_(std::move(book)), options_(options) {
  const Catalog& catalog = *box_->dataset->catalog;
  const auto& cols = catalog.columns();
  const ClueColumns& usable = rules_.columns();
  std::string evidence = text::ascii_lower(box_->dataset->name);
  for (const auto& col : cols) evidence += " " + text::ascii_lower(col.description);
  noun_ = book_.noun_for(evidence);
  roles_.assign(cols.size(), "");
  for (size_t c : usable.categorical()) {
    std::string role = book_.role_of(cols[c].name);
    if (role.empty()) {
      const auto& counts = usable.counts(c);
      const bool flag = counts.size() <= 2 && std::all_of(counts.begin(), counts.end(), [](const auto& kv) {
                          return kv.first == "true" || kv.first == "false";
                        });
      role = flag ? "flag" : "text";
    }
    roles_[c] = role;
  }
  for (size_t c : usable.numeric()) {
    const std::string lname = text::ascii_lower(cols[c].name);
    std::string role = usable.year_like(c) ? "year" : book_.role_of(cols[c].name);
    if (role.empty()) {
      role = contains(lname, "price") || contains(lname, "cost") ? "price"
             : contains(lname, "rating") || contains(lname, "stars") ? "rating"
             : contains(lname, "score") ? "score"
                                         : "number";
    }
    // A mean of 0/1 ratings (Steam's recommend) is a share, not stars.
    if (role == "rating" && usable.sorted(c).back() <= 1) role = "";
    roles_[c] = role;
  }
}

std::string ParaphraseSimulator::spoken_title(const std::string& title) {
  std::string s(text::trim(title));
  for (int guard = 0; guard < 4 && !s.empty() && s.back() == ')'; ++guard) {
    const size_t open = s.rfind('(');
    if (open == std::string::npos || open == 0) break;
    s = std::string(text::trim(s.substr(0, open)));
  }
  static const char* const kArticles[] = {"The", "A", "An", "La", "Le", "Les", "Il", "El", "Das", "Der", "Die"};
  for (const char* a : kArticles) {
    const std::string tail = std::string(", ") + a;
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0)
      return std::string(a) + " " + s.substr(0, s.size() - tail.size());
  }
  return s;
}

void ParaphraseSimulator::value_facts(const ParaphraseUser& user, std::vector<Fact>& out,
                                      std::mt19937_64& rng) const {
  const auto& cols = box_->dataset->catalog->columns();
  std::set<std::string> said;
  for (size_t c : rules_.columns().categorical()) {
    const std::string& role = roles_[c];
    std::vector<std::string> values = rules_.columns().nameable_values(c, user.target);
    std::shuffle(values.begin(), values.end(), rng);
    const size_t most = role == "tag" || role == "genre" || role == "category" ? kMaxTagValues : kMaxValues;
    if (values.size() > most) values.resize(most);
    for (auto& v : values) {
      // A value two columns share ("Indie" as a genre and a tag) is one fact.
      if (!said.insert(text::ascii_lower(v)).second) continue;
      Fact f;
      f.clue = value_clue(c, v);
      f.kind = role == "flag" ? (v == "true" ? "flag.true" : "flag.false") : role;
      f.slots = {{"value", v}, {"a_value", with_article(v)}, {"column", spoken_column(cols[c].name)}};
      out.push_back(std::move(f));
    }
  }
}

bool ParaphraseSimulator::year_fact(size_t c, double x, Fact& f, std::mt19937_64& rng) const {
  const auto& sorted = rules_.columns().sorted(c);
  const double oldest = sorted.front(), newest = sorted.back();
  const double decade = std::floor(x / 10) * 10;
  const double step = 5 * std::uniform_int_distribution<int>(0, 2)(rng);  // 0, 5 or 10 years of slack
  // decade, early/late, after, since, before, recent
  const std::vector<double> weights = {40, 10, 15, 10, 10, newest - x <= kMaxRecentYears ? 15.0 : 0.0};
  const int kind = std::discrete_distribution<int>(weights.begin(), weights.end())(rng);
  f.slots["decade"] = "";
  switch (kind) {
    case 1: {
      const bool early = x - decade < 5;
      f.kind = early ? "year.early" : "year.late";
      f.clue = range_clue(c, early ? decade : decade + 5, early ? decade + 4 : decade + 9);
      break;
    }
    case 2: {
      const double y = std::floor((x - 1) / 5) * 5 - step;  // said "after y": y < x
      if (y < oldest) return year_fact(c, x, f, rng);
      f.kind = "year.after";
      f.clue = range_clue(c, y + 1, kFactsInf);
      f.slots["n"] = number_text(y);
      break;
    }
    case 3: {
      const double y = std::floor(x / 5) * 5 - step;  // "not older than y": y <= x
      if (y < oldest) return year_fact(c, x, f, rng);
      f.kind = "year.since";
      f.clue = range_clue(c, y, kFactsInf);
      f.slots["n"] = number_text(y);
      break;
    }
    case 4: {
      const double y = std::floor(x / 5) * 5 + 5 + step;  // "before y": x < y
      if (y > newest + 1) return year_fact(c, x, f, rng);
      f.kind = "year.before";
      f.clue = range_clue(c, -kFactsInf, y - 1);
      f.slots["n"] = number_text(y);
      break;
    }
    case 5: {
      // "The last N years", counted back from the newest item of the
      // catalog (the conversation happens when the data was collected).
      double n = 5;
      while (newest - n > x) n += 5;
      f.kind = "year.recent";
      f.clue = range_clue(c, newest - n, kFactsInf);
      f.slots["n"] = number_text(n);
      break;
    }
    default:
      f.kind = "year.decade";
      f.clue = range_clue(c, decade, decade + 9);
  }
  const auto forms = book_.decade_forms(static_cast<int>(decade));
  f.slots["decade"] = forms[std::uniform_int_distribution<size_t>(0, forms.size() - 1)(rng)];
  return true;
}

void ParaphraseSimulator::numeric_facts(const ParaphraseUser& user, std::vector<Fact>& out,
                                        std::mt19937_64& rng) const {
  const Catalog& catalog = *box_->dataset->catalog;
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t c : rules_.columns().numeric()) {
    const double x = catalog.number(c, user.target);
    const std::string& role = roles_[c];
    if (std::isnan(x) || role.empty()) continue;
    const auto& sorted = rules_.columns().sorted(c);
    const double median = sorted[sorted.size() / 2];
    const auto [q_lo, q_hi] = rules_.columns().bucket(c, x, 4);
    const bool top = q_hi >= sorted.back() && q_lo > median;
    Fact f;
    f.slots["column"] = spoken_column(catalog.columns()[c].name);
    if (role == "year") {
      if (!year_fact(c, x, f, rng)) continue;
    } else if (role == "rating" || role == "score") {
      // People ask for good items, not for middling ones.
      if (x < median) continue;
      if (role == "rating" && top && u(rng) < 0.5) {
        f.kind = "rating.good";
        f.clue = range_clue(c, q_lo, kFactsInf);
      } else {
        const double step = role == "rating" ? 0.5 : 5;
        const double n = std::floor(x / step) * step;
        const bool above = role == "score" && u(rng) < 0.4 && n - step >= sorted.front();
        f.kind = role + (above ? ".above" : ".atleast");
        // "over n" is strict; "at least n" is not.
        f.clue = range_clue(c, above ? std::nextafter(n - step, kFactsInf) : n, kFactsInf);
        f.slots["n"] = number_text(above ? n - step : n);
      }
    } else if (role == "price") {
      if (x <= 0) {
        f.kind = "price.free";
        f.clue = range_clue(c, -kFactsInf, 0);
      } else if (x <= q_hi && q_lo <= sorted.front() && u(rng) < 0.4) {
        f.kind = "price.cheap";  // the cheapest quarter
        f.clue = range_clue(c, -kFactsInf, q_hi);
      } else {
        const double n = round_above(x);
        if (std::isnan(n)) continue;
        f.kind = "price.under";
        f.clue = range_clue(c, -kFactsInf, std::nextafter(n, -kFactsInf));
        f.slots["money"] = book_.money(number_text(n), rng);
      }
    } else {
      const bool at_least = u(rng) < 0.5;
      const double n = at_least ? round_at_most(x) : round_above(x);
      if (std::isnan(n)) continue;
      f.kind = at_least ? "number.atleast" : "number.under";
      f.clue = at_least ? range_clue(c, n, kFactsInf) : range_clue(c, -kFactsInf, std::nextafter(n, -kFactsInf));
      f.slots["n"] = number_text(n);
    }
    out.push_back(std::move(f));
  }
}

bool ParaphraseSimulator::negation_fact(const ParaphraseUser& user, Fact& f, std::mt19937_64& rng) const {
  const Catalog& catalog = *box_->dataset->catalog;
  std::vector<std::pair<size_t, std::string>> pool;
  for (size_t c : rules_.columns().categorical()) {
    if (roles_[c] != "genre" && roles_[c] != "category" && roles_[c] != "tag") continue;
    std::vector<std::pair<size_t, std::string>> common;
    for (const auto& [value, n] : rules_.columns().counts(c)) common.push_back({n, value});
    std::sort(common.begin(), common.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const auto& has = catalog.values(c, user.target);
    for (size_t k = 0; k < common.size() && k < kNegationPool; ++k)
      if (std::find(has.begin(), has.end(), common[k].second) == has.end() && common[k].first >= 2)
        pool.push_back({c, common[k].second});
  }
  if (pool.empty()) return false;
  const auto& [c, value] = pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(rng)];
  f.clue = value_clue(c, value, true);
  f.kind = "negation";
  f.slots = {{"value", value}, {"a_value", with_article(value)}};
  return true;
}

Fact ParaphraseSimulator::similar_fact(ItemIndex item) const {
  Fact f;
  f.clue = similar_clue(item);
  f.clue.phrase = std::string(box_->dataset->catalog->title(item));
  f.kind = "similar";
  f.slots["title"] = keep_as_typed(spoken_title(f.clue.phrase));
  return f;
}

ParaphraseUser ParaphraseSimulator::start(ItemIndex target, std::vector<ItemIndex> history,
                                          std::mt19937_64& rng) const {
  ParaphraseUser user;
  user.target = target;
  user.history = std::move(history);
  std::vector<Fact> facts;
  value_facts(user, facts, rng);
  numeric_facts(user, facts, rng);
  Fact no;
  if (std::uniform_real_distribution<double>(0, 1)(rng) < options_.negation && negation_fact(user, no, rng))
    facts.push_back(std::move(no));
  const ItemIndex like = rules_.most_like_target(target, user.history);
  if (like >= 0) facts.push_back(similar_fact(like));
  std::shuffle(facts.begin(), facts.end(), rng);
  user.facts = std::move(facts);
  return user;
}

}  // namespace interec

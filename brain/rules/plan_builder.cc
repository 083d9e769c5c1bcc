#include "brain/rules/plan_builder.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "brain/rules/conditions.h"

namespace interec::rules {

namespace {

// The hard_filter step of `conds` (none when there are none); their labels
// go to `understood`.
void add_hard_filter(const std::vector<Cond>& conds, BrainPlan& out,
                     std::vector<std::string>& understood) {
  if (conds.empty()) return;
  HardFilterStep step;
  for (const Cond& c : conds) {
    step.conditions.push_back(Condition{condition_id(c.sql, c.label), c.label, c.priority, c.sql, std::nullopt});
    understood.push_back(c.label);
  }
  step.sql = conjunction_sql(step.conditions);
  out.plan.steps.push_back(std::move(step));
}

// The soft preferences (moods.h) as rank reads them.
std::vector<SoftValue> soft_values(const Knowledge& k, const Parse& p) {
  std::vector<SoftValue> out;
  for (const auto& s : p.soft) out.push_back(SoftValue{k.vocab.categorical()[s.column].name, s.value, s.weight});
  return out;
}

// "rather uplifting", "not gory": one label per word the user said.
void add_soft_labels(const Parse& p, std::vector<std::string>& understood) {
  std::vector<std::string> words;
  for (const auto& s : p.soft) {
    const std::string w = (s.weight < 0 ? "not " : "") + s.word;
    if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
  }
  for (const auto& w : words) understood.push_back("rather " + w);
}

// Seeds: soft_filter similar_to them, rank by similarity; else rank by
// preference, or by popularity when asked.
void add_ranking(const Knowledge& k, const Parse& p, BrainPlan& out,
                 std::vector<std::string>& understood) {
  if (p.seeds.empty()) {
    out.plan.steps.push_back(
        RankStep{p.popularity ? RankSchema::popularity : RankSchema::preference, {}, {}, soft_values(k, p)});
    if (p.popularity) understood.push_back("most popular");
    add_soft_labels(p, understood);
    return;
  }
  SoftFilterStep similar;
  std::string seeds;
  for (size_t i = 0; i < p.seeds.size(); ++i) {
    similar.similar_to.emplace_back(k.catalog->title(p.seeds[i]));
    (seeds += i ? ", " : "") += k.catalog->title(p.seeds[i]);
  }
  out.plan.steps.push_back(std::move(similar));
  out.plan.steps.push_back(RankStep{RankSchema::similarity, {}, {}, soft_values(k, p)});
  understood.push_back("similar to " + seeds);
  add_soft_labels(p, understood);
}

// "genres (e.g. Drama, Comedy, Action)", "year (1922–1998)", ...: what the
// user can ask by.
std::vector<std::string> askable(const Knowledge& k) {
  const Vocabulary& vocab = k.vocab;
  std::vector<std::string> parts;
  for (size_t c = 0; c < vocab.categorical().size() && parts.size() < 2; ++c) {
    const auto& cat = vocab.categorical()[c];
    if (cat.top_values.empty()) continue;
    std::string part = cat.name + " (e.g. ";
    for (size_t v = 0; v < cat.top_values.size() && v < 3; ++v) part += (v ? ", " : "") + cat.top_values[v];
    parts.push_back(part + ")");
  }
  if (const NumericColumn* y = vocab.role(NumericRole::year); y && !y->sorted.empty())
    parts.push_back(y->name + " (" + format_number(y->min) + kDash + format_number(y->max) + ")");
  if (const NumericColumn* r = vocab.role(NumericRole::rating)) parts.push_back(r->name);
  if (const NumericColumn* r = vocab.role(NumericRole::price)) parts.push_back(r->name);
  parts.push_back("similarity to a title you name");
  return parts;
}

}  // namespace

BrainPlan build(const Knowledge& k, const Parse& p, const BrainRequest& request, size_t default_n) {
  BrainPlan out = build(k, p, conditions_of(k, p, request.relax), default_n);
  fill_learned(k, p, out);
  return out;
}

BrainPlan build(const Knowledge& k, const Parse& p, const std::vector<Cond>& conds,
                size_t default_n) {
  BrainPlan out;
  out.wanted = std::clamp<size_t>(p.n.value_or(default_n), 1, 50);
  std::vector<std::string> understood;
  add_hard_filter(conds, out, understood);
  add_ranking(k, p, out, understood);
  out.plan.steps.push_back(MapStep{out.wanted, true});
  if (understood.empty()) understood.push_back("recommendations for you");
  for (const auto& run : p.wanted)
    for (const auto& v : run.values)
      out.mentioned_values.push_back(k.vocab.categorical()[run.column].name + "=" + v);
  understood = readable_labels(understood);
  for (size_t i = 0; i < understood.size(); ++i) out.understood += (i ? "; " : "") + understood[i];
  return out;
}

void fill_learned(const Knowledge& k, const Parse& p, BrainPlan& out) {
  auto value = [&](const std::pair<size_t, std::string>& v) {
    return k.vocab.categorical()[v.first].name + "=" + v.second;
  };
  for (ItemIndex i : p.liked_items) out.learned.like.emplace_back(k.catalog->id(i));
  for (ItemIndex i : p.consumed_items) out.learned.consumed.emplace_back(k.catalog->id(i));
  for (ItemIndex i : p.disliked_items) out.learned.dislike.emplace_back(k.catalog->id(i));
  for (const auto& v : p.liked_values) out.learned.like_values.push_back(value(v));
  for (const auto& v : p.disliked_values) out.learned.dislike_values.push_back(value(v));
}

BrainPlan answer(const std::string& text) {
  BrainPlan out;
  out.plan.answer = text;
  out.wanted = 0;
  return out;
}

std::string help_text(const Knowledge& k) {
  const Vocabulary& vocab = k.vocab;
  const Catalog& catalog = *k.catalog;
  const std::vector<std::string> parts = askable(k);
  std::string s = "I recommend items and answer questions about them. You can ask by ";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += i + 1 == parts.size() ? " or " : ", ";
    s += parts[i];
  }
  s += ".";
  if (catalog.size() == 0) return s;
  s += " For example: \"3 like " + std::string(catalog.title(0)) + "\"";
  if (!vocab.categorical().empty() && !vocab.categorical()[0].top_values.empty()) {
    const NumericColumn* y = vocab.role(NumericRole::year);
    s += ", \"a " + vocab.categorical()[0].top_values[0] + " but nothing before " +
         (y && !y->sorted.empty() ? format_number(std::floor((y->min + y->max) / 2))
                                  : std::string("2000")) +
         "\"";
  }
  s += " or \"tell me about " + std::string(catalog.title(0)) + "\".";
  return s;
}

}  // namespace interec::rules

#include "brain/rules/understanding.h"

#include <cmath>

#include "brain/rules/conditions.h"

namespace interec::rules {

nlohmann::json understanding_json(const Knowledge& k, const Message& m, const Parse& p) {
  using json = nlohmann::json;
  json out = json::object();
  json titles = json::array();
  for (const auto& t : p.titles)
    titles.push_back(json{{"title", k.catalog->title(t.item)},
                          {"role", to_string(t.role)},
                          {"said", m.span(t.begin, t.end)}});
  if (!titles.empty()) out["titles"] = titles;
  json conditions = json::array();
  for (const auto& c : conditions_of(k, p, {})) conditions.push_back(c.label);
  if (!conditions.empty()) out["conditions"] = conditions;
  json soft = json::array();
  for (const auto& s : p.soft)
    soft.push_back(json{{"value", k.vocab.categorical()[s.column].name + ": " + s.value},
                        {"weight", std::round(static_cast<double>(s.weight) * 100) / 100},
                        {"word", s.word}});
  if (!soft.empty()) out["soft"] = soft;
  json corrected = json::array();
  for (const auto& c : p.corrected) corrected.push_back(c.from + " -> " + c.to);
  if (!corrected.empty()) out["corrected"] = corrected;
  if (!p.unknown_words.empty()) out["unknown"] = p.unknown_words;
  if (p.popularity) out["popular"] = true;
  if (p.n) out["count"] = *p.n;
  return out;
}

}  // namespace interec::rules

#include "brain/dialogue/directions.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "brain/rules/dialogue_words.h"

namespace interec::dialogue {

namespace {

using rules::Direction;

const NumericColumn* popularity_column(const Vocabulary& v) {
  for (const auto& n : v.numeric())
    if (n.name.find("popular") != std::string::npos) return &n;
  return nullptr;
}

const NumericColumn* column_for(const Vocabulary& v, Direction d) {
  switch (d) {
    case Direction::older:
    case Direction::newer: return v.role(NumericRole::year);
    case Direction::cheaper:
    case Direction::pricier: return v.role(NumericRole::price);
    case Direction::better_rated: return v.role(NumericRole::rating);
    case Direction::less_popular: return popularity_column(v);
    default: return nullptr;
  }
}

double quantile(const NumericColumn& c, double q) {
  if (c.sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const size_t i = std::min(c.sorted.size - 1, static_cast<size_t>(q * static_cast<double>(c.sorted.size)));
  return c.sorted[i];
}

// The anchor items' values of column c, sorted; NaNs left out.
std::vector<double> values_of(const rules::Knowledge& k, const NumericColumn& c,
                              const std::vector<ItemIndex>& anchor) {
  std::vector<double> v;
  for (ItemIndex i : anchor) {
    const double x = k.catalog->number(c.column, i);
    if (!std::isnan(x)) v.push_back(x);
  }
  std::sort(v.begin(), v.end());
  return v;
}

std::optional<Constraint> numeric_direction(const rules::Knowledge& k, Direction d,
                                            const std::vector<ItemIndex>& anchor, int turn) {
  const NumericColumn* c = column_for(k.vocab, d);
  if (!c || c->sorted.empty()) return std::nullopt;
  Constraint out;
  out.kind = Constraint::Kind::range;
  out.column = c->name;
  out.turn = turn;
  const std::vector<double> v = values_of(k, *c, anchor);
  const bool rel = !v.empty();
  switch (d) {
    case Direction::newer:
      out.lo = rel ? v.back() : c->max - 4;
      out.lo_strict = rel;
      break;
    case Direction::older:
      out.hi = rel ? v.front() : quantile(*c, 0.25);
      out.hi_strict = true;
      break;
    case Direction::cheaper:
      out.hi = rel ? v.front() : quantile(*c, 0.25);
      out.hi_strict = rel;
      break;
    case Direction::pricier:
      out.lo = rel ? v.back() : quantile(*c, 0.75);
      out.lo_strict = rel;
      break;
    case Direction::better_rated:
      out.lo = rel ? v[v.size() / 2] : quantile(*c, 0.75);
      out.lo_strict = rel;
      break;
    case Direction::less_popular:
      out.hi = rel ? v.front() : quantile(*c, 0.5);
      out.hi_strict = rel;
      break;
    default: return std::nullopt;
  }
  // Beyond every item shown may be beyond the catalog ("cheaper" than a
  // list holding a free item): then beyond the middle of them, and failing
  // that the catalog's end itself ("cheaper" than free games = free ones).
  const bool upper = !std::isnan(out.hi);
  for (int fallback = 0; rel && fallback < 2 && c->count_in(out.lo, out.lo_strict, out.hi, out.hi_strict) == 0;
       ++fallback) {
    double& bound = upper ? out.hi : out.lo;
    bool& strict = upper ? out.hi_strict : out.lo_strict;
    bound = fallback == 0 ? v[v.size() / 2] : (upper ? c->min : c->max);
    strict = fallback == 0;
  }
  // Whole-number columns: strict bounds become inclusive ones ("after 1995" = 1996 or later).
  if (c->integer) {
    if (out.lo_strict) out.lo = std::floor(out.lo) + 1, out.lo_strict = false;
    if (out.hi_strict) out.hi = std::ceil(out.hi) - 1, out.hi_strict = false;
  }
  return out;
}

// The catalog values of the tone words, by categorical column.
std::map<size_t, std::vector<std::string>> tone_values(const rules::Knowledge& k,
                                                       const std::vector<const char*>& words) {
  std::map<size_t, std::vector<std::string>> by_column;
  for (const char* w : words) {
    const std::vector<Token> t = tokenize_text(w);
    auto m = k.vocab.match_value(t, 0, t.size());
    if (!m || m->end != t.size()) continue;
    auto& vs = by_column[m->column];
    if (std::find(vs.begin(), vs.end(), m->value) == vs.end()) vs.push_back(m->value);
  }
  return by_column;
}

std::optional<Constraint> tone_direction(const rules::Knowledge& k, Direction d, int turn) {
  const auto dark = tone_values(k, lexicon::dark_tone_words());
  if (dark.empty()) return std::nullopt;
  Constraint out;
  out.turn = turn;
  if (d == Direction::lighter) {
    // Exclude the dark values of the column holding most of them.
    auto best = std::max_element(dark.begin(), dark.end(), [](const auto& a, const auto& b) {
      return a.second.size() < b.second.size();
    });
    out.kind = Constraint::Kind::excluded;
    out.column = k.vocab.categorical()[best->first].name;
    out.values = best->second;
    return out;
  }
  auto best = std::max_element(dark.begin(), dark.end(), [](const auto& a, const auto& b) {
    return a.second.size() < b.second.size();
  });
  out.kind = Constraint::Kind::wanted;
  out.column = k.vocab.categorical()[best->first].name;
  out.values = best->second;
  out.any_or = true;
  return out;
}

}  // namespace

std::optional<Constraint> direction_constraint(const rules::Knowledge& k, Direction d,
                                               const std::vector<ItemIndex>& anchor, int turn) {
  if (d == Direction::lighter || d == Direction::darker) return tone_direction(k, d, turn);
  if (d == Direction::more_popular) return std::nullopt;
  return numeric_direction(k, d, anchor, turn);
}

}  // namespace interec::dialogue

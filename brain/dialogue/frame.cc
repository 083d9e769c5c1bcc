#include "brain/dialogue/frame.h"

#include <algorithm>
#include <cmath>

namespace interec::dialogue {

namespace {

using ConstraintKind = Constraint::Kind;

std::optional<size_t> categorical_named(const rules::Knowledge& k, const std::string& name) {
  const auto& cats = k.vocab.categorical();
  for (size_t c = 0; c < cats.size(); ++c)
    if (cats[c].name == name) return c;
  return std::nullopt;
}

std::optional<size_t> numeric_named(const rules::Knowledge& k, const std::string& name) {
  const auto& nums = k.vocab.numeric();
  for (size_t c = 0; c < nums.size(); ++c)
    if (nums[c].name == name) return c;
  return std::nullopt;
}

bool single_valued(const rules::Knowledge& k, const std::string& column) {
  auto c = categorical_named(k, column);
  return c && !k.vocab.categorical()[*c].multi;
}

void erase_value(std::vector<std::string>& values, const std::string& v) {
  values.erase(std::remove(values.begin(), values.end(), v), values.end());
}

// Removes `v` from the constraints of `kind` on `column`; drops emptied ones.
void remove_value(Frame& f, ConstraintKind kind, const std::string& column, const std::string& v) {
  for (auto& c : f.constraints)
    if (c.kind == kind && c.column == column) erase_value(c.values, v);
  f.constraints.erase(std::remove_if(f.constraints.begin(), f.constraints.end(),
                                     [&](const Constraint& c) {
                                       return (c.kind == ConstraintKind::wanted || c.kind == ConstraintKind::excluded) &&
                                              c.values.empty();
                                     }),
                      f.constraints.end());
}

double lo_of(const Constraint& c) { return std::isnan(c.lo) ? -INFINITY : c.lo; }
double hi_of(const Constraint& c) { return std::isnan(c.hi) ? INFINITY : c.hi; }

bool overlap(const Constraint& a, const Constraint& b) {
  const double lo = std::max(lo_of(a), lo_of(b)), hi = std::min(hi_of(a), hi_of(b));
  const bool strict_lo = lo_of(b) > lo_of(a) ? b.lo_strict : lo_of(a) > lo_of(b) ? a.lo_strict : a.lo_strict || b.lo_strict;
  const bool strict_hi = hi_of(b) < hi_of(a) ? b.hi_strict : hi_of(a) < hi_of(b) ? a.hi_strict : a.hi_strict || b.hi_strict;
  return lo < hi || (lo == hi && !strict_lo && !strict_hi);
}

bool same_range(const Constraint& a, const Constraint& b) {
  return lo_of(a) == lo_of(b) && hi_of(a) == hi_of(b) && a.lo_strict == b.lo_strict &&
         a.hi_strict == b.hi_strict;
}

// Ranges on a column are kept as they were said ("the 90s" and "nothing
// before 1995" apart) and the plan asks for their intersection. A new range
// drops the earlier ones it does not overlap -- the later statement wins,
// as "older" after "nothing before 1995" gives up that bound -- and keeps
// the others, so the decade still holds (1990-1994). The latest
// kMaxRangesPerColumn are kept.
void merge_range(Frame& f, const Constraint& s) {
  auto& cs = f.constraints;
  cs.erase(std::remove_if(cs.begin(), cs.end(),
                          [&](const Constraint& c) {
                            return c.kind == ConstraintKind::range && c.column == s.column && !overlap(c, s);
                          }),
           cs.end());
  size_t on_column = 0;
  for (auto& c : cs) {
    if (c.kind != ConstraintKind::range || c.column != s.column) continue;
    if (same_range(c, s)) {
      c.turn = s.turn;  // said again: as fresh as the rest of this turn
      c.stated = s.stated;
      return;
    }
    ++on_column;
  }
  if (on_column >= kMaxRangesPerColumn)
    cs.erase(std::find_if(cs.begin(), cs.end(), [&](const Constraint& c) {
      return c.kind == ConstraintKind::range && c.column == s.column;
    }));
  cs.push_back(s);
}

void merge_wanted(const rules::Knowledge& k, Frame& f, const Constraint& s, bool instead) {
  for (const auto& v : s.values) remove_value(f, ConstraintKind::excluded, s.column, v);
  if (instead || single_valued(k, s.column)) {
    f.constraints.erase(std::remove_if(f.constraints.begin(), f.constraints.end(),
                                       [&](const Constraint& c) {
                                         return c.kind == ConstraintKind::wanted && c.column == s.column;
                                       }),
                        f.constraints.end());
  }
  for (auto& c : f.constraints)
    if (c.kind == ConstraintKind::wanted && c.column == s.column && c.values == s.values) {
      c.turn = s.turn;  // said again: as fresh as the rest of this turn
      c.any_or = s.any_or;
      return;
    }
  f.constraints.push_back(s);
}

void merge_excluded(Frame& f, const Constraint& s) {
  for (const auto& v : s.values) remove_value(f, ConstraintKind::wanted, s.column, v);
  for (auto& c : f.constraints)
    if (c.kind == ConstraintKind::excluded && c.column == s.column && c.values == s.values) {
      c.turn = s.turn;
      return;
    }
  f.constraints.push_back(s);
}

// Narrows r (open while !r.has_range) to c's range.
void intersect_into(rules::NumRange& r, const Constraint& c) {
  const bool open = !r.has_range;
  if (open || lo_of(c) > (std::isnan(r.lo) ? -INFINITY : r.lo) || (lo_of(c) == r.lo && c.lo_strict)) {
    if (open || !std::isnan(c.lo)) r.lo = c.lo, r.lo_strict = c.lo_strict;
  }
  if (open || hi_of(c) < (std::isnan(r.hi) ? INFINITY : r.hi) || (hi_of(c) == r.hi && c.hi_strict)) {
    if (open || !std::isnan(c.hi)) r.hi = c.hi, r.hi_strict = c.hi_strict;
  }
}

}  // namespace

std::vector<Constraint> constraints_of(const rules::Knowledge& k, const rules::Parse& p, int turn) {
  std::vector<Constraint> out;
  const auto& cats = k.vocab.categorical();
  for (const auto& run : p.wanted) {
    Constraint c;
    c.kind = ConstraintKind::wanted;
    c.column = cats[run.column].name;
    c.values = run.values;
    c.any_or = run.any_or || (!cats[run.column].multi && run.values.size() > 1);
    c.turn = turn;
    out.push_back(std::move(c));
  }
  for (const auto& [col, value] : p.excluded) {
    Constraint c;
    c.kind = ConstraintKind::excluded;
    c.column = cats[col].name;
    c.values = {value};
    c.turn = turn;
    out.push_back(std::move(c));
  }
  for (const auto& [num, r] : p.numeric) {
    const std::string& name = k.vocab.numeric()[num].name;
    if (r.has_range && (!std::isnan(r.lo) || !std::isnan(r.hi))) {
      // Each range as said, when the message said several (see merge_range).
      std::vector<rules::NumRange::Part> parts = r.parts;
      if (parts.size() < 2) parts = {rules::NumRange::Part{r.lo, r.hi, r.lo_strict, r.hi_strict}};
      for (const auto& part : parts) {
        Constraint c;
        c.kind = ConstraintKind::range;
        c.column = name;
        c.lo = part.lo;
        c.hi = part.hi;
        c.lo_strict = part.lo_strict;
        c.hi_strict = part.hi_strict;
        c.turn = turn;
        out.push_back(std::move(c));
      }
    }
    for (const auto& [a, b] : r.excluded) {
      Constraint c;
      c.kind = ConstraintKind::excluded_range;
      c.column = name;
      c.lo = a;
      c.hi = b;
      c.turn = turn;
      out.push_back(std::move(c));
    }
  }
  return out;
}

void refine(const rules::Knowledge& k, Frame& frame, const std::vector<Constraint>& stated,
            bool instead) {
  for (const auto& s : stated) {
    switch (s.kind) {
      case ConstraintKind::wanted: merge_wanted(k, frame, s, instead); break;
      case ConstraintKind::excluded: merge_excluded(frame, s); break;
      case ConstraintKind::range: merge_range(frame, s); break;
      case ConstraintKind::excluded_range: frame.constraints.push_back(s); break;
    }
  }
  if (frame.constraints.size() > kMaxConstraints)
    frame.constraints.erase(frame.constraints.begin(),
                            frame.constraints.end() - kMaxConstraints);
}

void add_seeds(Frame& frame, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    erase_value(frame.seeds, id);
    frame.seeds.push_back(id);
  }
  if (frame.seeds.size() > kMaxSeeds) frame.seeds.erase(frame.seeds.begin(), frame.seeds.end() - kMaxSeeds);
}

std::vector<std::string> lift(const rules::Knowledge& k, Frame& frame,
                              const std::vector<size_t>& columns,
                              const std::vector<std::pair<size_t, std::string>>& values) {
  std::vector<std::string> names, dropped;
  const auto& cols = k.catalog->columns();
  for (size_t c : columns) {
    if (c >= cols.size()) continue;
    names.push_back(cols[c].name);
    // The year of a date column is its own numeric column ("D_year").
    names.push_back(cols[c].name + "_year");
    for (const auto& num : k.vocab.numeric())
      if (num.column == c || (num.date_column && *num.date_column == c)) names.push_back(num.name);
  }
  auto& cs = frame.constraints;
  for (auto it = cs.begin(); it != cs.end();) {
    const bool by_column = std::find(names.begin(), names.end(), it->column) != names.end();
    if (by_column) {
      dropped.push_back(label_of(k, *it));
      it = cs.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [cat, value] : values) {
    const std::string& column = k.vocab.categorical()[cat].name;
    for (const auto& c : cs)
      if (c.kind == ConstraintKind::wanted && c.column == column &&
          std::find(c.values.begin(), c.values.end(), value) != c.values.end())
        dropped.push_back(column + ": " + value);
    remove_value(frame, ConstraintKind::wanted, column, value);
  }
  return dropped;
}

std::vector<std::string> exclude_current(const rules::Knowledge& k, Frame& frame, size_t column,
                                         const std::vector<std::string>& fallback, int turn) {
  const auto& cats = k.vocab.categorical();
  const auto cat = std::find_if(cats.begin(), cats.end(), [&](const auto& c) { return c.column == column; });
  if (cat == cats.end()) return {};
  std::vector<std::string> values;
  for (const auto& c : frame.constraints)
    if (c.kind == ConstraintKind::wanted && c.column == cat->name) values.insert(values.end(), c.values.begin(), c.values.end());
  if (values.empty()) values = fallback;
  for (const auto& v : values) remove_value(frame, ConstraintKind::wanted, cat->name, v);
  if (values.empty()) return {};
  Constraint out;
  out.kind = ConstraintKind::excluded;
  out.column = cat->name;
  out.values = values;
  out.turn = turn;
  frame.constraints.push_back(std::move(out));
  return values;
}

rules::Parse to_parse(const rules::Knowledge& k, const Frame& frame) {
  rules::Parse p;
  for (size_t i = 0; i < frame.constraints.size(); ++i) {
    const Constraint& c = frame.constraints[i];
    if (c.kind == ConstraintKind::wanted || c.kind == ConstraintKind::excluded) {
      auto cat = categorical_named(k, c.column);
      if (!cat) continue;
      if (c.kind == ConstraintKind::wanted) {
        p.wanted.push_back(rules::ValueRun{*cat, c.values, c.any_or, i, 0});
      } else {
        for (const auto& v : c.values) {
          p.excluded.emplace_back(*cat, v);
          p.excluded_mention.push_back(i);
        }
      }
      continue;
    }
    auto num = numeric_named(k, c.column);
    if (!num) continue;
    rules::NumRange& r = p.numeric[*num];
    if (c.kind == ConstraintKind::range) {
      intersect_into(r, c);
      // The condition is as fresh as its latest part (relaxation, stated_now).
      if (!r.has_range || frame.constraints[r.first_mention].turn <= c.turn) r.first_mention = i;
      r.has_range = true;
    } else {
      if (!r.has_range) r.first_mention = i;
      r.excluded.emplace_back(c.lo, c.hi);
    }
  }
  for (const auto& id : frame.seeds)
    if (auto item = k.catalog->find(id)) p.seeds.push_back(*item);
  p.popularity = frame.popularity;
  if (frame.count) p.n = frame.count;
  return p;
}

std::vector<rules::Cond> frame_conditions(const rules::Knowledge& k, const Frame& frame,
                                          const rules::Parse& as_parse,
                                          const std::vector<std::string>& relax, int turn) {
  std::vector<rules::Cond> conds = rules::conditions_of(k, as_parse, relax);
  for (auto& c : conds)
    if (c.mention < frame.constraints.size() && frame.constraints[c.mention].turn == turn)
      c.priority += 3;
  std::stable_sort(conds.begin(), conds.end(),
                   [](const rules::Cond& a, const rules::Cond& b) { return a.priority > b.priority; });
  return conds;
}

std::string label_of(const rules::Knowledge& k, const Constraint& c) {
  Frame one;
  one.constraints.push_back(c);
  const auto conds = rules::conditions_of(k, to_parse(k, one), {});
  if (conds.empty()) return c.column;
  std::string label;
  for (size_t i = 0; i < conds.size(); ++i) label += (i ? "; " : "") + conds[i].label;
  return label;
}

}  // namespace interec::dialogue

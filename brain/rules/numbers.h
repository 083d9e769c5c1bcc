// Numbers, the second parsing pass: years, decades, ratings, prices and
// the comparators around them ("from the 90s", "nothing before 1995",
// "rated above 4", "under $20", "4 stars or more"), made into ranges of the
// catalog's numeric columns.
//
// Decisions: several constraints on one numeric column are intersected into
// one range ("from the 90s but nothing before 1995" -> 1995-1999); for
// whole-number columns "after X" means >= X+1 and "before X" <= X-1; a
// contradiction ("from the 90s but after 2000") keeps the later statement.
#pragma once

#include <cstddef>
#include <optional>

#include "brain/rules/knowledge.h"
#include "brain/rules/lexicon.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// A numeric quantity in the text: a number, or a decade ("90s",
/// "nineties", "the early 80s").
struct Quantity {
  double lo = 0, hi = 0;      // the interval it stands for
  size_t start = 0, end = 0;  // token span (end exclusive)
  bool decade = false;
  bool year_like = false;  // a 4-digit whole number in 1800..2100
  bool integer = true;
};

/// The quantity at token i, if that token is free and one.
std::optional<Quantity> quantity_at(const Knowledge& k, const Message& m, size_t i);

/// Adds "numeric column `num` (index into Vocabulary::numeric()) compares
/// `cmp` to q" (or lies between q and q2) to p.numeric, intersected with
/// what is there; `exclude`: the range is excluded instead ("not from the
/// 80s"). `mention` is the token the statement starts at.
void add_range(const Knowledge& k, Parse& p, size_t num, lexicon::Cmp cmp, const Quantity& q,
               const Quantity* q2, bool exclude, size_t mention);

/// Pass::numbers. Relies on Pass::seeds having claimed the titles, so that
/// the numbers in them ("Apollo 13", "2001: A Space Odyssey") are not
/// ranges. Claims each quantity with its comparator, units, negation and
/// the cue word that named its column. Sets numeric and rec_cue.
void find_numbers(const Knowledge& k, Message& m, Parse& p);

}  // namespace interec::rules

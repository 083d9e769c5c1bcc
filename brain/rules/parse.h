// What the parsing passes found in a message: the request's conditions,
// seeds and count, and what it says about the user's lasting tastes.
// Filled by the passes (message.h), read by the plan writer
// (plan_builder.h).
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/catalog.h"

namespace interec::rules {

/// The range a request gives one numeric column: bounds (NaN = open) and
/// intervals it excludes ("nothing from the 80s").
struct NumRange {
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  bool lo_strict = false, hi_strict = false;
  size_t first_mention = 0;                         // token position
  std::vector<std::pair<double, double>> excluded;  // inclusive intervals
  bool has_range = false;
};

/// Wanted values of one categorical column named together ("comedy or
/// drama"): `any_or` when "or" / "/" joined them (one condition with OR).
struct ValueRun {
  size_t column;  // index into Vocabulary::categorical()
  std::vector<std::string> values;
  bool any_or = false;
  size_t mention = 0;
  size_t end = 0;  // token index just past the last value
};

struct Parse {
  std::vector<ItemIndex> seeds;
  std::vector<ValueRun> wanted;
  std::vector<std::pair<size_t, std::string>> excluded;  // (categorical, value)
  std::vector<size_t> excluded_mention;
  std::map<size_t, NumRange> numeric;  // index into Vocabulary::numeric() -> range
  std::optional<size_t> n;
  // Lasting tastes the message states ("I loved X", "I hate horror", "I've seen Y").
  std::vector<ItemIndex> liked_items, consumed_items, disliked_items;
  std::vector<std::pair<size_t, std::string>> liked_values, disliked_values;
  bool popularity = false;
  bool rec_cue = false;   // the message asks for recommendations
  bool more_cue = false;  // ... for more of the same ("more", "something else")
  bool has_content() const {
    return !seeds.empty() || !wanted.empty() || !excluded.empty() || !numeric.empty() ||
           popularity;
  }
};

}  // namespace interec::rules

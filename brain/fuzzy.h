// Small string-distance helpers for mapping what a language model wrote
// onto what really exists (tool names, columns, values).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interec::fuzzy {

/// Levenshtein distance (bytes), stopping early once it exceeds `limit`
/// (then returns limit + 1).
size_t edit_distance(std::string_view a, std::string_view b, size_t limit = 1000);

/// True when `typed` is `word` with one slip of the keyboard: one letter
/// added, dropped or changed, or two neighbours swapped ("sars", "strs",
/// "yeras"). Only for words of 4 letters or more (shorter ones are too
/// close to other words); equal strings are no slip.
bool one_slip(std::string_view typed, std::string_view word);

/// Lower case, every run of characters other than letters and digits as one
/// '_', no leading or trailing '_' ("Hard-Filter Tool" -> "hard_filter_tool").
std::string snake(std::string_view s);

/// The candidate nearest to `word` by edit distance (case-insensitive), if
/// its distance is at most max(1, size/3) and no other candidate is as near.
/// Returns the index into `candidates`, or -1.
int nearest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace interec::fuzzy

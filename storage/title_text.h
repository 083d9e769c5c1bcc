// The text rules of title matching, shared by the title index's build and
// its lookups (storage/title_index.cc). Private to storage/: the public
// normalisations are in storage/title_index.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace interec::title_text {

/// A catalog title or a user's name taken apart, each part normalised.
struct ParsedTitle {
  std::string main;               // normalised, article moved to the front
  std::vector<std::string> alts;  // normalised alternate titles
  std::string prefix;             // normalised part before ':' or " - ", if any
  std::string suffix;             // and after the last one ("the empire strikes back")
  int year = 0;                   // 0 when none
};
ParsedTitle parse_title(std::string_view raw);

/// The words of a text for title matching, joined by single spaces
/// (normalize_text in storage/title_index.h).
std::string basic_norm(std::string_view raw);
/// The space-separated words of a normalised text.
std::vector<std::string> split_tokens(const std::string& s);
/// Whether `token` is an article that may be dropped from the front of a
/// name ("godfather" for "the godfather").
bool is_leading_article(const std::string& token);
/// Whether `inner` reads as a year ("1995", "1995-1997", "1995/I"); sets
/// *year to it when it does.
bool is_year_text(std::string_view inner, int* year);
/// The distinct trigrams of " s ", sorted, as 24-bit codes.
std::vector<uint32_t> trigrams(const std::string& s);
/// Character-weighted, symmetric alignment of two token lists in [0, 1];
/// words of up to 3 characters must match exactly, longer ones allow 1-3
/// edits by length.
double token_score(const std::vector<std::string>& q, const std::vector<std::string>& k);

}  // namespace interec::title_text

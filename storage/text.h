// Small text helpers shared by the importers and the catalog: encodings,
// strict number parsing (no exceptions, no locale), splitting, dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interec::text {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_utf8(std::string_view s);

/// Decodes ISO-8859-1 bytes into UTF-8.
std::string latin1_to_utf8(std::string_view s);

/// `s` itself when it is valid UTF-8, else `s` read as ISO-8859-1. Old
/// MovieLens files are Latin-1 while newer ones are UTF-8; checking per field
/// handles both, and Latin-1 text that happens to be valid UTF-8 does not
/// occur in practice (it would need byte pairs like "Ã©").
std::string ensure_utf8(std::string_view s);

/// Without leading/trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view s);

/// Splits on every occurrence of `sep` (non-empty); keeps empty fields.
std::vector<std::string_view> split(std::string_view s, std::string_view sep);

/// The '|'-separated values of a multi-valued cell, trimmed, empties dropped.
std::vector<std::string_view> split_values(std::string_view cell);

/// ASCII lower case (other bytes unchanged, so UTF-8 stays valid).
std::string ascii_lower(std::string_view s);

/// Whole-string parses; leading/trailing blanks allowed, nothing else.
std::optional<int64_t> parse_int(std::string_view s);
std::optional<double> parse_real(std::string_view s);  // finite values only

/// Year of an ISO date "YYYY-MM-DD" (a valid calendar day), else nullopt.
std::optional<int> iso_date_year(std::string_view s);

/// Seconds since the Unix epoch of "YYYY-MM-DD" or "YYYY-MM-DD[T ]HH:MM[:SS]"
/// (UTC, an optional trailing 'Z'), else nullopt.
std::optional<int64_t> iso_to_unix(std::string_view s);

/// The year of a MovieLens-style title "Heat (1995)" (also "(1995/I)",
/// "(2006-2007)"), else nullopt. Only the last parenthesised group counts.
std::optional<int> title_year(std::string_view title);

/// The year of a MovieLens 100K release date "01-Jan-1995", else nullopt.
std::optional<int> dmy_date_year(std::string_view s);

}  // namespace interec::text

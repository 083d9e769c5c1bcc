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

/// `s` with every byte that is not part of a well-formed UTF-8 sequence
/// replaced by U+FFFD (one per byte).
std::string valid_utf8(std::string_view s);

/// Text from outside (a chat line, a protocol field, a web request, a cell
/// of an imported file) made fit to store and to show on a terminal:
/// valid_utf8(), and every control character except tab and newline
/// written out as a visible escape — C0 and DEL as "\xHH", U+0080–U+009F as
/// "\u00HH" — so that it cannot steer a terminal or break a line protocol.
std::string clean(std::string_view s);

/// The longest prefix of `s` of at most `max_bytes` bytes that does not end
/// inside a UTF-8 sequence.
std::string_view cut_utf8(std::string_view s, size_t max_bytes);

/// Input quoted back in a message: clean(), and when longer than about
/// `max_bytes`, cut on a character boundary and followed by
/// "… (N bytes)", so that a 10 MB header line is never echoed whole.
std::string excerpt(std::string_view s, size_t max_bytes = 200);

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

/// FNV-1a 64 of the bytes: a stable hash (the same on every machine and
/// run) for ids derived from text.
uint64_t fnv1a(std::string_view s);

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

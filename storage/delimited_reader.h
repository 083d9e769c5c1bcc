// Reads delimited text files line by line: CSV with RFC 4180 quoting (quoted
// fields may hold the delimiter, doubled quotes and line breaks), TSV and
// other single-character formats without quoting, LF or CRLF line ends, an
// optional UTF-8 byte order mark. Blank lines are skipped.
#pragma once

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

namespace interec {

struct DelimitedRecord {
  size_t line = 0;                  // 1-based line where the record starts
  std::vector<std::string> fields;  // raw bytes, not trimmed, not re-encoded
  std::string error;                // non-empty: a malformed record (fields unusable)
};

class DelimitedReader {
 public:
  /// `quoted`: honour RFC 4180 double quotes. TSV files are read without
  /// quoting because their cells often start with a literal '"' (titles such
  /// as "Weird Al" Yankovic) and tabs never occur inside cells.
  /// Throws ImportError naming `path` when the file cannot be opened.
  DelimitedReader(std::string path, char delimiter, bool quoted);

  /// The next non-blank record; false at the end of the file. A quoted
  /// field still open at the end of the file, or over kMaxQuotedLines lines,
  /// makes a record with an error, and reading goes on from the line after
  /// the one where it began: one stray quote costs one row, not the rest
  /// of the file (whose rows would then be blamed in another file).
  bool next(DelimitedRecord& record);

  /// The record just returned is junk (e.g. the wrong number of fields):
  /// when it spanned several lines, read them again as records of their
  /// own, from the line after the one where it began.
  void resync();

  const std::string& path() const { return path_; }
  /// Bytes of the file read so far (for progress against its size).
  size_t bytes_read() const { return bytes_read_; }

  /// A quoted field may span at most this many lines.
  static constexpr size_t kMaxQuotedLines = 1000;

 private:
  struct Line {
    size_t number;
    std::string text;
  };
  bool next_line(std::string& line);

  std::string path_;
  std::ifstream in_;
  char delimiter_;
  bool quoted_;
  size_t line_no_ = 0;
  size_t bytes_read_ = 0;
  std::string line_;
  // The lines of the current record after its first, kept while the
  // record is read so that resync() can give them back.
  std::vector<Line> taken_;
  // Lines given back by resync(), read before the file's next line.
  std::vector<Line> pending_;  // in reverse order: back() is next
};

/// Reads plain lines (LF or CRLF, BOM stripped); for "::"-separated files.
class LineReader {
 public:
  /// Throws ImportError naming `path` when the file cannot be opened.
  explicit LineReader(std::string path);
  /// The next non-blank line without its line end; false at the end.
  bool next(std::string& line, size_t& line_no);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  size_t line_no_ = 0;
};

}  // namespace interec

#include "storage/delimited_reader.h"

#include <utility>

#include "storage/importer.h"

namespace interec {

namespace {

void strip_line_end(std::string& line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

void strip_bom(std::string& line) {
  if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
}

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

DelimitedReader::DelimitedReader(std::string path, char delimiter, bool quoted)
    : path_(std::move(path)), in_(path_, std::ios::binary), delimiter_(delimiter), quoted_(quoted) {
  if (!in_) throw ImportError(path_ + ": cannot open the file");
}

bool DelimitedReader::next_line(std::string& line) {
  if (!pending_.empty()) {
    line_no_ = pending_.back().number;
    line = std::move(pending_.back().text);
    pending_.pop_back();
    return true;
  }
  if (!std::getline(in_, line)) return false;
  ++line_no_;
  bytes_read_ += line.size() + 1;
  strip_line_end(line);
  if (line_no_ == 1) strip_bom(line);
  return true;
}

void DelimitedReader::resync() {
  for (auto it = taken_.rbegin(); it != taken_.rend(); ++it) pending_.push_back(std::move(*it));
  taken_.clear();
}

bool DelimitedReader::next(DelimitedRecord& record) {
  record.fields.clear();
  record.error.clear();
  taken_.clear();
  do {
    if (!next_line(line_)) return false;
  } while (blank(line_));
  record.line = line_no_;

  if (!quoted_) {
    size_t start = 0;
    while (true) {
      size_t pos = line_.find(delimiter_, start);
      if (pos == std::string::npos) {
        record.fields.emplace_back(line_, start);
        return true;
      }
      record.fields.emplace_back(line_, start, pos - start);
      start = pos + 1;
    }
  }

  // RFC 4180: a field that starts with '"' runs to the matching '"' (a
  // doubled quote is a literal one) and may span lines.
  std::string field;
  size_t i = 0;
  while (true) {
    field.clear();
    if (i < line_.size() && line_[i] == '"') {
      ++i;
      while (true) {
        if (i >= line_.size()) {
          // The quoted field continues on the next line.
          std::string more;
          if (taken_.size() >= kMaxQuotedLines || !next_line(more)) {
            record.error = "unclosed quote: a quoted field opened on this line does not end (" +
                           std::to_string(taken_.size() + 1) +
                           " lines read); the row is skipped and the lines after it are read as rows";
            resync();
            return true;
          }
          taken_.push_back({line_no_, more});
          field.push_back('\n');
          line_ = std::move(more);
          i = 0;
          continue;
        }
        char c = line_[i++];
        if (c == '"') {
          if (i < line_.size() && line_[i] == '"') {
            field.push_back('"');
            ++i;
          } else {
            break;
          }
        } else {
          field.push_back(c);
        }
      }
      // Tolerate stray text between the closing quote and the delimiter.
      while (i < line_.size() && line_[i] != delimiter_) field.push_back(line_[i++]);
    } else {
      while (i < line_.size() && line_[i] != delimiter_) field.push_back(line_[i++]);
    }
    record.fields.push_back(field);
    if (i >= line_.size()) return true;
    ++i;  // skip the delimiter
  }
}

LineReader::LineReader(std::string path) : path_(std::move(path)), in_(path_, std::ios::binary) {
  if (!in_) throw ImportError(path_ + ": cannot open the file");
}

bool LineReader::next(std::string& line, size_t& line_no) {
  while (std::getline(in_, line)) {
    ++line_no_;
    strip_line_end(line);
    if (line_no_ == 1) strip_bom(line);
    if (blank(line)) continue;
    line_no = line_no_;
    return true;
  }
  return false;
}

}  // namespace interec

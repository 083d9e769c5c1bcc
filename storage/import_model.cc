#include "storage/import_model.h"

#include <filesystem>

#include "storage/importer.h"
#include "storage/text.h"

namespace interec {

std::string cell_text(std::string_view raw) { return text::clean(text::ensure_utf8(text::trim(raw))); }

std::string quote_cell(std::string_view raw) { return "'" + text::excerpt(text::ensure_utf8(raw), 40) + "'"; }

FileRows::FileRows(ImportLog& log, std::string path)
    : log_(log), path_(std::move(path)), name_(std::filesystem::path(path_).filename().string()) {}

void FileRows::skip(size_t line, const std::string& reason) {
  ++bad_;
  ++log_.skipped_rows;
  std::string where = name_ + ":" + std::to_string(line) + ": " + reason;
  if (first_bad_.empty()) first_bad_ = "line " + std::to_string(line) + ": " + reason;
  log_.warn(where);
}

void FileRows::fit(std::string& cell, size_t max_bytes, size_t line) {
  if (cell.size() <= max_bytes) return;
  cell = std::string(text::cut_utf8(cell, max_bytes));
  if (cut_++ == 0) first_cut_line_ = line;
  ++log_.cut_cells;
}

void FileRows::finish() {
  if (cut_ > 0)
    log_.warn(name_ + ": " + std::to_string(cut_) + " cells over the size limits (titles " +
              std::to_string(kMaxTitleBytes) + " bytes, other cells " + std::to_string(kMaxCellBytes) +
              ") were cut; the first at line " + std::to_string(first_cut_line_),
              /*always=*/true);
  if (bad_ > 0 && bad_ * 2 > good_ + bad_) {
    throw ImportError(path_ + ": " + std::to_string(bad_) + " of " + std::to_string(good_ + bad_) +
                      " rows are malformed, so this is probably not the expected file format; "
                      "first bad " + first_bad_);
  }
}

}  // namespace interec

namespace interec {

FileAdvance::FileAdvance(const ImportLog& log, const std::string& path)
    : log_(log), step_("reading " + std::filesystem::path(path).filename().string() + " (bytes)") {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  size_ = ec ? 0 : static_cast<size_t>(size);
}

}  // namespace interec

#include "storage/import_model.h"

#include <filesystem>

#include "storage/importer.h"

namespace interec {

FileRows::FileRows(ImportLog& log, std::string path)
    : log_(log), path_(std::move(path)), name_(std::filesystem::path(path_).filename().string()) {}

void FileRows::skip(size_t line, const std::string& reason) {
  ++bad_;
  ++log_.skipped_rows;
  std::string where = name_ + ":" + std::to_string(line) + ": " + reason;
  if (first_bad_.empty()) first_bad_ = "line " + std::to_string(line) + ": " + reason;
  log_.warn(where);
}

void FileRows::finish() const {
  if (bad_ > 0 && bad_ * 2 > good_ + bad_) {
    throw ImportError(path_ + ": " + std::to_string(bad_) + " of " + std::to_string(good_ + bad_) +
                      " rows are malformed, so this is probably not the expected file format; "
                      "first bad " + first_bad_);
  }
}

}  // namespace interec

// Writing a prepared dataset's files so that readers never see half of one:
// the bytes go to a temporary file next to the target, which then replaces
// it by rename. A process that has the old file open or mapped keeps it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace interec {

/// The file could not be written or moved into place; the message names it.
struct AtomicWriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Replaces `path` by `bytes` atomically. Throws AtomicWriteError.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace interec

// Writing a prepared dataset's files so that readers never see half of one:
// the bytes go to a temporary file next to the target, which then replaces
// it by rename. A process that has the old file open or mapped keeps it.
#pragma once

#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>

namespace interec {

/// The file could not be written or moved into place; the message names it.
struct AtomicWriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Replaces `path` atomically by what `write` puts into the stream (a
/// temporary file beside `path`). Throws AtomicWriteError when the file
/// cannot be written or moved into place; an exception from `write` goes
/// through, the temporary file removed and `path` as it was.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Replaces `path` by `bytes` atomically. Throws AtomicWriteError.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace interec

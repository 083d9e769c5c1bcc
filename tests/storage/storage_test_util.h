// Helpers shared by the storage tests.
#pragma once

#include <fstream>
#include <string>

#include "storage/importer.h"
#include "tests/test_data.h"

namespace interec::test {

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

/// Imports `source` into `out` with default options.
inline ImportSummary import_to(const std::string& source, const std::string& out,
                               SourceFormat format = SourceFormat::automatic) {
  ImportOptions options;
  options.source_dir = source;
  options.out_dir = out;
  options.format = format;
  return import_dataset(options);
}

/// The message of the ImportError that `f` throws ("" when none).
template <class F>
std::string import_error(F&& f) {
  try {
    f();
  } catch (const ImportError& e) {
    return e.what();
  }
  return "";
}

}  // namespace interec::test

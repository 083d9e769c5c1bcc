// `interec prepare`: turns a source folder (MovieLens 100K / 1M / latest, or
// the generic items + interactions CSV/TSV format) into a prepared dataset.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/step_progress.h"

namespace interec {

enum class SourceFormat { automatic, movielens, generic };

struct ImportOptions {
  std::string source_dir;
  std::string out_dir;
  SourceFormat format = SourceFormat::automatic;
  /// Where progress lines go (may be empty: silent).
  std::function<void(const std::string&)> progress;
  /// How far the long loops are (bytes of a file read, items written);
  /// may be empty. The progress bar of `prepare` on a terminal.
  StepProgress advance;
};

/// What an import did; also written to manifest.json.
struct ImportSummary {
  std::string format;          // "ml-100k", "ml-1m", "ml-latest", "generic"
  std::string fingerprint;     // of the items (storage/items_fingerprint.h)
  size_t items = 0;
  size_t users = 0;
  size_t interactions = 0;
  size_t skipped_rows = 0;     // junk rows skipped (see warnings)
  size_t cut_cells = 0;        // cells over the size limits, cut (see warnings)
  std::vector<std::string> warnings;  // "FILE:LINE: reason", at most 20 kept
  double seconds = 0;
};

/// Imports and writes catalog.db, interactions.bin and manifest.json into
/// out_dir (created if needed; previous files replaced). Throws
/// ImportError naming the file (and line) when the source cannot be used.
ImportSummary import_dataset(const ImportOptions& options);

struct ImportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// "auto", "movielens" or "generic" (as given to `--format`); throws
/// ImportError naming the unknown value otherwise.
SourceFormat parse_source_format(const std::string& name);
const char* to_string(SourceFormat format);

}  // namespace interec

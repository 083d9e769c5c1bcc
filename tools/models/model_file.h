// The header every model file starts with, so that a missing, foreign,
// corrupt or stale model is a clear error and never undefined behaviour.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace interec {

struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ModelHeader {
  std::string kind;          // "popularity", "item_knn", ...
  uint32_t version = 1;      // format version of that kind
  uint64_t fingerprint = 0;  // dataset_fingerprint() of the data it was trained on
  std::string params;        // hyper-parameters as JSON text
};

/// Writes a model file atomically (write_file_atomically): a crash never
/// leaves a half-written model behind.
/// Throws ModelError naming `path` when the file cannot be written.
void write_model_file(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Writes magic "IRECMODL", then the header fields.
void write_model_header(std::ostream& out, const ModelHeader& h);
/// Reads and checks a header: throws ModelError naming `path` when the magic,
/// kind or version differ from `expect_kind` / `expect_version`, or when the
/// fingerprint differs from `expect_fingerprint` (non-zero).
ModelHeader read_model_header(std::istream& in, const std::string& path,
                              const std::string& expect_kind, uint32_t expect_version,
                              uint64_t expect_fingerprint);

/// The header of `path` as written, its kind, version and fingerprint not
/// checked (to choose how to read the rest of the file): ModelError naming
/// the file when it is missing (the message ends with `hint`) or not a model
/// file.
ModelHeader peek_model_header(const std::string& path, const std::string& hint);

/// Gives the header's hyper-parameters (JSON) to `read`, which takes them
/// with `.at(...).get<T>()`. Parameters that do not parse, or one that is
/// missing or of another type, are a ModelError "PATH: corrupt KIND
/// parameters".
void read_model_params(const ModelHeader& h, const std::string& path,
                       const std::function<void(const nlohmann::json&)>& read);

}  // namespace interec

#include "tools/models/model_file.h"

#include <cstdio>
#include <fstream>

#include <cstring>
#include <istream>
#include <ostream>

#include <nlohmann/json.hpp>

#include "storage/atomic_file.h"
#include "tools/models/binary_io.h"

namespace interec {
namespace {
constexpr char kMagic[8] = {'I', 'R', 'E', 'C', 'M', 'O', 'D', 'L'};
constexpr uint32_t kMaxKind = 64;
constexpr uint32_t kMaxParams = 1 << 20;
}  // namespace

void write_model_header(std::ostream& out, const ModelHeader& h) {
  out.write(kMagic, sizeof kMagic);
  binio::write_string(out, h.kind);
  binio::write_pod(out, h.version);
  binio::write_pod(out, h.fingerprint);
  binio::write_string(out, h.params);
}

namespace {

ModelHeader parse_model_header(std::istream& in, const std::string& path) {
  char magic[sizeof kMagic];
  if (!in.read(magic, sizeof magic))
    throw ModelError(path + ": not a model file (too short for the header)");
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    throw ModelError(path + ": not an interec model file (bad magic)");
  ModelHeader h;
  if (!binio::read_string(in, h.kind, kMaxKind))
    throw ModelError(path + ": corrupt model header (kind)");
  if (!binio::read_pod(in, h.version) || !binio::read_pod(in, h.fingerprint) ||
      !binio::read_string(in, h.params, kMaxParams))
    throw ModelError(path + ": corrupt or truncated model header");
  return h;
}

}  // namespace

ModelHeader peek_model_header(const std::string& path, const std::string& hint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable model; " + hint);
  return parse_model_header(in, path);
}

ModelHeader read_model_header(std::istream& in, const std::string& path,
                              const std::string& expect_kind, uint32_t expect_version,
                              uint64_t expect_fingerprint) {
  const ModelHeader h = parse_model_header(in, path);
  if (h.kind != expect_kind)
    throw ModelError(path + ": holds a '" + h.kind + "' model, expected '" + expect_kind + "'");
  if (h.version != expect_version)
    throw ModelError(path + ": " + h.kind + " format version " + std::to_string(h.version) +
                     ", this build reads version " + std::to_string(expect_version) +
                     "; run `interec prepare` again");
  if (expect_fingerprint != 0 && h.fingerprint != expect_fingerprint)
    throw ModelError(path + ": trained on other data (dataset fingerprint differs); "
                     "run `interec prepare` again");
  return h;
}

void read_model_params(const ModelHeader& h, const std::string& path,
                       const std::function<void(const nlohmann::json&)>& read) {
  try {
    read(nlohmann::json::parse(h.params));
  } catch (const nlohmann::json::exception&) {
    throw ModelError(path + ": corrupt " + h.kind + " parameters");
  }
}

void write_model_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  try {
    write_file_atomically(path, write);
  } catch (const AtomicWriteError& e) {
    throw ModelError(e.what());
  }
}

}  // namespace interec

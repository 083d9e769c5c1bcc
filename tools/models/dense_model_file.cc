#include "tools/models/dense_model_file.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "tools/models/binary_io.h"

namespace interec {
namespace {
constexpr uint32_t kMaxName = 256;
constexpr uint32_t kMaxString = 1 << 16;
constexpr uint64_t kMaxCount = 1 << 24;
}  // namespace

const Tensor& DenseModel::get(const std::string& path, const std::string& name, uint64_t rows,
                              uint64_t cols) const {
  for (const Tensor& t : tensors) {
    if (t.name != name) continue;
    if (t.rows != rows || t.cols != cols)
      throw ModelError(path + ": corrupt " + header.kind + " model (tensor " + name + " is " +
                       std::to_string(t.rows) + "x" + std::to_string(t.cols) + ", expected " +
                       std::to_string(rows) + "x" + std::to_string(cols) + ")");
    return t;
  }
  throw ModelError(path + ": corrupt " + header.kind + " model (no tensor " + name + ")");
}

void save_dense_model(const std::string& path, const DenseModel& model) {
  // Never write what load_dense_model() would refuse to read back.
  if (model.tensors.size() > kMaxCount || model.strings.size() > kMaxCount)
    throw ModelError(path + ": " + model.header.kind + " model too large to save (" +
                     std::to_string(model.strings.size()) + " strings)");
  for (const Tensor& t : model.tensors)
    if (t.name.size() > kMaxName) throw ModelError(path + ": tensor name longer than " + std::to_string(kMaxName));
  for (const std::string& s : model.strings)
    if (s.size() > kMaxString)
      throw ModelError(path + ": a string of the " + model.header.kind + " model is " + std::to_string(s.size()) +
                       " bytes, over the " + std::to_string(kMaxString) + " a model file may hold");
  write_model_file(path, [&](std::ostream& out) {
    write_model_header(out, model.header);
    uint64_t sum = binio::kFnvOffset;
    binio::write_pod(out, static_cast<uint64_t>(model.tensors.size()));
    for (const Tensor& t : model.tensors) {
      binio::write_string(out, t.name);
      binio::write_pod(out, t.rows);
      binio::write_pod(out, t.cols);
      binio::write_array(out, t.data);
      sum = binio::hash_array(t.data, sum);
    }
    binio::write_pod(out, static_cast<uint64_t>(model.strings.size()));
    for (const std::string& s : model.strings) {
      binio::write_string(out, s);
      sum = binio::fnv1a(s.data(), s.size(), sum);
    }
    binio::write_pod(out, sum);
  });
}

DenseModel load_dense_model(const std::string& path, const std::string& kind, uint32_t version,
                            uint64_t fingerprint, const std::string& hint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable " + kind + " model; " + hint);
  DenseModel m;
  m.header = read_model_header(in, path, kind, version, fingerprint);
  const auto here = in.tellg();
  in.seekg(0, std::ios::end);
  uint64_t remaining = static_cast<uint64_t>(in.tellg() - here);
  in.seekg(here);
  const std::string corrupt = path + ": truncated or corrupt " + kind + " model";
  uint64_t count = 0, sum = binio::kFnvOffset;
  if (!binio::read_pod(in, count) || count > kMaxCount) throw ModelError(corrupt + " (tensor count)");
  m.tensors.resize(count);
  for (Tensor& t : m.tensors) {
    if (!binio::read_string(in, t.name, kMaxName) || !binio::read_pod(in, t.rows) || !binio::read_pod(in, t.cols))
      throw ModelError(corrupt + " (tensor header)");
    // The product must not overflow and must fit in what is left of the file.
    if (t.rows > (uint64_t{1} << 32) || t.cols > (uint64_t{1} << 32) ||
        t.rows * t.cols > remaining / sizeof(float))
      throw ModelError(corrupt + " (tensor " + t.name + " larger than the file)");
    if (!binio::read_array(in, t.data, t.rows * t.cols)) throw ModelError(corrupt + " (tensor " + t.name + ")");
    sum = binio::hash_array(t.data, sum);
  }
  if (!binio::read_pod(in, count) || count > kMaxCount || count > remaining)
    throw ModelError(corrupt + " (string count)");
  m.strings.resize(count);
  for (std::string& s : m.strings) {
    if (!binio::read_string(in, s, kMaxString)) throw ModelError(corrupt + " (strings)");
    sum = binio::fnv1a(s.data(), s.size(), sum);
  }
  uint64_t stored = 0;
  if (!binio::read_pod(in, stored)) throw ModelError(corrupt + " (checksum)");
  if (stored != sum) throw ModelError(path + ": corrupt " + kind + " model (checksum mismatch)");
  if (in.peek() != std::char_traits<char>::eof()) throw ModelError(corrupt + " (trailing bytes)");
  for (const Tensor& t : m.tensors)
    for (float x : t.data)
      if (!std::isfinite(x)) throw ModelError(path + ": corrupt " + kind + " model (non-finite value in " + t.name + ")");
  return m;
}

}  // namespace interec

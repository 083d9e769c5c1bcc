#include "tools/models/mapped_model_file.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/checksum.h"
#include "tools/models/binary_io.h"

namespace interec {
namespace {

constexpr char kMappedMagic[8] = {'I', 'R', 'E', 'C', 'M', 'A', 'P', 'D'};
constexpr uint64_t kTensorAlign = 64;
constexpr uint32_t kMappedMaxName = 256;
constexpr uint32_t kMappedMaxString = 1 << 16;
constexpr uint64_t kMappedMaxTensors = 64;
constexpr uint64_t kMappedMaxStrings = 1 << 24;
constexpr uint64_t kSampleBlock = 4096;
constexpr uint64_t kSampleBlocks = 16;  // per tensor

uint64_t element_size(TensorType t) { return t == TensorType::i8 ? 1 : 4; }

uint64_t align_up(uint64_t x) { return (x + kTensorAlign - 1) / kTensorAlign * kTensorAlign; }

// The byte ranges of a tensor of `bytes` that the sampled check reads: the
// first, the last and evenly spaced blocks between; all of a small tensor.
template <class F>
void for_each_sample(uint64_t bytes, const F& f) {
  for_each_sampled_block(bytes, kSampleBlock, kSampleBlocks, f);
}

// Asks the kernel to read [p, p + bytes) of a mapping ahead (MADV_WILLNEED,
// no waiting): on a cold page cache each sampled block is its own disk read,
// and faulting them in one after another made them a queue.
void read_ahead(const char* p, uint64_t bytes) {
  static const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(p) / page * page;
  const auto end = reinterpret_cast<uintptr_t>(p) + bytes;
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_WILLNEED);  // advice only: a failure costs speed
}

bool all_finite(const char* p, uint64_t bytes) {
  for (uint64_t k = 0; k + 4 <= bytes; k += 4) {
    float x;
    std::memcpy(&x, p + k, 4);
    if (!std::isfinite(x)) return false;
  }
  return true;
}

// The tables after the common header; the offsets must already be set.
std::string tables(const std::vector<MappedModel::Entry>& entries, const std::vector<std::string>& strings,
                   uint64_t file_size, uint64_t sample_sum, uint64_t full_sum) {
  std::ostringstream out;
  out.write(kMappedMagic, sizeof kMappedMagic);
  binio::write_pod(out, file_size);
  binio::write_pod(out, static_cast<uint64_t>(entries.size()));
  for (const MappedModel::Entry& e : entries) {
    binio::write_string(out, e.name);
    binio::write_pod(out, static_cast<uint32_t>(e.type));
    binio::write_pod(out, e.rows);
    binio::write_pod(out, e.cols);
    binio::write_pod(out, e.offset);
  }
  binio::write_pod(out, static_cast<uint64_t>(strings.size()));
  for (const std::string& s : strings) binio::write_string(out, s);
  binio::write_pod(out, sample_sum);
  binio::write_pod(out, full_sum);
  return out.str();
}

}  // namespace

void save_mapped_model(const std::string& path, const ModelHeader& header, const std::vector<TensorSource>& tensors,
                       const std::vector<std::string>& strings) {
  if (tensors.size() > kMappedMaxTensors || strings.size() > kMappedMaxStrings)
    throw ModelError(path + ": " + header.kind + " model too large to save");
  for (const std::string& s : strings)
    if (s.size() > kMappedMaxString)
      throw ModelError(path + ": a string of the " + header.kind + " model is " + std::to_string(s.size()) +
                       " bytes, over the " + std::to_string(kMappedMaxString) + " a model file may hold");
  std::ostringstream head;
  write_model_header(head, header);
  std::vector<MappedModel::Entry> entries;
  Checksum sample, full;
  for (const TensorSource& t : tensors) {
    if (t.name.size() > kMappedMaxName) throw ModelError(path + ": tensor name longer than " + std::to_string(kMappedMaxName));
    entries.push_back({t.name, t.type, t.rows, t.cols, 0});
    const uint64_t bytes = t.rows * t.cols * element_size(t.type);
    const char* p = static_cast<const char*>(t.data);
    if (bytes) full.add(p, bytes);
    for_each_sample(bytes, [&](uint64_t begin, uint64_t n) { sample.add(p + begin, n); });
  }
  for (const std::string& s : strings) {
    full.add(s.data(), s.size());
    sample.add(s.data(), s.size());
  }
  // The tables' length does not depend on the values in them.
  const uint64_t table_end = head.str().size() + tables(entries, strings, 0, 0, 0).size();
  uint64_t at = align_up(table_end);
  for (MappedModel::Entry& e : entries) {
    e.offset = at;
    at = align_up(at + e.rows * e.cols * element_size(e.type));
  }
  const std::string table = tables(entries, strings, at, sample.value(), full.value());
  write_model_file(path, [&](std::ostream& out) {
    out << head.str() << table;
    uint64_t written = table_end;
    static const char zeros[kTensorAlign] = {};
    for (size_t k = 0; k < tensors.size(); ++k) {
      out.write(zeros, static_cast<std::streamsize>(entries[k].offset - written));
      const uint64_t bytes = entries[k].rows * entries[k].cols * element_size(entries[k].type);
      if (bytes) out.write(static_cast<const char*>(tensors[k].data), static_cast<std::streamsize>(bytes));
      written = entries[k].offset + bytes;
    }
    out.write(zeros, static_cast<std::streamsize>(at - written));
  });
  MappedModel::open(path, header.kind, header.version, header.fingerprint, "")->verify();
}

std::shared_ptr<const MappedModel> MappedModel::open(const std::string& path, const std::string& kind,
                                                     uint32_t version, uint64_t fingerprint, const std::string& hint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable " + kind + " model; " + hint);
  auto m = std::shared_ptr<MappedModel>(new MappedModel());
  m->header_ = read_model_header(in, path, kind, version, fingerprint);
  const std::string corrupt = path + ": truncated or corrupt " + kind + " model";
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  char magic[sizeof kMappedMagic];
  uint64_t written_size = 0, count = 0;
  if (ec || !in.read(magic, sizeof magic) || std::memcmp(magic, kMappedMagic, sizeof magic) != 0 ||
      !binio::read_pod(in, written_size))
    throw ModelError(corrupt + " (tables)");
  if (written_size != size)
    throw ModelError(corrupt + " (" + std::to_string(size) + " bytes, written as " + std::to_string(written_size) +
                     ")");
  if (!binio::read_pod(in, count) || count > kMappedMaxTensors) throw ModelError(corrupt + " (tensor count)");
  m->entries_.resize(count);
  for (Entry& e : m->entries_) {
    uint32_t type = 0;
    if (!binio::read_string(in, e.name, kMappedMaxName) || !binio::read_pod(in, type) || !binio::read_pod(in, e.rows) ||
        !binio::read_pod(in, e.cols) || !binio::read_pod(in, e.offset) || type > 1)
      throw ModelError(corrupt + " (tensor table)");
    e.type = static_cast<TensorType>(type);
    // The product must not overflow and the tensor must lie inside the file.
    if (e.rows > (uint64_t{1} << 32) || e.cols > (uint64_t{1} << 32) || e.offset % kTensorAlign != 0 ||
        e.offset > size || e.rows * e.cols > (size - e.offset) / element_size(e.type))
      throw ModelError(corrupt + " (tensor " + e.name + " lies outside the file)");
  }
  if (!binio::read_pod(in, count) || count > kMappedMaxStrings || count > size) throw ModelError(corrupt + " (string count)");
  m->strings_.resize(count);
  for (std::string& s : m->strings_)
    if (!binio::read_string(in, s, kMappedMaxString)) throw ModelError(corrupt + " (strings)");
  if (!binio::read_pod(in, m->sample_sum_) || !binio::read_pod(in, m->full_sum_)) throw ModelError(corrupt + " (checksums)");
  try {
    m->file_ = MappedFile::open(path);
  } catch (const MappedFileError& e) {
    throw ModelError(std::string(e.what()) + "; " + hint);
  }
  for (const Entry& e : m->entries_)
    for_each_sample(e.rows * e.cols * element_size(e.type),
                    [&](uint64_t begin, uint64_t n) { read_ahead(m->file_->data() + e.offset + begin, n); });
  Checksum sample;
  for (const Entry& e : m->entries_) {
    const char* p = m->file_->data() + e.offset;
    for_each_sample(e.rows * e.cols * element_size(e.type), [&](uint64_t begin, uint64_t n) {
      sample.add(p + begin, n);
      if (e.type == TensorType::f32 && !all_finite(p + begin, n))
        throw m->corrupt("non-finite value in " + e.name);
    });
  }
  for (const std::string& s : m->strings_) sample.add(s.data(), s.size());
  if (sample.value() != m->sample_sum_) throw m->corrupt("checksum mismatch in a sample of its tensors");
  return m;
}

void MappedModel::verify() const {
  Checksum full;
  for (const Entry& e : entries_) {
    const uint64_t bytes = e.rows * e.cols * element_size(e.type);
    const char* p = file_->data() + e.offset;
    if (bytes) full.add(p, bytes);
    if (e.type == TensorType::f32 && !all_finite(p, bytes)) throw corrupt("non-finite value in " + e.name);
  }
  for (const std::string& s : strings_) full.add(s.data(), s.size());
  if (full.value() != full_sum_) throw corrupt("checksum mismatch");
}

bool MappedModel::has(const std::string& name) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
}

const MappedModel::Entry& MappedModel::entry(const std::string& name) const {
  for (const Entry& e : entries_)
    if (e.name == name) return e;
  throw corrupt("no tensor " + name);
}

const void* MappedModel::data(const std::string& name, TensorType type, uint64_t rows, uint64_t cols) const {
  const Entry& e = entry(name);
  if (e.type != type || e.rows != rows || e.cols != cols)
    throw corrupt("tensor " + name + " is " + std::to_string(e.rows) + "x" + std::to_string(e.cols) + ", expected " +
                  std::to_string(rows) + "x" + std::to_string(cols) + (e.type != type ? " of another type" : ""));
  return file_->data() + e.offset;
}

const float* MappedModel::floats(const std::string& name, uint64_t rows, uint64_t cols) const {
  return static_cast<const float*>(data(name, TensorType::f32, rows, cols));
}

const int8_t* MappedModel::bytes(const std::string& name, uint64_t rows, uint64_t cols) const {
  return static_cast<const int8_t*>(data(name, TensorType::i8, rows, cols));
}

ModelError MappedModel::corrupt(const std::string& why) const {
  return ModelError(path() + ": corrupt " + header_.kind + " model (" + why + ")");
}

}  // namespace interec

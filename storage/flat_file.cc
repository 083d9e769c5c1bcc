#include "storage/flat_file.h"

#include <cstring>
#include <filesystem>
#include <ostream>

#include "storage/atomic_file.h"

namespace interec {

constexpr uint32_t kEndianMark = 0x01020304;

struct FlatFileHeader {
  char magic[8];
  uint32_t version;
  uint32_t endian_mark;
  uint64_t file_size;
  char fingerprint[64];  // NUL padded
  uint64_t items;
  uint64_t counts[FlatFileWriter::kMaxCounts];
  uint64_t arrays;
  struct {
    uint64_t offset, count, element_size;
  } array[FlatFileWriter::kMaxArrays];
  uint8_t reserved[1024 - 8 - 4 - 4 - 8 - 64 - 8 - FlatFileWriter::kMaxCounts * 8 - 8 -
                   FlatFileWriter::kMaxArrays * 24];
};
static_assert(sizeof(FlatFileHeader) == 1024);

namespace {

uint64_t aligned(uint64_t x) { return (x + 7) / 8 * 8; }

}  // namespace

void FlatFileWriter::write(const std::string& path, const FlatFileId& id) const {
  if (arrays_.size() > kMaxArrays) throw std::logic_error("FlatFileWriter: too many arrays");
  FlatFileHeader h{};
  std::memcpy(h.magic, id.magic, sizeof h.magic);
  h.version = id.version;
  h.endian_mark = kEndianMark;
  std::strncpy(h.fingerprint, id.fingerprint.c_str(), sizeof h.fingerprint - 1);
  h.items = id.items;
  for (size_t i = 0; i < kMaxCounts; ++i) h.counts[i] = counts_[i];
  h.arrays = arrays_.size();
  uint64_t at = sizeof h;
  for (size_t i = 0; i < arrays_.size(); ++i) {
    h.array[i] = {at, arrays_[i].count, arrays_[i].element_size};
    at = aligned(at + arrays_[i].count * arrays_[i].element_size);
  }
  h.file_size = at;
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    static const char zeros[8] = {};
    for (const Array& a : arrays_) {
      const uint64_t bytes = a.count * a.element_size;
      if (bytes) out.write(a.data, static_cast<std::streamsize>(bytes));
      out.write(zeros, static_cast<std::streamsize>(aligned(bytes) - bytes));
    }
  });
}

std::shared_ptr<const FlatFile> FlatFile::open(const std::string& path, const FlatFileId& id, size_t arrays) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return nullptr;
  auto f = std::shared_ptr<FlatFile>(new FlatFile());
  try {
    f->file_ = MappedFile::open(path);
  } catch (const MappedFileError& e) {
    throw CatalogError(std::string(e.what()) + ": run `interec prepare` again");
  }
  const auto* h = f->file_->array<FlatFileHeader>(0, 1);
  if (!h || std::memcmp(h->magic, id.magic, sizeof h->magic) != 0) throw f->damaged("not of its kind");
  f->header_ = h;
  if (h->version != id.version || h->endian_mark != kEndianMark || h->items != id.items ||
      (!id.any_fingerprint && f->fingerprint() != id.fingerprint))
    return nullptr;
  if (h->file_size != f->file_->size()) throw f->damaged("truncated or extended (its size does not match its header)");
  if (h->arrays < arrays || h->arrays > FlatFileWriter::kMaxArrays) throw f->damaged("it holds too few arrays");
  return f;
}

std::string FlatFile::fingerprint() const {
  return std::string(header_->fingerprint, strnlen(header_->fingerprint, sizeof header_->fingerprint));
}

uint64_t FlatFile::count(size_t i) const { return i < FlatFileWriter::kMaxCounts ? header_->counts[i] : 0; }

FlatFile::Entry FlatFile::entry(size_t i, size_t element_size) const {
  if (i >= header_->arrays || header_->array[i].element_size != element_size)
    throw damaged("array " + std::to_string(i) + " is missing or of another element size");
  return {header_->array[i].offset, header_->array[i].count};
}

CatalogError FlatFile::damaged(const std::string& why) const {
  return CatalogError(path() + ": " + why + ": run `interec prepare` again");
}

}  // namespace interec

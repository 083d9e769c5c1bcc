#include "storage/interactions.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "storage/atomic_file.h"
#include "storage/checksum.h"
#include "storage/interactions_builder.h"

namespace fs = std::filesystem;

namespace interec {

namespace {

// File layout (native little-endian, checked through kInteractionsEndianMark):
//   char[8]  magic "IRECINTR"
//   u32      format version (kInteractionsVersion)
//   u32      endian mark 0x01020304
//   u64      users, interactions, user id bytes
//   u64      offsets[users + 1]          CSR row starts
//   u64      id_offsets[users + 1]       starts of each user id in the id bytes
//   char     id bytes
//   i32      items[interactions]
//   f32      ratings[interactions]
//   i64      timestamps[interactions]
//   u64      checksum of everything above
// The sizes fix the file length exactly, so truncation and trailing garbage
// are caught before anything is allocated; the checksum catches flipped bytes.
constexpr char kInteractionsMagic[8] = {'I', 'R', 'E', 'C', 'I', 'N', 'T', 'R'};
constexpr uint32_t kInteractionsVersion = 1;
constexpr uint32_t kInteractionsEndianMark = 0x01020304;
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 3 * 8;

class InteractionsWriter {
 public:
  explicit InteractionsWriter(std::ostream& out) : out_(out) {}
  void bytes(const void* p, size_t n) {
    out_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    sum_.add(p, n);
  }
  template <class T>
  void value(T v) { bytes(&v, sizeof v); }
  template <class T>
  void array(const std::vector<T>& v) { bytes(v.data(), v.size() * sizeof(T)); }
  uint64_t checksum() { return sum_.value(); }

 private:
  std::ostream& out_;
  Checksum sum_;
};

class Reader {
 public:
  Reader(const std::string& path, std::vector<char> data) : path_(path), data_(std::move(data)) {}
  template <class T>
  T value() {
    T v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  template <class T>
  void array(std::vector<T>& v, size_t n) {
    v.resize(n);
    if (n) std::memcpy(v.data(), take(n * sizeof(T)), n * sizeof(T));
  }
  const char* take(size_t n) {
    if (data_.size() - pos_ < n) throw InteractionsError(path_ + ": truncated file");
    const char* p = data_.data() + pos_;
    pos_ += n;
    return p;
  }
  size_t pos() const { return pos_; }
  const std::vector<char>& data() const { return data_; }

 private:
  const std::string& path_;
  std::vector<char> data_;
  size_t pos_ = 0;
};

}  // namespace

Interactions Interactions::build(std::vector<Row> rows) {
  InteractionsBuilder builder;
  for (Row& r : rows) builder.add(std::move(r.user), r.item, r.rating, r.timestamp);
  rows = {};
  return builder.finish();
}

void Interactions::save(const std::string& path) const {
  std::vector<uint64_t> id_offsets{0};
  std::string ids;
  for (const auto& id : user_ids_) {
    ids += id;
    id_offsets.push_back(ids.size());
  }
  try {
    write_file_atomically(path, [&](std::ostream& out) {
      InteractionsWriter w(out);
      w.bytes(kInteractionsMagic, sizeof kInteractionsMagic);
      w.value<uint32_t>(kInteractionsVersion);
      w.value<uint32_t>(kInteractionsEndianMark);
      w.value<uint64_t>(user_ids_.size());
      w.value<uint64_t>(items_.size());
      w.value<uint64_t>(ids.size());
      w.array(offsets_);
      w.array(id_offsets);
      w.bytes(ids.data(), ids.size());
      w.array(items_);
      w.array(ratings_);
      w.array(timestamps_);
      const uint64_t sum = w.checksum();
      out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    });
  } catch (const AtomicWriteError& e) {
    throw InteractionsError(e.what());
  }
}

Interactions Interactions::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw InteractionsError(path + ": no such interactions file");
  const std::streamoff size = in.tellg();
  if (size < 0) throw InteractionsError(path + ": cannot read the file");
  std::vector<char> data(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(data.data(), size)) throw InteractionsError(path + ": cannot read the file");

  const size_t file_size = data.size();
  Reader r(path, std::move(data));
  if (file_size < kHeaderBytes + 8 || std::memcmp(r.take(8), kInteractionsMagic, 8) != 0)
    throw InteractionsError(path + ": not an interactions file (bad magic)");
  const auto version = r.value<uint32_t>();
  if (version != kInteractionsVersion)
    throw InteractionsError(path + ": format version " + std::to_string(version) + ", expected " +
                            std::to_string(kInteractionsVersion) + ": run `interec prepare` again");
  if (r.value<uint32_t>() != kInteractionsEndianMark)
    throw InteractionsError(path + ": written on a machine of other byte order");
  const auto users = r.value<uint64_t>();
  const auto nnz = r.value<uint64_t>();
  const auto id_bytes = r.value<uint64_t>();
  // Check the exact length before allocating anything from these counts.
  const uint64_t limit = file_size;
  if (users > limit || nnz > limit || id_bytes > limit ||
      kHeaderBytes + 16 * (users + 1) + id_bytes + 16 * nnz + 8 != file_size)
    throw InteractionsError(path + ": truncated or corrupt (its size does not match its header)");

  Checksum sum;
  sum.add(r.data().data(), file_size - 8);
  uint64_t stored;
  std::memcpy(&stored, r.data().data() + file_size - 8, 8);
  if (sum.value() != stored) throw InteractionsError(path + ": corrupt (checksum mismatch)");

  Interactions out;
  std::vector<uint64_t> id_offsets;
  r.array(out.offsets_, users + 1);
  r.array(id_offsets, users + 1);
  const char* ids = r.take(id_bytes);
  r.array(out.items_, nnz);
  r.array(out.ratings_, nnz);
  r.array(out.timestamps_, nnz);

  auto monotone = [](const std::vector<uint64_t>& v, uint64_t end) {
    if (v.front() != 0 || v.back() != end) return false;
    for (size_t k = 1; k < v.size(); ++k)
      if (v[k] < v[k - 1]) return false;
    return true;
  };
  if (!monotone(out.offsets_, nnz) || !monotone(id_offsets, id_bytes))
    throw InteractionsError(path + ": corrupt (offsets out of order)");
  for (ItemIndex item : out.items_)
    if (item < 0) throw InteractionsError(path + ": corrupt (negative item index)");
  out.user_ids_.reserve(users);
  for (size_t u = 0; u < users; ++u) {
    std::string id(ids + id_offsets[u], ids + id_offsets[u + 1]);
    if (!out.by_user_.emplace(id, static_cast<UserIndex>(u)).second)
      throw InteractionsError(path + ": corrupt (user " + id + " appears twice)");
    out.user_ids_.push_back(std::move(id));
  }
  return out;
}

std::optional<UserIndex> Interactions::find_user(std::string_view id) const {
  auto it = by_user_.find(std::string(id));
  if (it == by_user_.end()) return std::nullopt;
  return it->second;
}

Span<ItemIndex> Interactions::items(UserIndex u) const {
  return {items_.data() + offsets_[u], items_.data() + offsets_[u + 1]};
}

Span<float> Interactions::ratings(UserIndex u) const {
  return {ratings_.data() + offsets_[u], ratings_.data() + offsets_[u + 1]};
}

Span<int64_t> Interactions::timestamps(UserIndex u) const {
  return {timestamps_.data() + offsets_[u], timestamps_.data() + offsets_[u + 1]};
}

}  // namespace interec

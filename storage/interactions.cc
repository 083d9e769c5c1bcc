#include "storage/interactions.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "storage/atomic_file.h"
#include "storage/checksum.h"
#include "storage/interactions_builder.h"
#include "storage/mapped_file.h"

namespace fs = std::filesystem;

namespace interec {

// File layout, version 2 (native little-endian, checked through the endian
// mark), laid out to be used where it lies:
//   char[8]  magic "IRECINTR"
//   u32      format version (2)
//   u32      endian mark 0x01020304
//   u64      users, interactions, user id bytes, file size
//   then each array at an offset aligned to 8 bytes (zero padding):
//   u64      offsets[users + 1]          CSR row starts
//   u64      id_offsets[users + 1]       starts of each user id in the id bytes
//   u32      by_id[users]                user indices, ids in byte order
//   i32      items[interactions]
//   f32      ratings[interactions]
//   i64      timestamps[interactions]
//   char     id bytes
//   u64      checksum of the header and a sample of the rest (below)
//   u64      checksum of everything before these two
// The counts fix every offset and the file's length: truncation and
// trailing garbage are caught before anything is read. Version 1 (read the
// old way): the same header without the file size, the arrays packed in the
// order offsets, id_offsets, ids, items, ratings, timestamps, no by_id, one
// checksum at the end.
namespace {

constexpr char kInteractionsMagic[8] = {'I', 'R', 'E', 'C', 'I', 'N', 'T', 'R'};
constexpr uint32_t kInteractionsVersion = 2;
constexpr uint32_t kInteractionsEndianMark = 0x01020304;
constexpr uint64_t kHeaderBytes = 8 + 4 + 4 + 4 * 8;
constexpr uint64_t kTrailerBytes = 2 * 8;
constexpr uint64_t kSampleBlock = 4096;
constexpr uint64_t kSampleBlocks = 64;

uint64_t align8(uint64_t x) { return (x + 7) / 8 * 8; }

/// Where each array of a version 2 file lies.
struct Layout {
  uint64_t offsets, id_offsets, by_id, items, ratings, timestamps, ids, trailer, size;

  /// Null when the counts cannot describe a file of `limit` bytes (no
  /// overflow: each count is first bounded by the limit).
  static std::optional<Layout> of(uint64_t users, uint64_t nnz, uint64_t id_bytes, uint64_t limit) {
    if (users >= limit || nnz > limit || id_bytes > limit) return std::nullopt;
    Layout l{};
    uint64_t at = kHeaderBytes;
    auto place = [&](uint64_t bytes) {
      const uint64_t start = align8(at);
      at = start + bytes;
      return start;
    };
    l.offsets = place(8 * (users + 1));
    l.id_offsets = place(8 * (users + 1));
    l.by_id = place(4 * users);
    l.items = place(4 * nnz);
    l.ratings = place(4 * nnz);
    l.timestamps = place(8 * nnz);
    l.ids = place(id_bytes);
    l.trailer = at;
    l.size = at + kTrailerBytes;
    return l;
  }
};

/// The byte ranges of the body [begin, end) whose checksum is the sampled
/// one: the first, the last and evenly spaced 4 KB blocks between.
template <class F>
void for_each_sample(uint64_t begin, uint64_t end, const F& f) {
  for_each_sampled_block(end - begin, kSampleBlock, kSampleBlocks, [&](uint64_t at, uint64_t n) { f(begin + at, n); });
}

/// Both checksums of a file's bytes as they are written, in order.
class SummingWriter {
 public:
  SummingWriter(std::ostream& out, uint64_t body_begin, uint64_t body_end) : out_(out) {
    for_each_sample(body_begin, body_end, [&](uint64_t at, uint64_t n) { samples_.push_back({at, at + n}); });
  }
  void bytes(const void* p, size_t n) {
    const char* c = static_cast<const char*>(p);
    out_.write(c, static_cast<std::streamsize>(n));
    full_.add(c, n);
    if (pos_ < kHeaderBytes) {
      sample_.add(c, n);  // the header is written in one piece
    } else {
      for (const auto& [a, b] : samples_) {
        const uint64_t lo = std::max(a, pos_), hi = std::min(b, pos_ + n);
        if (lo < hi) sample_.add(c + (lo - pos_), hi - lo);
      }
    }
    pos_ += n;
  }
  void pad_to(uint64_t at) {
    static const char zeros[8] = {};
    while (pos_ < at) bytes(zeros, std::min<uint64_t>(8, at - pos_));
  }
  template <class T>
  void array(uint64_t at, const T* data, size_t n) {
    pad_to(at);
    if (n) bytes(data, n * sizeof(T));
  }
  uint64_t pos() const { return pos_; }
  Checksum& full() { return full_; }
  Checksum& sample() { return sample_; }

 private:
  std::ostream& out_;
  std::vector<std::pair<uint64_t, uint64_t>> samples_;
  Checksum full_, sample_;
  uint64_t pos_ = 0;
};

template <class T>
T read_at(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

bool monotone(const uint64_t* v, uint64_t n, uint64_t end) {
  if (v[0] != 0 || v[n - 1] != end) return false;
  for (uint64_t k = 1; k < n; ++k)
    if (v[k] < v[k - 1]) return false;
  return true;
}

const uint64_t kNoOffsets[1] = {0};

}  // namespace

struct Interactions::Owned {
  std::vector<uint64_t> offsets{0}, id_offsets{0};
  std::string ids;
  std::vector<uint32_t> by_id;
  std::vector<ItemIndex> items;
  std::vector<float> ratings;
  std::vector<int64_t> timestamps;

  std::string_view id(uint32_t u) const {
    return std::string_view(ids).substr(id_offsets[u], id_offsets[u + 1] - id_offsets[u]);
  }
  /// by_id from the ids.
  void sort_ids() {
    by_id.resize(id_offsets.size() - 1);
    std::iota(by_id.begin(), by_id.end(), 0u);
    std::sort(by_id.begin(), by_id.end(), [&](uint32_t a, uint32_t b) { return id(a) < id(b); });
  }
};

Interactions::Interactions() : offsets_(kNoOffsets), id_offsets_(kNoOffsets) {}

Interactions Interactions::from(std::shared_ptr<const Owned> owned) {
  Interactions out;
  out.users_ = owned->offsets.size() - 1;
  out.size_ = owned->items.size();
  out.id_bytes_ = owned->ids.size();
  out.offsets_ = owned->offsets.data();
  out.id_offsets_ = owned->id_offsets.data();
  out.ids_ = owned->ids.data();
  out.by_id_ = owned->by_id.data();
  out.items_ = owned->items.data();
  out.ratings_ = owned->ratings.data();
  out.timestamps_ = owned->timestamps.data();
  out.keep_ = std::move(owned);
  return out;
}

Interactions Interactions::build(std::vector<Row> rows) {
  InteractionsBuilder builder;
  for (Row& r : rows) builder.add(std::move(r.user), r.item, r.rating, r.timestamp);
  rows = {};
  return builder.finish();
}

void Interactions::save(const std::string& path) const {
  const Layout l = *Layout::of(users_, size_, id_bytes_, UINT64_MAX / 64);
  try {
    write_file_atomically(path, [&](std::ostream& out) {
      SummingWriter w(out, kHeaderBytes, l.trailer);
      char header[kHeaderBytes];
      char* p = header;
      auto put = [&](const void* v, size_t n) {
        std::memcpy(p, v, n);
        p += n;
      };
      const uint64_t counts[4] = {users_, size_, id_bytes_, l.size};
      put(kInteractionsMagic, 8);
      put(&kInteractionsVersion, 4);
      put(&kInteractionsEndianMark, 4);
      put(counts, sizeof counts);
      w.bytes(header, sizeof header);
      w.array(l.offsets, offsets_, users_ + 1);
      w.array(l.id_offsets, id_offsets_, users_ + 1);
      w.array(l.by_id, by_id_, users_);
      w.array(l.items, items_, size_);
      w.array(l.ratings, ratings_, size_);
      w.array(l.timestamps, timestamps_, size_);
      w.array(l.ids, ids_, id_bytes_);
      const uint64_t sums[2] = {w.sample().value(), w.full().value()};
      out.write(reinterpret_cast<const char*>(sums), sizeof sums);
    });
  } catch (const AtomicWriteError& e) {
    throw InteractionsError(e.what());
  }
  verify(path);
}

void Interactions::verify(const std::string& path) {
  std::shared_ptr<const MappedFile> file;
  try {
    file = MappedFile::open(path);
  } catch (const MappedFileError& e) {
    throw InteractionsError(e.what());
  }
  const uint64_t size = file->size();
  if (size < kHeaderBytes + kTrailerBytes) throw InteractionsError(path + ": truncated file");
  Checksum full;
  full.add(file->data(), size - kTrailerBytes);
  if (full.value() != read_at<uint64_t>(file->data() + size - 8))
    throw InteractionsError(path + ": corrupt (checksum mismatch)");
}

Interactions Interactions::load(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InteractionsError(path + ": no such interactions file");
  std::shared_ptr<const MappedFile> file;
  try {
    file = MappedFile::open(path);
  } catch (const MappedFileError& e) {
    throw InteractionsError(e.what());
  }
  const char* data = file->data();
  const uint64_t size = file->size();
  if (size < 16 || std::memcmp(data, kInteractionsMagic, 8) != 0)
    throw InteractionsError(path + ": not an interactions file (bad magic)");
  const auto version = read_at<uint32_t>(data + 8);
  if (version == 1) return load_version1(path);
  if (version != kInteractionsVersion)
    throw InteractionsError(path + ": format version " + std::to_string(version) + ", expected " +
                            std::to_string(kInteractionsVersion) + ": run `interec prepare` again");
  if (read_at<uint32_t>(data + 12) != kInteractionsEndianMark)
    throw InteractionsError(path + ": written on a machine of other byte order");
  if (size < kHeaderBytes + kTrailerBytes) throw InteractionsError(path + ": truncated file");
  const auto users = read_at<uint64_t>(data + 16);
  const auto nnz = read_at<uint64_t>(data + 24);
  const auto id_bytes = read_at<uint64_t>(data + 32);
  const auto written = read_at<uint64_t>(data + 40);
  const auto l = Layout::of(users, nnz, id_bytes, size);
  if (!l || l->size != size || written != size)
    throw InteractionsError(path + ": truncated or corrupt (" + std::to_string(size) + " bytes, written as " +
                            std::to_string(written) + ")");
  Checksum sample;
  sample.add(data, kHeaderBytes);
  for_each_sample(kHeaderBytes, l->trailer, [&](uint64_t at, uint64_t n) { sample.add(data + at, n); });
  if (sample.value() != read_at<uint64_t>(data + l->trailer))
    throw InteractionsError(path + ": corrupt (checksum mismatch in a sample of the file)");

  Interactions out;
  out.users_ = users;
  out.size_ = nnz;
  out.id_bytes_ = id_bytes;
  out.offsets_ = file->array<uint64_t>(l->offsets, users + 1);
  out.id_offsets_ = file->array<uint64_t>(l->id_offsets, users + 1);
  out.by_id_ = file->array<uint32_t>(l->by_id, users);
  out.items_ = file->array<ItemIndex>(l->items, nnz);
  out.ratings_ = file->array<float>(l->ratings, nnz);
  out.timestamps_ = file->array<int64_t>(l->timestamps, nnz);
  out.ids_ = data + l->ids;
  out.mapped_ = true;
  out.keep_ = file;
  // What items(u), user_id(u) and find_user() index with, checked once:
  // O(users), not O(interactions).
  if (!monotone(out.offsets_, users + 1, nnz) || !monotone(out.id_offsets_, users + 1, id_bytes))
    throw InteractionsError(path + ": corrupt (offsets out of order)");
  for (uint64_t k = 0; k < users; ++k) {
    if (out.by_id_[k] >= users) throw InteractionsError(path + ": corrupt (user index out of range)");
    if (k > 0 && !(out.user_id(static_cast<UserIndex>(out.by_id_[k - 1])) <
                   out.user_id(static_cast<UserIndex>(out.by_id_[k]))))
      throw InteractionsError(path + ": corrupt (user " + std::string(out.user_id(static_cast<UserIndex>(out.by_id_[k]))) +
                              " out of order or twice)");
  }
  return out;
}

Interactions Interactions::load_version1(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw InteractionsError(path + ": no such interactions file");
  const std::streamoff file_size = in.tellg();
  constexpr uint64_t kV1Header = 8 + 4 + 4 + 3 * 8;
  if (file_size < static_cast<std::streamoff>(kV1Header + 8)) throw InteractionsError(path + ": truncated file");
  std::vector<char> data(static_cast<size_t>(file_size));
  in.seekg(0);
  if (!in.read(data.data(), file_size)) throw InteractionsError(path + ": cannot read the file");
  const char* p = data.data();
  if (read_at<uint32_t>(p + 12) != kInteractionsEndianMark)
    throw InteractionsError(path + ": written on a machine of other byte order");
  const auto users = read_at<uint64_t>(p + 16);
  const auto nnz = read_at<uint64_t>(p + 24);
  const auto id_bytes = read_at<uint64_t>(p + 32);
  const uint64_t limit = data.size();
  if (users > limit || nnz > limit || id_bytes > limit ||
      kV1Header + 16 * (users + 1) + id_bytes + 16 * nnz + 8 != limit)
    throw InteractionsError(path + ": truncated or corrupt (its size does not match its header)");
  Checksum sum;
  sum.add(p, limit - 8);
  if (sum.value() != read_at<uint64_t>(p + limit - 8)) throw InteractionsError(path + ": corrupt (checksum mismatch)");

  auto owned = std::make_shared<Owned>();
  const char* at = p + kV1Header;
  auto take = [&](auto& v, uint64_t n) {
    v.resize(n);
    if (n) std::memcpy(v.data(), at, n * sizeof(v[0]));
    at += n * sizeof(v[0]);
  };
  take(owned->offsets, users + 1);
  take(owned->id_offsets, users + 1);
  owned->ids.assign(at, id_bytes);
  at += id_bytes;
  take(owned->items, nnz);
  take(owned->ratings, nnz);
  take(owned->timestamps, nnz);
  if (!monotone(owned->offsets.data(), users + 1, nnz) || !monotone(owned->id_offsets.data(), users + 1, id_bytes))
    throw InteractionsError(path + ": corrupt (offsets out of order)");
  owned->sort_ids();
  for (uint64_t k = 1; k < users; ++k)
    if (owned->id(owned->by_id[k - 1]) == owned->id(owned->by_id[k]))
      throw InteractionsError(path + ": corrupt (user " + std::string(owned->id(owned->by_id[k])) + " appears twice)");
  return from(std::move(owned));
}

Interactions Interactions::assemble(std::vector<uint64_t> offsets, std::vector<uint64_t> id_offsets, std::string ids,
                                    std::vector<ItemIndex> items, std::vector<float> ratings,
                                    std::vector<int64_t> timestamps) {
  auto owned = std::make_shared<Owned>();
  owned->offsets = std::move(offsets);
  owned->id_offsets = std::move(id_offsets);
  owned->ids = std::move(ids);
  owned->items = std::move(items);
  owned->ratings = std::move(ratings);
  owned->timestamps = std::move(timestamps);
  owned->sort_ids();
  return from(std::move(owned));
}

std::string_view Interactions::user_id(UserIndex u) const {
  const auto k = static_cast<size_t>(u);
  return {ids_ + id_offsets_[k], static_cast<size_t>(id_offsets_[k + 1] - id_offsets_[k])};
}

std::optional<UserIndex> Interactions::find_user(std::string_view id) const {
  const uint32_t* first = by_id_;
  const uint32_t* last = by_id_ + users_;
  const uint32_t* it = std::lower_bound(first, last, id, [&](uint32_t u, std::string_view key) {
    return user_id(static_cast<UserIndex>(u)) < key;
  });
  if (it == last || user_id(static_cast<UserIndex>(*it)) != id) return std::nullopt;
  return static_cast<UserIndex>(*it);
}

Span<ItemIndex> Interactions::items(UserIndex u) const {
  return {items_ + offsets_[u], items_ + offsets_[u + 1]};
}

Span<float> Interactions::ratings(UserIndex u) const {
  return {ratings_ + offsets_[u], ratings_ + offsets_[u + 1]};
}

Span<int64_t> Interactions::timestamps(UserIndex u) const {
  return {timestamps_ + offsets_[u], timestamps_ + offsets_[u + 1]};
}

}  // namespace interec

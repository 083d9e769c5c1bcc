// titles.idx: the title index's tables as `interec prepare` writes them and
// start maps them (storage/title_index_tables.h), so that a start costs a
// mapping, not a parse of every title. Native little-endian:
//
//   Header (256 bytes): magic, version, byte-order mark, file size, counts,
//                       the catalog's fingerprint, the offset of each array
//   the arrays, each aligned to 8 bytes, in the order of Header::offsets
//
// Only the header and the sizes are checked at open (reading the arrays
// would cost what mapping saves); the tables bounds-check every access, and
// prepare's own read-back (Toolbox::open) catches a file that is wrong from
// the start.
#include <array>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <type_traits>

#include "storage/atomic_file.h"
#include "storage/dataset.h"
#include "storage/mapped_file.h"
#include "storage/title_index.h"
#include "storage/title_index_tables.h"

namespace interec {
namespace {

using title_tables::Array;
using title_tables::Tables;

constexpr char kTitleIndexMagic[8] = {'I', 'R', 'E', 'C', 'T', 'I', 'D', 'X'};
/// Bump when the layout or the names an item gets change: an older file is
/// then rebuilt from the catalog at start, never misread.
constexpr uint32_t kTitleIndexVersion = 1;
constexpr uint32_t kTitleIndexEndianMark = 0x01020304;
constexpr size_t kTitleIndexArrays = 11;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t endian_mark;
  uint64_t file_size;
  uint64_t items, keys, text_bytes, trigrams, postings;
  char fingerprint[64];  // the catalog's (Dataset::fingerprint), NUL padded
  uint64_t offsets[kTitleIndexArrays];
  uint8_t reserved[256 - 8 - 8 - 8 - 5 * 8 - 64 - kTitleIndexArrays * 8];
};
static_assert(sizeof(Header) == 256);

// The arrays in file order with their element sizes, for the writer and
// the reader alike.
template <class F>
void each_title_array(Tables& t, F&& f) {
  f(t.popularity), f(t.year), f(t.key_item), f(t.key_weight), f(t.key_trigrams), f(t.text_offsets), f(t.text),
      f(t.by_text), f(t.trigram_codes), f(t.posting_offsets), f(t.posting_keys);
}

uint64_t aligned_title(uint64_t x) { return (x + 7) / 8 * 8; }

// The counts each array must have, from the header's counts.
std::array<uint64_t, kTitleIndexArrays> expected_sizes(const Header& h) {
  return {h.items, h.items, h.keys, h.keys, h.keys, h.keys + 1, h.text_bytes, h.keys, h.trigrams, h.trigrams + 1,
          h.postings};
}

}  // namespace

void TitleIndex::save(const std::string& path, const std::string& fingerprint) const {
  Tables t = tables();
  Header h{};
  std::memcpy(h.magic, kTitleIndexMagic, sizeof kTitleIndexMagic);
  h.version = kTitleIndexVersion;
  h.endian_mark = kTitleIndexEndianMark;
  h.items = t.items();
  h.keys = t.keys();
  h.text_bytes = t.text.size;
  h.trigrams = t.trigram_codes.size;
  h.postings = t.posting_keys.size;
  std::strncpy(h.fingerprint, fingerprint.c_str(), sizeof h.fingerprint - 1);
  uint64_t at = sizeof(Header);
  size_t i = 0;
  each_title_array(t, [&](const auto& a) {
    h.offsets[i++] = at;
    at = aligned_title(at + a.size * sizeof(a[0]));
  });
  h.file_size = at;
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    uint64_t written = sizeof h;
    each_title_array(t, [&](const auto& a) {
      const uint64_t bytes = a.size * sizeof(a[0]);
      if (bytes) out.write(reinterpret_cast<const char*>(a.data), static_cast<std::streamsize>(bytes));
      static const char zeros[8] = {};
      out.write(zeros, static_cast<std::streamsize>(aligned_title(written + bytes) - written - bytes));
      written = aligned_title(written + bytes);
    });
  });
}

std::shared_ptr<const TitleIndex> TitleIndex::open_prepared(const Dataset& dataset) {
  const std::string path = (std::filesystem::path(dataset.dir) / kTitleIndexFile).string();
  auto build = [&] { return std::make_shared<const TitleIndex>(dataset.catalog); };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return build();
  std::shared_ptr<const MappedFile> file;
  try {
    file = MappedFile::open(path);
  } catch (const MappedFileError& e) {
    throw CatalogError(std::string(e.what()) + ": run `interec prepare` again");
  }
  auto fail = [&](const std::string& why) { return CatalogError(path + ": " + why + ": run `interec prepare` again"); };
  const auto* h = file->array<Header>(0, 1);
  if (!h || std::memcmp(h->magic, kTitleIndexMagic, sizeof kTitleIndexMagic) != 0) throw fail("not a title index");
  // Another version or another catalog: the file is stale, not damaged;
  // the catalog gives the same index, built.
  const std::string fingerprint(h->fingerprint, strnlen(h->fingerprint, sizeof h->fingerprint));
  if (h->version != kTitleIndexVersion || h->endian_mark != kTitleIndexEndianMark || h->items != dataset.catalog->size() ||
      fingerprint != dataset.fingerprint)
    return build();
  if (h->file_size != file->size()) throw fail("truncated or extended (its size does not match its header)");
  Tables t;
  const auto sizes = expected_sizes(*h);
  size_t i = 0;
  bool ok = true;
  each_title_array(t, [&](auto& a) {
    using T = std::remove_const_t<std::remove_reference_t<decltype(a[0])>>;
    const uint64_t count = sizes[i];
    a.data = file->array<T>(h->offsets[i++], count);
    a.size = count;
    ok = ok && (a.data || count == 0);
  });
  if (!ok) throw fail("truncated (an array lies outside the file)");
  if (t.text_offsets[h->keys] != h->text_bytes || t.posting_offsets[h->trigrams] != h->postings)
    throw fail("damaged (its offsets do not match its header)");
  return std::shared_ptr<const TitleIndex>(new TitleIndex(dataset.catalog, file, t));
}

}  // namespace interec

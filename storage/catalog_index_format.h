// The on-disk layout of catalog.idx, shared by its writer and its reader.
// Private to storage/. Native little-endian; every array is aligned for its
// type and every bitmap to 32 bytes (CRoaring's frozen format is used in
// place, which needs that).
//
//   Header (64 bytes)
//   ColumnEntry[columns] (96 bytes each)
//   the arrays and bitmaps the entries point to (absolute file offsets)
//   column names
#pragma once

#include <cstdint>

namespace interec::catalog_index_format {

inline constexpr char kMagic[8] = {'I', 'R', 'E', 'C', 'C', 'I', 'D', 'X'};
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kEndianMark = 0x01020304;
inline constexpr uint64_t kBitmapAlign = 32;
/// A numeric column with at most this many distinct values gets one bin per
/// value (no bin is ever partly in a range); others get this many bins of
/// about equal size, and the two bins at the ends of a range are checked item
/// by item against the stored values.
inline constexpr uint64_t kMaxBins = 256;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t endian_mark;
  uint32_t roaring_version;  // CRoaring major << 16 | minor << 8 | patch
  uint32_t columns;
  uint64_t items;
  uint64_t file_size;
  uint64_t checksum;  // of every byte after the header
  uint8_t reserved[16];
};
static_assert(sizeof(Header) == 64);

struct ColumnEntry {
  uint32_t kind;              // CatalogIndex::Kind
  uint32_t case_insensitive;  // values: keys are ASCII lower case
  uint64_t name_offset, name_length;
  uint64_t count;        // keys or bins
  uint64_t a_offset;     // values: u64 key offsets [count + 1]; numeric: f64 bin_lo [count]
  uint64_t b_offset;     // values: key bytes;                  numeric: f64 bin_hi [count]
  uint64_t b_length;     // values: key bytes length
  uint64_t bitmaps_offset;  // u64 [2 * count]: offset, length of each bitmap
  uint64_t cells_offset;    // numeric: f64 [items], NaN for NULL
  uint64_t reserved[3];
};
static_assert(sizeof(ColumnEntry) == 96);

}  // namespace interec::catalog_index_format

#include "storage/bitmap.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace interec {
namespace {

roaring_bitmap_t* checked(roaring_bitmap_t* r) {
  if (!r) throw std::bad_alloc();
  return r;
}

}  // namespace

Bitmap::Bitmap() : r_(checked(roaring_bitmap_create())) {}

Bitmap Bitmap::range(uint32_t n) {
  return Bitmap(n == 0 ? checked(roaring_bitmap_create()) : checked(roaring_bitmap_from_range(0, n, 1)));
}

Bitmap Bitmap::of(const std::vector<uint32_t>& values) {
  Bitmap b;
  roaring_bitmap_add_many(b.r_, values.size(), values.data());
  roaring_bitmap_run_optimize(b.r_);
  return b;
}

Bitmap::~Bitmap() {
  if (r_) roaring_bitmap_free(r_);
}

Bitmap& Bitmap::operator=(Bitmap&& other) noexcept {
  if (this != &other) {
    if (r_) roaring_bitmap_free(r_);
    r_ = other.r_;
    other.r_ = nullptr;
  }
  return *this;
}

Bitmap::Bitmap(const Bitmap& other) : r_(checked(roaring_bitmap_copy(other.r_))) {}

Bitmap& Bitmap::operator=(const Bitmap& other) {
  if (this != &other) *this = Bitmap(other);
  return *this;
}

uint64_t Bitmap::cardinality() const { return roaring_bitmap_get_cardinality(r_); }
bool Bitmap::empty() const { return roaring_bitmap_is_empty(r_); }
bool Bitmap::contains(uint32_t value) const { return roaring_bitmap_contains(r_, value); }

std::vector<uint32_t> Bitmap::to_vector() const {
  std::vector<uint32_t> out(cardinality());
  if (!out.empty()) roaring_bitmap_to_uint32_array(r_, out.data());
  return out;
}

// Reads CRoaring's containers in place where CMake found the layout of the
// 0.2 series Debian ships (INTEREC_ROARING_CONTAINERS, storage/CMakeLists.txt);
// another version goes member by member, the same result.
void Bitmap::to_words(uint32_t n, std::vector<uint64_t>& words) const {
  words.assign((static_cast<size_t>(n) + 63) / 64, 0);
  auto set = [&](uint32_t v) {
    if (v < n) words[v >> 6] |= uint64_t{1} << (v & 63);
  };
#ifdef INTEREC_ROARING_CONTAINERS
  const roaring_array_t& ra = r_->high_low_container;
  for (int32_t c = 0; c < ra.size; ++c) {
    uint8_t type = ra.typecodes[c];
    const void* container = container_unwrap_shared(ra.containers[c], &type);
    const uint32_t base = static_cast<uint32_t>(ra.keys[c]) << 16;
    if (base >= n) break;
    if (type == BITSET_CONTAINER_TYPE_CODE) {
      const size_t first = base >> 6, count = std::min<size_t>(1024, words.size() - first);
      std::memcpy(words.data() + first, static_cast<const bitset_container_t*>(container)->array, count * 8);
      if (first + count == words.size() && (n & 63))
        words.back() &= (uint64_t{1} << (n & 63)) - 1;  // members at n and above
    } else if (type == ARRAY_CONTAINER_TYPE_CODE) {
      const auto* a = static_cast<const array_container_t*>(container);
      for (int32_t k = 0; k < a->cardinality; ++k) set(base | a->array[k]);
    } else {
      const auto* run = static_cast<const run_container_t*>(container);
      for (int32_t k = 0; k < run->n_runs; ++k) {
        const uint32_t from = base | run->runs[k].value;
        const uint32_t to = std::min<uint32_t>(n, from + run->runs[k].length + 1);  // exclusive
        for (uint32_t v = from; v < to;) {
          if ((v & 63) == 0 && v + 64 <= to) {
            words[v >> 6] = ~uint64_t{0};
            v += 64;
          } else {
            set(v++);
          }
        }
      }
    }
  }
#else
  for (uint32_t v : to_vector()) set(v);
#endif
}

void Bitmap::intersect(const Bitmap& other) { roaring_bitmap_and_inplace(r_, other.r_); }
void Bitmap::unite(const Bitmap& other) { roaring_bitmap_or_inplace(r_, other.r_); }
void Bitmap::subtract(const Bitmap& other) { roaring_bitmap_andnot_inplace(r_, other.r_); }
void Bitmap::complement(uint32_t n) { roaring_bitmap_flip_inplace(r_, 0, n); }

bool Bitmap::operator==(const Bitmap& other) const { return roaring_bitmap_equals(r_, other.r_); }

}  // namespace interec

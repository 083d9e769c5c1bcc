#include "storage/bitmap.h"

#include <roaring/roaring.h>

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

void Bitmap::intersect(const Bitmap& other) { roaring_bitmap_and_inplace(r_, other.r_); }
void Bitmap::unite(const Bitmap& other) { roaring_bitmap_or_inplace(r_, other.r_); }
void Bitmap::subtract(const Bitmap& other) { roaring_bitmap_andnot_inplace(r_, other.r_); }
void Bitmap::complement(uint32_t n) { roaring_bitmap_flip_inplace(r_, 0, n); }

bool Bitmap::operator==(const Bitmap& other) const { return roaring_bitmap_equals(r_, other.r_); }

}  // namespace interec

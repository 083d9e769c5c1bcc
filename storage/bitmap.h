// A set of item indices as a compressed bitmap (CRoaring). What the catalog
// index answers a condition with: intersections, unions and complements of
// sets of a million items cost microseconds, not a scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

struct roaring_bitmap_s;

namespace interec {

class Bitmap {
 public:
  /// The empty set.
  Bitmap();
  /// Every index of [0, n).
  static Bitmap range(uint32_t n);
  /// The given indices (any order, repeats allowed).
  static Bitmap of(const std::vector<uint32_t>& values);
  /// Takes ownership of a CRoaring bitmap (never null).
  explicit Bitmap(roaring_bitmap_s* owned) : r_(owned) {}
  ~Bitmap();
  Bitmap(Bitmap&& other) noexcept : r_(other.r_) { other.r_ = nullptr; }
  Bitmap& operator=(Bitmap&& other) noexcept;
  Bitmap(const Bitmap& other);
  Bitmap& operator=(const Bitmap& other);

  uint64_t cardinality() const;
  bool empty() const;
  bool contains(uint32_t value) const;
  /// The members in increasing order.
  std::vector<uint32_t> to_vector() const;
  /// The members below n as a dense bit set: bit i % 64 of words[i / 64]
  /// set for member i; `words` is resized to (n + 63) / 64. Container by
  /// container (a full one is a copy of 8 KB), so a set of most of a million
  /// items costs microseconds, where to_vector() writes every member.
  void to_words(uint32_t n, std::vector<uint64_t>& words) const;

  /// this := this ∩ other, this ∪ other, this \ other.
  void intersect(const Bitmap& other);
  void unite(const Bitmap& other);
  void subtract(const Bitmap& other);
  /// this := [0, n) \ this.
  void complement(uint32_t n);

  bool operator==(const Bitmap& other) const;
  const roaring_bitmap_s* raw() const { return r_; }
  roaring_bitmap_s* raw() { return r_; }

 private:
  roaring_bitmap_s* r_;
};

}  // namespace interec

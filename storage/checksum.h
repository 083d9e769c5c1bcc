// The checksum of the prepared dataset's binary files: a fast 64-bit hash of
// a byte stream (FNV-style mixing of 8-byte words), fed in pieces.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace interec {

class Checksum {
 public:
  void add(const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    size_t k = 0;
    // Whole words while aligned to the 8-byte stream (the common case).
    for (; fill_ == 0 && n - k >= 8; k += 8) {
      std::memcpy(&buf_, p + k, 8);
      flush();
    }
    for (; k < n; ++k) {
      buf_ |= static_cast<uint64_t>(p[k]) << (8 * fill_);
      if (++fill_ == 8) flush();
    }
  }
  uint64_t value() {
    if (fill_) flush();
    return h_ ^ (h_ >> 29);
  }

 private:
  void flush() {
    h_ = (h_ ^ buf_) * 0x100000001b3ULL;
    h_ ^= h_ >> 31;
    buf_ = 0;
    fill_ = 0;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
  uint64_t buf_ = 0;
  int fill_ = 0;
};

/// The blocks of a span of `bytes` that a sampled checksum reads (what a
/// start checks of a mapped file instead of every byte): every `block`-byte
/// block when there are at most `blocks` (>= 2) of them, else the first,
/// the last and evenly spaced ones between. Calls f(offset, n) for each, in
/// rising order, offsets from the span's start. Files store checksums made
/// this way: changing it changes every prepared folder's check.
template <class F>
void for_each_sampled_block(uint64_t bytes, uint64_t block, uint64_t blocks, const F& f) {
  const uint64_t count = (bytes + block - 1) / block;
  uint64_t last = UINT64_MAX;
  for (uint64_t k = 0; k < std::min(count, blocks); ++k) {
    const uint64_t b = count <= blocks ? k : k * (count - 1) / (blocks - 1);
    if (b == last) continue;
    last = b;
    const uint64_t at = b * block;
    f(at, std::min(bytes, at + block) - at);
  }
}

}  // namespace interec

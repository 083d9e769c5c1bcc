// Little helpers for the model files: raw little-endian PODs, length-prefixed
// strings and vectors, and an FNV-1a checksum. Private to tools/models.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

namespace interec::binio {

inline constexpr uint64_t kFnvOffset = 1469598103934665603ull;
inline constexpr uint64_t kFnvPrime = 1099511628211ull;

inline uint64_t fnv1a(const void* data, size_t n, uint64_t h = kFnvOffset) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t k = 0; k < n; ++k) {
    h ^= p[k];
    h *= kFnvPrime;
  }
  return h;
}

template <class T>
void write_pod(std::ostream& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
bool read_pod(std::istream& in, T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&v), sizeof v));
}

inline void write_string(std::ostream& out, const std::string& s) {
  write_pod(out, static_cast<uint32_t>(s.size()));
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
}

inline bool read_string(std::istream& in, std::string& s, uint32_t max_len) {
  uint32_t n = 0;
  if (!read_pod(in, n) || n > max_len) return false;
  s.resize(n);
  return n == 0 || static_cast<bool>(in.read(s.data(), n));
}

template <class T>
void write_array(std::ostream& out, const std::vector<T>& v) {
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

template <class T>
bool read_array(std::istream& in, std::vector<T>& v, size_t n) {
  v.resize(n);
  return n == 0 ||
         static_cast<bool>(in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))));
}

template <class T>
uint64_t hash_array(const std::vector<T>& v, uint64_t h) {
  return fnv1a(v.data(), v.size() * sizeof(T), h);
}

}  // namespace interec::binio

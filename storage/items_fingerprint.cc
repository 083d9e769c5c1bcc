#include "storage/items_fingerprint.h"

#include <cstdio>

namespace interec {

void ItemsFingerprint::mix(std::string_view s) {
  constexpr uint64_t kPrime = 1099511628211ull;
  // Length first, so that ("ab", "c") and ("a", "bc") differ.
  const uint64_t n = s.size();
  for (size_t k = 0; k < sizeof n; ++k) hash_ = (hash_ ^ ((n >> (8 * k)) & 0xff)) * kPrime;
  for (unsigned char c : s) hash_ = (hash_ ^ c) * kPrime;
}

void ItemsFingerprint::add(std::string_view id, std::string_view title) {
  mix(id);
  mix(title);
}

std::string ItemsFingerprint::hex() const {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash_));
  return out;
}

std::string catalog_fingerprint(const Catalog& catalog) {
  ItemsFingerprint fingerprint;
  for (size_t i = 0; i < catalog.size(); ++i)
    fingerprint.add(catalog.id(static_cast<ItemIndex>(i)), catalog.title(static_cast<ItemIndex>(i)));
  return fingerprint.hex();
}

}  // namespace interec

// The identity of a catalog's items, which profiles refer to by id.
//
// Contract: FNV-1a (64 bit) over every item's id and title, each preceded by
// its length, in catalog order, written as 16 hex digits. Preparing the same
// items again gives the same fingerprint, whatever the interactions; another
// dataset, or the same ids naming other items, gives another. `prepare`
// records it in manifest.json ("fingerprint"); the profile store records the
// fingerprint of the dataset it was first opened with (profile_store.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/catalog.h"

namespace interec {

class ItemsFingerprint {
 public:
  /// The next item, in catalog order.
  void add(std::string_view id, std::string_view title);
  /// The fingerprint of the items added so far: 16 hex digits.
  std::string hex() const;

 private:
  void mix(std::string_view s);
  uint64_t hash_ = 1469598103934665603ull;
};

/// The fingerprint of every item of `catalog`.
std::string catalog_fingerprint(const Catalog& catalog);

}  // namespace interec

// Synthetic catalogs in the generic format (docs/architecture.md) for the
// scaling benchmark: a shop or streaming service of any size, seeded, so the
// same options always give the same files.
//
// items.csv: item_id, title (three invented words, unique), genres (1-3 of
// 24, multi-valued), tags (0-4 of 600, multi-valued), year (1950-2024, newer
// commoner; 2% missing), price (log-normal, 0.99-999), rating (1.0-5.0; 5%
// missing), added (an ISO date 2000-2024, so the catalog gets added_year).
// interactions.csv: user_id, item_id, timestamp; items drawn from a Zipf law
// (exponent 1) over a random order of the items, users uniformly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace interec::bench {

struct SyntheticCatalogOptions {
  size_t items = 10000;
  /// Interactions per item on average (~5 in the targets).
  double interactions_per_item = 5.0;
  /// Users: items / items_per_user (at least 10), so ~20 interactions each.
  double items_per_user = 4.0;
  uint64_t seed = 1;
};

/// The values the generator draws from, for writing requests against it.
struct SyntheticVocabulary {
  std::vector<std::string> genres;  // 24
  std::vector<std::string> tags;    // 600
  static const SyntheticVocabulary& get();
};

/// What was written.
struct SyntheticCatalogSummary {
  size_t items = 0, users = 0, interactions = 0;
};

/// Writes DIR/items.csv and DIR/interactions.csv (DIR is created). Throws
/// std::runtime_error naming the file when it cannot be written.
SyntheticCatalogSummary write_synthetic_catalog(const std::string& dir, const SyntheticCatalogOptions& options);

/// The title of item `index` in a catalog written with `options` (the titles
/// depend only on the seed and the index).
std::string synthetic_title(const SyntheticCatalogOptions& options, size_t index);

}  // namespace interec::bench

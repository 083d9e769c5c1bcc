// A prepared dataset folder, as written by `interec prepare`:
//   manifest.json     name, source format, counts, import summary
//   catalog.db        SQLite item table (see catalog.h)
//   catalog.cols      the same items as mapped columns (see catalog.h)
//   catalog.idx       bitmaps of every value and range (see catalog_index.h)
//   interactions.bin  CSR interactions (see interactions.h)
//   models/           trained models (see tools/models/)
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/catalog.h"
#include "storage/catalog_index.h"
#include "storage/interactions.h"

namespace interec {

inline constexpr const char* kManifestFile = "manifest.json";

/// What a start reads from manifest.json.
struct DatasetManifest {
  std::string name;         // e.g. "ml-100k"
  std::string fingerprint;  // "" for a folder prepared before it was recorded
  uint64_t items = 0;       // 0 when not recorded
};

/// Reads `dir`'s manifest.json. Throws CatalogError naming the folder or the
/// file and saying to run `interec prepare` when the folder is not a
/// prepared dataset.
DatasetManifest read_manifest(const std::string& dir);

struct Dataset {
  std::string dir;
  std::string name;  // from the manifest, e.g. "ml-100k"
  /// catalog_fingerprint() of the catalog (storage/items_fingerprint.h):
  /// the one manifest.json records, checked against the catalog built from
  /// catalog.db, or carried by a mapped catalog.cols.
  std::string fingerprint;
  std::shared_ptr<const Catalog> catalog;
  /// Null for a folder prepared before the index existed: hard filters then
  /// run as SQL, as they did then.
  std::shared_ptr<const CatalogIndex> index;
  Interactions interactions;

  /// Opens a prepared folder. Throws CatalogError or InteractionsError with
  /// a message that names the file and says to run `interec prepare` when
  /// the folder is not a prepared dataset, or when catalog.db is not the
  /// one the manifest's fingerprint describes.
  static std::shared_ptr<const Dataset> open(const std::string& dir);
};

}  // namespace interec

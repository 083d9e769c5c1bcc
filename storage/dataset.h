// A prepared dataset folder, as written by `interec prepare`:
//   manifest.json     name, source format, counts, import summary
//   catalog.db        SQLite item table (see catalog.h)
//   interactions.bin  CSR interactions (see interactions.h)
//   models/           trained models (see tools/models/)
#pragma once

#include <memory>
#include <string>

#include "storage/catalog.h"
#include "storage/interactions.h"

namespace interec {

inline constexpr const char* kManifestFile = "manifest.json";

struct Dataset {
  std::string dir;
  std::string name;  // from the manifest, e.g. "ml-100k"
  std::shared_ptr<const Catalog> catalog;
  Interactions interactions;

  /// Opens a prepared folder. Throws CatalogError or InteractionsError with
  /// a message that names the file and says to run `interec prepare` when
  /// the folder is not a prepared dataset.
  static std::shared_ptr<const Dataset> open(const std::string& dir);
};

}  // namespace interec

#include "storage/dataset.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "storage/items_fingerprint.h"

namespace fs = std::filesystem;

namespace interec {

DatasetManifest read_manifest(const std::string& dir) {
  const fs::path manifest_path = fs::path(dir) / kManifestFile;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw CatalogError(dir + " is not a prepared dataset (no such folder): run `interec prepare --source SRC --out " +
                       dir + "`");
  if (!fs::is_regular_file(manifest_path, ec))
    throw CatalogError(dir + " is not a prepared dataset (no manifest.json): run `interec prepare --source SRC --out " +
                       dir + "`");
  std::ifstream in(manifest_path, std::ios::binary);
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw CatalogError(manifest_path.string() + ": not valid JSON (" + e.what() + "): run `interec prepare` again");
  }
  if (!manifest.is_object() || !manifest.contains("name") || !manifest["name"].is_string())
    throw CatalogError(manifest_path.string() + ": no dataset name: run `interec prepare` again");
  DatasetManifest out;
  out.name = manifest["name"].get<std::string>();
  if (manifest.contains("fingerprint") && manifest["fingerprint"].is_string())
    out.fingerprint = manifest["fingerprint"].get<std::string>();
  if (manifest.contains("items") && manifest["items"].is_number_unsigned()) out.items = manifest["items"].get<uint64_t>();
  return out;
}

std::shared_ptr<const Dataset> Dataset::open(const std::string& dir) {
  const DatasetManifest manifest = read_manifest(dir);
  auto ds = std::make_shared<Dataset>();
  ds->dir = dir;
  ds->name = manifest.name;
  ds->fingerprint = manifest.fingerprint;
  ds->catalog = Catalog::open_prepared(dir, manifest.fingerprint, manifest.items);
  // A mapped catalog.cols carries the manifest's fingerprint and was written
  // beside this catalog.db (Catalog::open_prepared): nothing to recompute.
  if (ds->catalog->mapped()) {
    ds->fingerprint = ds->catalog->file_fingerprint();
  } else {
    const std::string actual = catalog_fingerprint(*ds->catalog);
    // Folders prepared before fingerprints were recorded take the catalog's.
    if (!ds->fingerprint.empty() && ds->fingerprint != actual)
      throw CatalogError((fs::path(dir) / kCatalogFile).string() + " does not hold the items manifest.json describes " +
                         "(fingerprint " + actual + ", not " + ds->fingerprint + "): run `interec prepare` again");
    ds->fingerprint = actual;
  }
  const fs::path index_path = fs::path(dir) / kCatalogIndexFile;
  std::error_code ec;
  if (fs::exists(index_path, ec)) ds->index = CatalogIndex::open(index_path.string(), *ds->catalog);
  const std::string interactions_path = (fs::path(dir) / kInteractionsFile).string();
  ds->interactions = Interactions::load(interactions_path);
  // The two files must belong together: every item index must exist (the
  // mapped file's items are checked here, once: Interactions::load does not
  // read them).
  const auto n_items = static_cast<ItemIndex>(ds->catalog->size());
  for (UserIndex u = 0; u < static_cast<UserIndex>(ds->interactions.users()); ++u)
    for (ItemIndex i : ds->interactions.items(u))
      if (i < 0 || i >= n_items)
        throw InteractionsError(interactions_path + ": item index " + std::to_string(i) + " is outside the catalog (" +
                                std::to_string(n_items) + " items): run `interec prepare` again");
  return ds;
}

}  // namespace interec

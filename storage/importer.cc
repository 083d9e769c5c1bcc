#include "storage/importer.h"


#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "storage/atomic_file.h"
#include "storage/catalog_index_writer.h"
#include "storage/catalog_index.h"
#include "storage/catalog_writer.h"
#include "storage/column_facts.h"
#include "storage/dataset.h"
#include "storage/generic_source.h"
#include "storage/items_fingerprint.h"
#include "storage/import_model.h"
#include "storage/interactions.h"
#include "storage/item_names.h"
#include "storage/movielens_source.h"
#include "storage/title_index.h"

namespace fs = std::filesystem;

namespace interec {

SourceFormat parse_source_format(const std::string& name) {
  if (name == "auto" || name == "automatic") return SourceFormat::automatic;
  if (name == "movielens") return SourceFormat::movielens;
  if (name == "generic") return SourceFormat::generic;
  throw ImportError("unknown source format '" + name + "': expected auto, movielens or generic");
}

const char* to_string(SourceFormat format) {
  switch (format) {
    case SourceFormat::automatic: return "auto";
    case SourceFormat::movielens: return "movielens";
    case SourceFormat::generic: return "generic";
  }
  return "auto";
}

namespace {

ImportedSource read_source(const ImportOptions& options, ImportLog& log) {
  const std::string& dir = options.source_dir;
  switch (options.format) {
    case SourceFormat::movielens: return read_movielens(dir, log);
    case SourceFormat::generic: return read_generic(dir, log);
    case SourceFormat::automatic: break;
  }
  if (detect_movielens(dir)) return read_movielens(dir, log);
  if (detect_generic(dir)) return read_generic(dir, log);
  throw ImportError(dir +
                    ": no dataset files recognised: expected u.item + u.data (MovieLens 100K), "
                    "movies.dat + ratings.dat (MovieLens 1M), movies.csv + ratings.csv (MovieLens "
                    "latest), or items.csv|tsv + interactions.csv|tsv (generic)");
}

/// popularity (interaction count) and avg_rating (mean rating, NULL when
/// the item has none), computed from the interactions kept.
void add_interaction_columns(ImportedSource& src, ImportLog& log) {
  const bool movielens = src.format != "generic";
  const size_t n = src.items.size();
  // Items without interactions are past the end of the tallies.
  ItemTallies& t = src.tallies;
  t.count.resize(n, 0);
  t.rated.resize(n, 0);
  t.sum.resize(n, 0.0);
  const auto& count = t.count;
  const auto& rated = t.rated;
  const auto& sum = t.sum;
  if (src.items.has_column("popularity")) {
    log.warn("the items already have a column 'popularity': interaction counts not added");
  } else {
    ImportColumn pop{"popularity", ColumnType::integer, false,
                     movielens ? "number of ratings in the dataset" : "number of interactions in the dataset",
                     {}};
    pop.cells.reserve(n);
    for (size_t i = 0; i < n; ++i) pop.cells.push_back(std::to_string(count[i]));
    src.items.columns.push_back(std::move(pop));
  }
  if (!src.has_ratings) return;
  if (src.items.has_column("avg_rating")) {
    log.warn("the items already have a column 'avg_rating': mean ratings not added");
    return;
  }
  ImportColumn avg{"avg_rating", ColumnType::real, false, src.rating_description + ", rounded to 2 decimals", {}};
  avg.cells.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (rated[i] == 0) {
      avg.cells.emplace_back();
      continue;
    }
    // Two decimals are what a reply shows; more would only be noise.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", sum[i] / static_cast<double>(rated[i]));
    avg.cells.emplace_back(buf);
  }
  src.items.columns.push_back(std::move(avg));
}

std::string iso_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string source_name(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(dir), ec);
  if (ec) p = fs::path(dir).lexically_normal();
  std::string name = p.filename().string();
  if (name.empty()) name = p.parent_path().filename().string();
  return name.empty() ? "dataset" : name;
}

ImportSummary run_import(const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (options.source_dir.empty()) throw ImportError("no source folder given (--source DIR)");
  if (options.out_dir.empty()) throw ImportError("no output folder given (--out DIR)");
  if (!fs::is_directory(options.source_dir, ec))
    throw ImportError(options.source_dir + ": no such source folder");

  ImportLog log(options.progress, options.advance);
  ImportedSource src = read_source(options, log);
  add_interaction_columns(src, log);

  src.tallies = {};
  log.progress("sorting " + std::to_string(src.interactions.size()) + " interactions");
  Interactions interactions = src.interactions.finish();

  fs::create_directories(options.out_dir, ec);
  if (ec || !fs::is_directory(options.out_dir))
    throw ImportError(options.out_dir + ": cannot create the output folder: " + ec.message());
  const fs::path out(options.out_dir);
  // A title index, name table or column file of the previous catalog would
  // be taken for this one's if the ids and titles are unchanged (its years,
  // popularity and cells may not be): prepare writes the new ones after the
  // import.
  fs::remove(out / kCatalogColumnsFile, ec);
  fs::remove(out / kTitleIndexFile, ec);
  fs::remove(out / kItemNamesFile, ec);
  fs::remove(out / kColumnFactsFile, ec);
  // The interactions are written first and released, so that writing the
  // catalog (a second reading of items.csv, the index's bitmaps) does not
  // hold them too; they replace the previous interactions.bin only once the
  // catalog is written, so a failed import keeps the previous dataset.
  const fs::path staged = out / (std::string(kInteractionsFile) + ".staged");
  struct RemoveStaged {
    const fs::path& path;
    ~RemoveStaged() {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  } remove_staged{staged};
  log.progress("writing " + (out / kInteractionsFile).string());
  try {
    interactions.save(staged.string());
  } catch (const InteractionsError& e) {
    throw ImportError(e.what());
  }
  const size_t users = interactions.users(), interaction_count = interactions.size();
  interactions = Interactions();
  log.progress("writing " + (out / kCatalogFile).string());
  write_catalog(src.items, (out / kCatalogFile).string());
  log.progress("writing " + (out / kCatalogIndexFile).string());
  try {
    write_catalog_index((out / kCatalogFile).string(), (out / kCatalogIndexFile).string());
  } catch (const CatalogError& e) {
    throw ImportError(e.what());
  }
  fs::rename(staged, out / kInteractionsFile, ec);
  if (ec) throw ImportError((out / kInteractionsFile).string() + ": cannot write the file: " + ec.message());

  ImportSummary summary;
  summary.format = src.format;
  ItemsFingerprint fingerprint;
  for (size_t i = 0; i < src.items.size(); ++i) fingerprint.add(src.items.ids[i], src.items.titles[i]);
  summary.fingerprint = fingerprint.hex();
  summary.items = src.items.size();
  summary.users = users;
  summary.interactions = interaction_count;
  summary.skipped_rows = log.skipped_rows;
  summary.cut_cells = log.cut_cells;
  summary.warnings = log.warnings;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The manifest goes last: a folder with a manifest is a complete dataset.
  nlohmann::json manifest = {
      {"name", source_name(options.source_dir)},
      {"source", fs::weakly_canonical(fs::absolute(options.source_dir, ec), ec).string()},
      {"format", summary.format},
      {"fingerprint", summary.fingerprint},
      {"items", summary.items},
      {"users", summary.users},
      {"interactions", summary.interactions},
      {"skipped_rows", summary.skipped_rows},
      {"cut_cells", summary.cut_cells},
      {"warnings", summary.warnings},
      {"seconds", std::round(summary.seconds * 1000) / 1000},
      {"created", iso_now()},
  };
  try {
    write_file_atomically((out / kManifestFile).string(), manifest.dump(2) + "\n");
  } catch (const AtomicWriteError& e) {
    throw ImportError(e.what());
  }
  log.progress("prepared " + std::to_string(summary.items) + " items, " + std::to_string(summary.users) +
               " users, " + std::to_string(summary.interactions) + " interactions in " +
               std::to_string(summary.seconds) + " s");
  return summary;
}

}  // namespace

ImportSummary import_dataset(const ImportOptions& options) {
  // Whatever goes wrong below (a filesystem error, an allocation failure)
  // reaches the caller as an ImportError that names the source.
  try {
    return run_import(options);
  } catch (const ImportError&) {
    throw;
  } catch (const std::exception& e) {
    throw ImportError(options.source_dir + ": import failed: " + e.what());
  }
}

}  // namespace interec

// `interec prepare`: a source folder imported into a prepared dataset folder
// (storage/importer.h) and the default models trained there (tools/models/).
#pragma once

#include <functional>
#include <string>

#include "storage/importer.h"

namespace interec {

struct Dataset;

/// The models `prepare` trains (`--models LIST`). item_knn is always
/// trained: soft_filter's similar items and `rank` without mf read it, and
/// Toolbox::open requires it. Default: item_knn, mf (with its popularity
/// blend) and text; sasrec only on request (it takes minutes).
struct PrepareModels {
  bool mf = true;
  bool text = true;
  bool sasrec = false;
};

/// Parses a comma-separated list of item_knn (or itemcf), mf, text and
/// sasrec. Throws std::invalid_argument naming an unknown or repeated name,
/// or a list without item_knn.
PrepareModels parse_prepare_models(const std::string& list);
/// The list as `--models` takes it: "item_knn,mf,text".
std::string to_string(const PrepareModels& models);

/// Imports options.source_dir into options.out_dir (import_dataset), writes
/// the prepared files, then trains `models` there, reporting through
/// options.progress (a line per phase) and options.advance. Throws as those
/// do.
ImportSummary prepare_dataset(const ImportOptions& options, const PrepareModels& models = {});

/// Trains `models` and writes them under DIR/models/; the files of the
/// optional models not chosen are removed (they were trained on the data
/// prepared before). `progress` (a line per model) and `advance` may be
/// empty.
void train_models(const Dataset& dataset, const PrepareModels& models,
                  const std::function<void(const std::string&)>& progress, const StepProgress& advance = {});

}  // namespace interec

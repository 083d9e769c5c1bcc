// `interec prepare`: a source folder imported into a prepared dataset folder
// (storage/importer.h) and the default models trained there (tools/models/).
#pragma once

#include <functional>
#include <string>

#include "storage/importer.h"

namespace interec {

struct Dataset;

/// Imports options.source_dir into options.out_dir (import_dataset), then
/// trains the default models there, reporting through options.progress.
/// Throws as those two do.
ImportSummary prepare_dataset(const ImportOptions& options);

/// Trains the models `prepare` ships by default (item_knn, mf, text; not the
/// slow sasrec) and writes them under DIR/models/. `progress` may be empty.
void train_default_models(const Dataset& dataset, const std::function<void(const std::string&)>& progress);

}  // namespace interec

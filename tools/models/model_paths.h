// Where a prepared dataset folder keeps its trained models: DIR/models/FILE.
#pragma once

#include <string>

namespace interec {

inline constexpr const char* kModelsDir = "models";

/// The file of model `name` (itemcf or item_knn, mf, sasrec, text, dialog) under the
/// prepared folder `dir`.
inline std::string model_path(const std::string& dir, const std::string& name) {
  const std::string file = name == "itemcf" ? "item_knn" : name;
  return dir + "/" + kModelsDir + "/" + file + ".bin";
}

/// The approximate neighbour index over the text model's item vectors
/// (tools/models/vector_index.h).
inline std::string text_index_path(const std::string& dir) { return dir + "/" + kModelsDir + "/text.ivf"; }

/// The popularity blend of `rank` (tools/models/popularity_blend.h).
inline std::string popularity_blend_path(const std::string& dir) {
  return dir + "/" + kModelsDir + "/popularity_blend.json";
}

}  // namespace interec

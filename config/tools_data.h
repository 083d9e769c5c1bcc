// Where the project's data files are found: tools-data/ of the source tree
// (synonyms.tsv, demonstrations.jsonl, user_phrasings.tsv). The folder is
// fixed at build time from the source root (not from __FILE__, which a
// compiler cache with a base directory turns into a relative path).
#pragma once

#include <string>

namespace interec {

/// The path of tools-data/<file>: the environment variable `env_var` when it
/// is set and not empty; else the source tree's tools-data/<file> when that
/// file exists; else "tools-data/<file>" (relative to the working directory).
std::string tools_data_file(const std::string& file, const char* env_var);

}  // namespace interec

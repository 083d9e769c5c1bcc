// The small hand-written dialogue corpus of the core tests (tests/dialogues/:
// ReDial and INSPIRED files over a 21-movie catalog) and the prepared
// catalog it maps onto, so that no core test needs ../shared/data.
#pragma once

#include <string>

namespace interec::test {

/// tests/dialogues/<name> of the source tree.
std::string dialogue_file(const std::string& name);

/// Writes the catalog's source into a fresh scratch folder named after
/// `test_name`: tests/dialogues/movies.csv and generated ratings (four taste
/// groups: family, action, romance, horror; Titanic liked across them).
/// Returns the source folder (MovieLens latest format).
std::string write_dialogue_catalog_source(const std::string& test_name);

/// write_dialogue_catalog_source(), prepared beside it; returns the prepared folder.
std::string prepare_dialogue_catalog(const std::string& test_name);

}  // namespace interec::test

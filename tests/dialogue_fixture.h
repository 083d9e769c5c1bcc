// The small hand-written dialogue corpus of the core tests (tests/dialogues/:
// ReDial and INSPIRED files over a 21-movie catalog) and the prepared
// catalog it maps onto, so that no core test needs ../shared/data.
#pragma once

#include <string>

namespace interec::test {

/// tests/dialogues/<name> of the source tree.
std::string dialogue_file(const std::string& name);

/// Prepares tests/dialogues/movies.csv with generated ratings (four taste
/// groups: family, action, romance, horror; Titanic liked across them) into
/// a fresh scratch folder named after `test_name`; returns the folder.
std::string prepare_dialogue_catalog(const std::string& test_name);

}  // namespace interec::test

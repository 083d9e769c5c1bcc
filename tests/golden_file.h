// Golden files: declarative test cases, one per line, "input<TAB>expected";
// lines starting with '#' (and lines without a tab) are comments.
//
// INTEREC_UPDATE_GOLDEN=1 rewrites a file with the actual outputs (comments
// and order kept) -- review the diff by eye before committing it.
#pragma once

#include <functional>
#include <string>

namespace interec::test {

/// Runs every case of tests/golden/<file> through `actual` and reports each
/// mismatch as a test failure naming file, line, input, expected and actual
/// (plus `explain(input)` when given). Returns the number of cases.
size_t check_golden(const std::string& file, const std::function<std::string(const std::string&)>& actual,
                    const std::function<std::string(const std::string&)>& explain = {});

}  // namespace interec::test

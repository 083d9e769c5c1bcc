#include "tests/golden_file.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "tests/test_data.h"

namespace interec::test {

size_t check_golden(const std::string& file, const std::function<std::string(const std::string&)>& actual,
                    const std::function<std::string(const std::string&)>& explain) {
  const std::string path = source_root() + "/tests/golden/" + file;
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return 0;
  }
  const char* update = std::getenv("INTEREC_UPDATE_GOLDEN");
  const bool rewrite = update && std::string(update) == "1";
  std::ostringstream rewritten;
  size_t cases = 0, differ = 0;
  std::string line;
  for (int no = 1; std::getline(in, line); ++no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string::npos) {
      rewritten << line << "\n";
      continue;
    }
    ++cases;
    const std::string input = line.substr(0, tab), expected = line.substr(tab + 1);
    const std::string got = actual(input);
    rewritten << input << "\t" << got << "\n";
    if (got == expected) continue;
    ++differ;
    if (!rewrite)
      ADD_FAILURE() << file << ":" << no << "\n  input:    " << input << "\n  expected: " << expected
                    << "\n  actual:   " << got << (explain ? "\n  " + explain(input) : std::string());
  }
  in.close();
  if (rewrite) {
    std::ofstream(path) << rewritten.str();
    std::cout << "rewrote " << path << " (" << differ << " of " << cases << " cases changed)\n";
  }
  std::cout << file << ": " << cases << " cases, " << differ << " differ\n";
  return cases;
}

}  // namespace interec::test

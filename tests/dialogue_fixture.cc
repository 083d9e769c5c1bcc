#include "tests/dialogue_fixture.h"

#include <filesystem>
#include <fstream>
#include <vector>

#include "tests/test_data.h"

namespace fs = std::filesystem;

namespace interec::test {

std::string dialogue_file(const std::string& name) {
  return (fs::path(source_root()) / "tests" / "dialogues" / name).string();
}

std::string write_dialogue_catalog_source(const std::string& test_name) {
  const fs::path source = fs::path(scratch_dir(test_name)) / "source";
  fs::create_directories(source);
  fs::copy_file(dialogue_file("movies.csv"), source / "movies.csv");
  // Each user likes every movie of one group but one (a different one per
  // user), and every third user also Titanic: item-kNN learns the groups.
  const std::vector<std::vector<int>> groups = {
    {1, 2, 5, 6, 9, 10}, {3, 4, 7, 8, 11, 12, 21}, {13, 14, 15, 16}, {17, 18, 19, 20}};
  std::ofstream ratings(source / "ratings.csv");
  ratings << "userId,movieId,rating,timestamp\n";
  long t = 1000000000;
  for (int u = 1; u <= 48; ++u) {
    const auto& g = groups[(u - 1) % groups.size()];
    const size_t skip = static_cast<size_t>(u / 4) % g.size();
    for (size_t k = 0; k < g.size(); ++k)
      if (k != skip) ratings << u << "," << g[k] << "," << (k % 2 ? 4.0 : 5.0) << "," << t++ << "\n";
    if (u % 3 == 0 && g[0] != 13) ratings << u << ",16,4.5," << t++ << "\n";
  }
  ratings.close();
  return source.string();
}

std::string prepare_dialogue_catalog(const std::string& test_name) {
  const fs::path source = write_dialogue_catalog_source(test_name);
  return prepare_into(source.string(), (source.parent_path() / "prepared").string());
}

}  // namespace interec::test

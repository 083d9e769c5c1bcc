#include "tests/test_data.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "storage/dataset.h"
#include "storage/importer.h"
#include "tools/prepare_dataset.h"

namespace fs = std::filesystem;

namespace interec::test {

std::string shared_data(const std::string& name) {
  const char* env = std::getenv("INTEREC_SHARED_DATA");
  fs::path root = env && *env ? fs::path(env) : fs::path(INTEREC_SHARED_DATA);
  fs::path p = root / name;
  return fs::is_directory(p) ? p.string() : std::string();
}

std::string source_root() { return INTEREC_SOURCE_ROOT; }

std::string scratch_dir(const std::string& test_name) {
  fs::path p = fs::path(INTEREC_TEST_WORK) / "scratch" / (test_name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

std::string prepare_into(const std::string& source, const std::string& out) {
  ImportOptions options;
  options.source_dir = source;
  options.out_dir = out;
  prepare_dataset(options);
  return out;
}

std::string games_dataset(const std::string& name) {
  const std::string src = scratch_dir(name + "-source");
  const fs::path data = fs::path(source_root()) / "tests" / "data" / "games";
  fs::copy_file(data / "items.csv", fs::path(src) / "items.csv", fs::copy_options::overwrite_existing);
  fs::copy_file(data / "columns.json", fs::path(src) / "columns.json", fs::copy_options::overwrite_existing);
  // Each game's genres, read back from items.csv: a user plays mostly the
  // games of two favourite genres, and a few others.
  std::ifstream items((data / "items.csv").string());
  std::vector<std::pair<std::string, std::string>> games;  // id, genres
  std::string line;
  std::getline(items, line);
  while (std::getline(items, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    if (c != std::string::npos) games.emplace_back(line.substr(0, a), line.substr(b + 1, c - b - 1));
  }
  static const char* kGenres[] = {"Action", "Adventure", "RPG", "Strategy", "Simulation", "Puzzle",
                                  "Horror", "Racing", "Sports", "Casual", "Survival", "Platformer"};
  std::ofstream interactions(src + "/interactions.csv");
  interactions << "user_id,item_id,rating,timestamp\n";
  for (int u = 1; u <= 120; ++u) {
    const std::string fav1 = kGenres[u % 12], fav2 = kGenres[(u * 5 + 3) % 12];
    for (size_t g = 0; g < games.size(); ++g) {
      const unsigned h = static_cast<unsigned>(u * 2654435761u + g * 40503u) >> 7;
      const bool fav = games[g].second.find(fav1) != std::string::npos ||
                       games[g].second.find(fav2) != std::string::npos;
      if ((fav && h % 10 < 7) || h % 29 == 0)
        interactions << u << "," << games[g].first << "," << 3 + h % 3 << "," << 1000 * u + g << "\n";
    }
  }
  interactions.close();
  return prepare_into(src, scratch_dir(name));
}

std::string small_dataset(const std::string& name, const std::string& items_csv) {
  const std::string src = scratch_dir(name + "-source");
  std::ofstream(src + "/items.csv") << items_csv;
  const auto rows = std::count(items_csv.begin(), items_csv.end(), '\n') - 1;
  std::ofstream inter(src + "/interactions.csv");
  inter << "user_id,item_id,rating\n";
  for (int u = 1; u <= 6; ++u)
    for (int i = 1; i <= rows; ++i)
      if ((u + i) % 3 != 0) inter << u << "," << i << "," << 1 + (u * i) % 5 << "\n";
  inter.close();
  return prepare_into(src, scratch_dir(name));
}

namespace {

// `source` prepared under test-work/prepared/<key> on first use and reused by
// later tests of the build tree. Several test processes (ctest -j) may ask at
// once: one prepares, the others wait on the lock and then find the ready
// marker.
std::string prepared_once(const std::string& source, const std::string& key) {
  fs::path out = fs::path(INTEREC_TEST_WORK) / "prepared" / key;
  fs::create_directories(out.parent_path());
  const std::string lock_path = out.string() + ".lock";
  int fd = ::open(lock_path.c_str(), O_CREAT | O_RDWR, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + lock_path);
  // Released on every path: a failed import must not leave the next caller
  // of this process waiting on our own lock.
  struct Unlock {
    int fd;
    ~Unlock() {
      ::flock(fd, LOCK_UN);
      ::close(fd);
    }
  } unlock{fd};
  ::flock(fd, LOCK_EX);
  // The marker names the formats the folder was prepared in: a folder of
  // older formats is prepared again instead of failing every test with
  // "run interec prepare again". Bump kPreparedFormats with a model's or the
  // catalog's format version.
  constexpr const char* kPreparedFormats = "mf model 2, text model 3, titles.idx 1, names.idx 1, catalog.cols 1, columns.idx 1, text.ivf 1";
  const fs::path ready = out / ".ready";
  std::string formats;
  if (std::ifstream in(ready); in) std::getline(in, formats);
  if (formats != kPreparedFormats) {
    fs::remove_all(out);
    prepare_into(source, out.string());
    std::ofstream(ready) << kPreparedFormats << "\n";
  }
  return out.string();
}

}  // namespace

std::string prepared(const std::string& name) {
  const std::string source = shared_data(name);
  if (source.empty()) return {};
  return prepared_once(source, name);
}

std::string tiny_source() { return (fs::path(INTEREC_SOURCE_ROOT) / "tests" / "data" / "tiny").string(); }

std::string tiny() {
  // Keyed by the files' sizes and times, so an edited catalog is prepared afresh.
  uint64_t stamp = 0;
  for (const auto& entry : fs::directory_iterator(tiny_source()))
    stamp = stamp * 31 + entry.file_size() +
            static_cast<uint64_t>(entry.last_write_time().time_since_epoch().count());
  return prepared_once(tiny_source(), "tiny-" + std::to_string(stamp));
}

std::string tiny_dataset(const std::string& name) { return prepare_into(tiny_source(), scratch_dir(name)); }

}  // namespace interec::test

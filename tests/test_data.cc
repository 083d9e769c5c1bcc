#include "tests/test_data.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "storage/dataset.h"
#include "storage/importer.h"
#include "tools/toolbox.h"

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

std::string tiny_dataset(const std::string& name) {
  const std::string src = scratch_dir(name + "-source");
  std::ofstream(src + "/items.csv") << "item_id,title,genres\n"
                                      "1,Toy Story (1995),Animation|Children's|Comedy\n"
                                      "2,Heat (1995),Action|Crime|Thriller\n"
                                      "3,Fargo (1996),Crime|Drama|Thriller\n"
                                      "4,Scream (1996),Horror|Thriller\n"
                                      "5,Clueless (1995),Comedy|Romance\n"
                                      "6,Babe (1995),Children's|Comedy|Drama\n"
                                      "7,Casino (1995),Drama|Thriller\n"
                                      "8,Twister (1996),Action|Adventure|Thriller\n"
                                      "9,Jumanji (1995),Adventure|Children's|Fantasy\n"
                                      "10,The Craft (1996),Drama|Horror\n"
                                      "11,Emma (1996),Comedy|Drama|Romance\n"
                                      "12,Se7en (1995),Crime|Thriller\n";
  std::ofstream interactions(src + "/interactions.csv");
  interactions << "user_id,item_id,rating,timestamp\n";
  for (int u = 1; u <= 8; ++u)
    for (int i = 1; i <= 12; ++i)
      if ((u * 7 + i * 3) % 4 != 0) interactions << u << "," << i << "," << 1 + (u + i) % 5 << "," << 1000 * u + i << "\n";
  interactions.close();
  return prepare_into(src, scratch_dir(name));
}

std::string prepared(const std::string& name) {
  const std::string source = shared_data(name);
  if (source.empty()) return {};
  fs::path out = fs::path(INTEREC_TEST_WORK) / "prepared" / name;
  fs::create_directories(out.parent_path());
  // Several test processes (ctest -j) may ask at once: one prepares, the
  // others wait on the lock and then find the ready marker.
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
  constexpr const char* kPreparedFormats = "text model 2";
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

}  // namespace interec::test

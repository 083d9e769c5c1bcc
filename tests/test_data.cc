#include "tests/test_data.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

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

// The resource files: the word lists and examples that the brains and the
// simulated users read (synonyms.tsv, moods.tsv, demonstrations.jsonl,
// user_phrasings.tsv; the source tree keeps them in tools-data/).
//
// One rule finds them: the folder given by `--resources DIR`; without the
// flag, the folder `resources/` next to the running binary. The build tree
// links tools-data/ there beside every binary it builds, and `cmake --install`
// copies it beside `interec`. Nothing else is searched (no environment
// variable, no working directory, no path of the build machine), and a file
// that is missing is an error at start-up naming the file and the rule —
// never a silent change of behaviour (a brain without its synonyms plans
// differently).
#pragma once

#include <stdexcept>
#include <string>

namespace interec {

struct ResourceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Resources {
 public:
  /// `dir` = "" means resources/ next to the running binary.
  explicit Resources(std::string dir = {});

  /// The folder the files are read from.
  const std::string& dir() const { return dir_; }

  /// The path of `name` in the folder. Throws ResourceError, naming the file
  /// and how the folder was chosen, when it is not a readable file.
  std::string file(const std::string& name) const;

  std::string synonyms() const { return file("synonyms.tsv"); }
  std::string moods() const { return file("moods.tsv"); }
  std::string demonstrations() const { return file("demonstrations.jsonl"); }
  std::string phrasings() const { return file("user_phrasings.tsv"); }

 private:
  std::string dir_;
  bool from_flag_ = false;
};

}  // namespace interec

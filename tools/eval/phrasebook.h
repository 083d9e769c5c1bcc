// The phrase tables of the paraphrasing user (tools-data/user_phrasings.tsv,
// whose header documents the format): several wordings per key, the item
// noun of a catalog, how a column is talked about, and the spoken forms of
// decades, list positions and amounts. Loaded once; read-only after.
#pragma once

#include <cstddef>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace interec {

/// A phrase file that cannot be read or has a malformed row; the message
/// names the file and the line.
struct PhrasebookError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The words a catalog's items go by ("movie", "movies", "watch", "watched").
struct ItemNoun {
  std::string singular, plural, verb, past;
};

/// One wording drawn from the book, with the id the reports use.
struct Wording {
  std::string key;   // e.g. "year.after.mod"
  size_t index = 0;  // 1-based rank among the key's wordings
  std::string text;  // the template, with {slots}
  std::string id() const { return key + "#" + std::to_string(index); }
};

/// Values for the {slots} of a template.
using Slots = std::map<std::string, std::string>;

class Phrasebook {
 public:
  /// Reads `path`. Throws PhrasebookError for a missing file, a row without
  /// a tab, a malformed special row, or a book without noun fallback.
  static Phrasebook load(const std::string& path);

  /// True when `key` has at least one wording.
  bool has(const std::string& key) const;
  /// A wording of `key` drawn uniformly. Throws std::out_of_range for a key
  /// without wordings (a defect of the caller or the file).
  Wording pick(const std::string& key, std::mt19937_64& rng) const;
  /// Every wording of `key` (empty when none).
  const std::vector<std::string>& wordings(const std::string& key) const;
  /// Every key with wordings.
  std::vector<std::string> keys() const;

  /// The noun of a catalog: the first noun row one of whose cues occurs in
  /// `evidence` (lower-cased: the dataset's name and column descriptions),
  /// else the fallback row (cue "*").
  ItemNoun noun_for(const std::string& evidence) const;
  /// The role of a column by its name ("genres" -> "genre"), or "" when the
  /// book does not name it.
  std::string role_of(const std::string& column) const;
  /// Spoken forms of a decade (1990 -> "1990s", "90s", "nineties", ...);
  /// "<decade>s" when the book has no row.
  std::vector<std::string> decade_forms(int decade) const;
  /// Spoken forms of a list position (1-based; 0 = "the last one").
  std::vector<std::string> ordinal_forms(size_t position) const;
  /// An amount of money, e.g. "$10", "10 bucks".
  std::string money(const std::string& amount, std::mt19937_64& rng) const;

  /// `text` with every {slot} replaced from `slots`; an unknown slot stays
  /// as written, so a missing value is visible, never silently empty.
  static std::string fill(const std::string& text, const Slots& slots);

 private:
  struct NounRow {
    ItemNoun noun;
    std::vector<std::string> cues;
  };
  std::map<std::string, std::vector<std::string>> wordings_;
  std::vector<NounRow> nouns_;
  std::map<std::string, std::string> roles_;
  std::map<int, std::vector<std::string>> decades_;
  std::map<size_t, std::vector<std::string>> ordinals_;
  std::vector<std::string> money_;
};

}  // namespace interec

// Finds items by the names people use for them: "toy story", "Heat",
// "the usual suspects" for "Usual Suspects, The (1995)", small typos.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/catalog.h"

namespace interec {

struct Dataset;
namespace title_tables {
struct Tables;
}

/// The title index `interec prepare` writes into a prepared folder, mapped
/// at start instead of rebuilt (storage/title_index_file.cc has the layout).
inline constexpr const char* kTitleIndexFile = "titles.idx";

struct TitleMatch {
  ItemIndex item;
  /// 1.0 for an exact match of the normalised title, lower for fuzzy ones.
  double score;
};

/// Lower-cases, folds accents, drops punctuation and a trailing "(1995)"
/// year, and moves a trailing ", The" / ", A" / ", An" article to the front.
std::string normalize_title(std::string_view title);

/// The character normalisation of normalize_title without the title rules:
/// lower case, accents folded, punctuation as single spaces ("Children's,
/// Sci-Fi!" -> "childrens sci fi").
std::string normalize_text(std::string_view text);

/// The names inside a catalog title, each normalised as normalize_title:
/// "City of Lost Children, The (Cité des enfants perdus, La) (1995)" has
/// main "the city of lost children", alternate "la cite des enfants
/// perdus" and year 1995; "Star Wars: Episode IV - A New Hope (1977)" has
/// prefix "star wars" and suffix "a new hope".
struct TitleParts {
  std::string main;
  std::vector<std::string> alts;
  std::string prefix;  // before the first ':' or " - ", if any
  std::string suffix;  // after the last one (at least 5 characters)
  int year = 0;        // 0 when the title has none
};
TitleParts title_parts(std::string_view title);

/// Built from a catalog, or mapped from the titles.idx of a prepared
/// folder: both answer every lookup the same. Immutable; shared by threads.
class TitleIndex {
 public:
  /// Builds the index from every title of the catalog (seconds at 10^6
  /// items: what open_prepared avoids).
  explicit TitleIndex(std::shared_ptr<const Catalog> catalog);

  /// The index of a prepared folder: its titles.idx mapped when that file
  /// is there, of this format version and of this catalog (the dataset's
  /// fingerprint); otherwise -- a folder prepared before the file existed,
  /// by another version, or for a catalog copied over this one -- built
  /// from the catalog, which answers the same, only slower to start. Throws
  /// CatalogError naming the file and `interec prepare` when the file is of
  /// this version and catalog but truncated or damaged.
  static std::shared_ptr<const TitleIndex> open_prepared(const Dataset& dataset);
  /// Writes this index as `path` (atomically) for the catalog whose
  /// fingerprint is `fingerprint`. Throws AtomicWriteError.
  void save(const std::string& path, const std::string& fingerprint) const;
  /// Whether the index reads a mapped titles.idx (false: built at start).
  bool mapped() const;

  /// Best matches for a name the user gave, best first, score >= min_score.
  /// Among equal scores the more popular item (more interactions, else lower
  /// index) comes first. A year in the name ("Heat (1995)", "heat 1995")
  /// narrows the match to that year where the catalog has one.
  std::vector<TitleMatch> match(std::string_view name, size_t limit = 5,
                                double min_score = 0.75) const;

  /// Titles mentioned verbatim (after normalisation) inside free text, longest
  /// first, non-overlapping. Single common words ("it", "heat" is fine) are
  /// only taken when `allow_single_words` is true.
  std::vector<TitleMatch> find_in_text(std::string_view text,
                                       bool allow_single_words) const;

 private:
  // An index over `tables`, which live in `storage` (a mapping).
  TitleIndex(std::shared_ptr<const Catalog> catalog, std::shared_ptr<const void> storage,
             const title_tables::Tables& tables);
  const title_tables::Tables& tables() const;

  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace interec

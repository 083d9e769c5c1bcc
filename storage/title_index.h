// Finds items by the names people use for them: "toy story", "Heat",
// "the usual suspects" for "Usual Suspects, The (1995)", small typos.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/catalog.h"

namespace interec {

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

class TitleIndex {
 public:
  explicit TitleIndex(std::shared_ptr<const Catalog> catalog);

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
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace interec

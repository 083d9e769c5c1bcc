// Maps the movie titles of dialogue files ("The Matrix (1999)", as ReDial
// and INSPIRED write them) onto catalog items (MovieLens "Matrix, The
// (1999)"), precision first: a wrong item poisons both the truth of an
// evaluation and what a model learns, so a doubtful title maps to nothing.
//
// Rules, in order (title matching by storage/title_index.h: normalised,
// article moved, alternate titles, parts around ':'):
//   1. title_and_year: the whole title (or an alternate title) and the year;
//   2. part_and_year: the same year and a near title (the part before a
//      ':' as in "Avengers: Infinity War - Part I", a small typo), score ≥ 0.88;
//   3. year_off_by_one: the whole title, the year one off (release vs
//      festival year);
//   4. title_only: the file gives no year: the whole title, the most popular
//      item of that name.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/catalog.h"
#include "storage/title_index.h"

namespace interec {

enum class MentionMatch { title_and_year, part_and_year, year_off_by_one, title_only, none };
inline constexpr size_t kMentionMatchKinds = 5;

/// "title_and_year", ... "none".
const char* to_string(MentionMatch m);

struct MappedMention {
  ItemIndex item = -1;  // -1 when not in the catalog
  MentionMatch how = MentionMatch::none;
};

class MentionMap {
 public:
  MentionMap(std::shared_ptr<const Catalog> catalog, std::shared_ptr<const TitleIndex> titles);

  /// The item a dialogue file's "Title (Year)" names. Thread-safe; each
  /// title is matched once (a corpus names the same movies again and again).
  MappedMention map(std::string_view title) const;

 private:
  MappedMention match(std::string_view title) const;
  int year_of(ItemIndex item) const;

  std::shared_ptr<const Catalog> catalog_;
  std::shared_ptr<const TitleIndex> titles_;
  std::optional<size_t> year_column_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, MappedMention> cache_;
};

/// How many mentions mapped, by rule.
struct MentionStats {
  size_t total = 0;
  std::array<size_t, kMentionMatchKinds> by_rule{};

  void add(MentionMatch how) {
    ++total;
    ++by_rule[static_cast<size_t>(how)];
  }
  size_t mapped() const { return total - by_rule[static_cast<size_t>(MentionMatch::none)]; }
};

}  // namespace interec

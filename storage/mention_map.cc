#include "storage/mention_map.h"

#include <cmath>
#include <cstdlib>

#include "storage/text.h"

namespace interec {
namespace {

// TitleIndex scores: an exact key scores its weight (1 for the title, 0.98
// for an alternate title, 0.97 with the query's article dropped); the part
// around a ':' scores 0.9; fuzzy matches at most 0.95.
constexpr double kWholeTitle = 0.96;
constexpr double kNearTitle = 0.88;

}  // namespace

const char* to_string(MentionMatch m) {
  switch (m) {
    case MentionMatch::title_and_year: return "title_and_year";
    case MentionMatch::part_and_year: return "part_and_year";
    case MentionMatch::year_off_by_one: return "year_off_by_one";
    case MentionMatch::title_only: return "title_only";
    case MentionMatch::none: return "none";
  }
  return "none";
}

MentionMap::MentionMap(std::shared_ptr<const Catalog> catalog, std::shared_ptr<const TitleIndex> titles)
    : catalog_(std::move(catalog)), titles_(std::move(titles)) {
  if (auto c = catalog_->column_index("year"); c && catalog_->columns()[*c].type != ColumnType::text)
    year_column_ = c;
}

int MentionMap::year_of(ItemIndex item) const {
  if (year_column_) {
    const double v = catalog_->number(*year_column_, item);
    if (!std::isnan(v)) return static_cast<int>(v);
  }
  return text::title_year(catalog_->title(item)).value_or(0);
}

MappedMention MentionMap::map(std::string_view title) const {
  const std::string key(title);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  const MappedMention m = match(title);
  std::lock_guard<std::mutex> lock(mutex_);
  cache_.emplace(key, m);
  return m;
}

MappedMention MentionMap::match(std::string_view title) const {
  title = text::trim(title);
  const std::optional<int> year = text::title_year(title);
  std::string_view name = title;
  if (year) name = text::trim(name.substr(0, name.rfind('(')));
  if (name.empty()) return {};
  // Ranked by score, then popularity; the year is checked here, not by the
  // index (which would fall back to other years silently).
  const auto candidates = titles_->match(name, 20, kNearTitle);
  if (!year) {
    for (const auto& c : candidates)
      if (c.score >= kWholeTitle) return {c.item, MentionMatch::title_only};
    return {};
  }
  for (const auto& c : candidates)
    if (year_of(c.item) == *year) return {c.item, c.score >= kWholeTitle ? MentionMatch::title_and_year
                                                                          : MentionMatch::part_and_year};
  for (const auto& c : candidates)
    if (c.score >= kWholeTitle && std::abs(year_of(c.item) - *year) == 1)
      return {c.item, MentionMatch::year_off_by_one};
  return {};
}

}  // namespace interec

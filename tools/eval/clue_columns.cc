#include "tools/eval/clue_columns.h"

#include <algorithm>
#include <cmath>

#include "storage/text.h"

namespace interec {
namespace {

// A value on more than this share of the catalog says almost nothing (and a
// value on every item, like a category root, nothing at all).
constexpr double kMaxValueShare = 0.6;
constexpr size_t kMaxValueBytes = 60;

bool description_like(const std::string& lname) {
  return lname == "description" || lname == "overview" || lname == "plot" || lname == "summary" ||
         lname == "synopsis" || lname == "title" || lname == "id" || lname == "item_id" ||
         lname.find("url") != std::string::npos;
}

}  // namespace

Clue value_clue(size_t column, std::string value, bool negated) {
  Clue c;
  c.kind = Clue::value;
  c.column = column;
  c.text = std::move(value);
  c.negated = negated;
  return c;
}

Clue range_clue(size_t column, double lo, double hi) {
  Clue c;
  c.kind = Clue::range;
  c.column = column;
  c.lo = lo;
  c.hi = hi;
  return c;
}

Clue similar_clue(ItemIndex item) {
  Clue c;
  c.kind = Clue::similar;
  c.item = item;
  return c;
}

ClueColumns::ClueColumns(std::shared_ptr<const Catalog> catalog) : catalog_(std::move(catalog)) {
  const auto& cols = catalog_->columns();
  const size_t n = catalog_->size();
  year_like_.assign(cols.size(), false);
  sorted_.resize(cols.size());
  value_counts_.resize(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    const ColumnInfo& info = cols[c];
    const std::string lname = text::ascii_lower(info.name);
    if (description_like(lname)) continue;
    if (info.type == ColumnType::text) {
      auto& counts = value_counts_[c];
      bool usable = true;
      for (size_t i = 0; i < n && usable; ++i)
        for (const auto& v : catalog_->values(c, static_cast<ItemIndex>(i))) {
          if (counts.size() > 5000) usable = false;
          if (v.size() <= kMaxValueBytes) ++counts[std::string(v)];  // a long value is prose, not a clue
        }
      // A column whose values are (almost) all distinct names items, it does
      // not describe them.
      if (!usable || counts.empty() || counts.size() > std::max<size_t>(50, n / 2)) {
        counts.clear();
        continue;
      }
      categorical_.push_back(c);
    } else if (info.type == ColumnType::integer || info.type == ColumnType::real) {
      if (lname == "popularity") continue;
      auto& sorted = sorted_[c];
      bool integer = true;
      for (size_t i = 0; i < n; ++i) {
        const double x = catalog_->number(c, static_cast<ItemIndex>(i));
        if (std::isnan(x)) continue;
        sorted.push_back(x);
        integer = integer && x == std::floor(x);
      }
      if (sorted.size() < 2) continue;
      std::sort(sorted.begin(), sorted.end());
      year_like_[c] = integer && (lname == "year" || (lname.size() > 5 && lname.substr(lname.size() - 5) == "_year") ||
                                  (sorted.front() >= 1800 && sorted.back() <= 2100));
      numeric_.push_back(c);
    }
  }
}

size_t ClueColumns::count(size_t column, const std::string& value) const {
  if (column >= value_counts_.size()) return 0;
  const auto it = value_counts_[column].find(value);
  return it == value_counts_[column].end() ? 0 : it->second;
}

std::vector<std::string> ClueColumns::nameable_values(size_t column, ItemIndex item) const {
  std::vector<std::string> out;
  const double limit = kMaxValueShare * static_cast<double>(catalog_->size());
  for (const auto& v : catalog_->values(column, item)) {
    const size_t n = count(column, std::string(v));
    if (n < 2 || static_cast<double>(n) > limit) continue;
    out.emplace_back(v);
  }
  return out;
}

std::pair<double, double> ClueColumns::bucket(size_t column, double x, size_t parts) const {
  const auto& sorted = sorted_[column];
  const bool integer = catalog_->columns()[column].type == ColumnType::integer;
  const size_t m = sorted.size();
  const size_t pos = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
  const size_t part = std::min(parts - 1, pos * parts / m);
  double lo = std::min(sorted[part * m / parts], x);
  double hi = std::max(sorted[std::min(m - 1, (part + 1) * m / parts)], x);
  if (integer) {
    lo = std::floor(lo);
    hi = std::ceil(hi);
  } else {
    lo = std::floor(lo * 10) / 10;
    hi = std::ceil(hi * 10) / 10;
  }
  return {lo, hi};
}

}  // namespace interec

// Counting the column facts from a catalog, and reading them (the same over
// counted and mapped arrays).
#include "storage/column_facts.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

namespace interec {
namespace {

struct CountedFacts {
  std::vector<uint32_t> kind;
  std::vector<uint64_t> value_offsets{0}, text_offsets{0}, value_counts, number_offsets{0};
  std::vector<char> text;
  std::vector<double> numbers;

  ColumnFacts::Tables tables() const {
    return {flat_view(kind),         flat_view(value_offsets), flat_view(text_offsets), flat_view(text),
            flat_view(value_counts), flat_view(number_offsets), flat_view(numbers)};
  }

  // Text column `c`: its values in first-seen order with their counts, or
  // none when there are too many.
  void count_values(const Catalog& catalog, size_t c) {
    std::unordered_map<std::string_view, size_t> seen;
    std::vector<std::string_view> order;
    std::vector<uint64_t> counts;
    bool too_many = false;
    for (size_t i = 0; i < catalog.size() && !too_many; ++i)
      for (const auto& v : catalog.values(c, static_cast<ItemIndex>(i))) {
        if (v.empty()) continue;
        auto [it, fresh] = seen.emplace(v, order.size());
        if (fresh) {
          order.push_back(v);
          counts.push_back(0);
        }
        ++counts[it->second];
        if (order.size() > ColumnFacts::kMaxValues) {
          too_many = true;
          break;
        }
      }
    kind.push_back(too_many ? ColumnFacts::kTooMany : ColumnFacts::kValues);
    if (!too_many)
      for (size_t k = 0; k < order.size(); ++k) {
        text.insert(text.end(), order[k].begin(), order[k].end());
        text_offsets.push_back(text.size());
        value_counts.push_back(counts[k]);
      }
    value_offsets.push_back(value_counts.size());
    number_offsets.push_back(numbers.size());
  }

  // Numeric or date column `c`: its present values, sorted.
  void sort_numbers(const Catalog& catalog, size_t c) {
    const size_t first = numbers.size();
    bool integer = true;
    for (size_t i = 0; i < catalog.size(); ++i) {
      const double x = catalog.number(c, static_cast<ItemIndex>(i));
      if (std::isnan(x)) continue;
      numbers.push_back(x);
      if (x != std::floor(x)) integer = false;
    }
    std::sort(numbers.begin() + static_cast<std::ptrdiff_t>(first), numbers.end());
    kind.push_back(integer ? ColumnFacts::kInteger : ColumnFacts::kReal);
    value_offsets.push_back(value_counts.size());
    number_offsets.push_back(numbers.size());
  }
};

}  // namespace

std::shared_ptr<const ColumnFacts> ColumnFacts::build(const Catalog& catalog) {
  auto owned = std::make_shared<CountedFacts>();
  for (size_t c = 0; c < catalog.columns().size(); ++c) {
    if (catalog.columns()[c].type == ColumnType::text) owned->count_values(catalog, c);
    else owned->sort_numbers(catalog, c);
  }
  return std::make_shared<const ColumnFacts>(owned, owned->tables(), catalog.size(), false);
}

std::pair<uint64_t, uint64_t> ColumnFacts::run(const FlatArray<uint64_t>& offsets, size_t c, uint64_t limit) const {
  if (c + 1 >= offsets.size) return {0, 0};
  const uint64_t a = offsets[c], b = offsets[c + 1];
  if (a > b || b > limit) return {0, 0};
  return {a, b};
}

size_t ColumnFacts::values(size_t c) const {
  const auto [a, b] = run(t_.value_offsets, c, t_.value_counts.size);
  return static_cast<size_t>(b - a);
}

std::string_view ColumnFacts::value(size_t c, size_t k) const {
  const auto [a, b] = run(t_.value_offsets, c, t_.value_counts.size);
  if (k >= b - a) return {};
  const uint64_t v = a + k;
  if (v + 1 >= t_.text_offsets.size) return {};
  const uint64_t x = t_.text_offsets[v], y = t_.text_offsets[v + 1];
  if (x > y || y > t_.text.size) return {};
  return {t_.text.data + x, static_cast<size_t>(y - x)};
}

uint64_t ColumnFacts::value_count(size_t c, size_t k) const {
  const auto [a, b] = run(t_.value_offsets, c, t_.value_counts.size);
  return k < b - a ? t_.value_counts[a + k] : 0;
}

FlatArray<double> ColumnFacts::sorted_numbers(size_t c) const {
  const auto [a, b] = run(t_.number_offsets, c, t_.numbers.size);
  return {t_.numbers.data + a, static_cast<size_t>(b - a)};
}

}  // namespace interec

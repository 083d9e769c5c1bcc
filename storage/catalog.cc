// The catalog's lookups, the same over built and mapped tables. Building
// them from catalog.db: storage/catalog_builder.cc; the file:
// storage/catalog_file.cc.
#include "storage/catalog.h"

#include <cmath>

#include "storage/catalog_tables.h"

namespace interec {

const char* to_string(ColumnType t) {
  switch (t) {
    case ColumnType::text: return "text";
    case ColumnType::integer: return "integer";
    case ColumnType::real: return "real";
    case ColumnType::date: return "date";
  }
  return "text";
}

std::string_view CellValues::value_at(const CatalogTables* t, uint64_t at) {
  if (!t || at >= t->cell_values.size) return {};
  return flat_text(t->value_offsets, t->value_text, t->cell_values[at]);
}

std::vector<std::string> CellValues::strings() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (std::string_view v : *this) out.emplace_back(v);
  return out;
}

Catalog::Catalog(std::string db_path, std::shared_ptr<const void> storage, const CatalogTables& tables, bool mapped,
                 std::string file_fingerprint)
    : db_path_(std::move(db_path)),
      storage_(std::move(storage)),
      t_(std::make_unique<const CatalogTables>(tables)),
      size_(tables.id_order.size),
      mapped_(mapped),
      file_fingerprint_(std::move(file_fingerprint)) {
  for (const ColumnRecord& r : tables.columns) {
    ColumnInfo info;
    const auto text = [&](uint64_t a, uint64_t b) {
      return a <= b && b <= tables.column_text.size ? std::string(tables.column_text.data + a, b - a) : std::string();
    };
    info.name = text(r.name_begin, r.name_end);
    info.description = text(r.description_begin, r.description_end);
    info.type = static_cast<ColumnType>(r.type);
    info.multi = r.multi != 0;
    info.min = r.min;
    info.max = r.max;
    info.distinct = static_cast<size_t>(r.distinct);
    columns_.push_back(std::move(info));
    text_slot_.push_back(r.text_slot);
    number_slot_.push_back(r.number_slot);
  }
}

Catalog::~Catalog() = default;

std::shared_ptr<const Catalog> Catalog::open(const std::string& db_path) { return build_catalog(db_path); }

std::string_view Catalog::id(ItemIndex i) const {
  return in_range(i) ? flat_text(t_->id_offsets, t_->id_text, static_cast<size_t>(i)) : std::string_view();
}

std::string_view Catalog::title(ItemIndex i) const {
  return in_range(i) ? flat_text(t_->title_offsets, t_->title_text, static_cast<size_t>(i)) : std::string_view();
}

std::optional<ItemIndex> Catalog::find(std::string_view id) const {
  const FlatArray<int32_t>& order = t_->id_order;
  size_t lo = 0, hi = order.size;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (this->id(order[mid]) < id) lo = mid + 1;
    else hi = mid;
  }
  if (lo < order.size && in_range(order[lo]) && this->id(order[lo]) == id) return order[lo];
  return std::nullopt;
}

std::optional<size_t> Catalog::column_index(std::string_view name) const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].name == name) return c;
  return std::nullopt;
}

CellValues Catalog::values(size_t col, ItemIndex i) const {
  if (col >= text_slot_.size() || text_slot_[col] < 0 || !in_range(i)) return {};
  const uint64_t k = static_cast<uint64_t>(text_slot_[col]) * size_ + static_cast<uint64_t>(i);
  if (k + 1 >= t_->cell_offsets.size) return {};
  const uint64_t a = t_->cell_offsets[k], b = t_->cell_offsets[k + 1];
  if (a > b || b > t_->cell_values.size) return {};
  return CellValues(t_.get(), a, b);
}

double Catalog::number(size_t col, ItemIndex i) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (col >= number_slot_.size() || number_slot_[col] < 0 || !in_range(i)) return nan;
  const uint64_t k = static_cast<uint64_t>(number_slot_[col]) * size_ + static_cast<uint64_t>(i);
  return k < t_->numbers.size ? t_->numbers[k] : nan;
}

}  // namespace interec

#include "storage/catalog_index.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

#include "storage/catalog_index_format.h"
#include "storage/checksum.h"
#include "storage/text.h"

namespace interec {
namespace fmt = catalog_index_format;

namespace {

uint32_t roaring_version() {
  return static_cast<uint32_t>(ROARING_VERSION_MAJOR) << 16 | static_cast<uint32_t>(ROARING_VERSION_MINOR) << 8 |
         static_cast<uint32_t>(ROARING_VERSION_REVISION);
}

std::string version_text(uint32_t v) {
  return std::to_string(v >> 16) + "." + std::to_string((v >> 8) & 0xff) + "." + std::to_string(v & 0xff);
}

/// A read-only CRoaring view of a bitmap inside the mapped file.
class FrozenView {
 public:
  FrozenView(const MappedFile& file, const uint64_t* entry) {
    const uint64_t offset = entry[0], length = entry[1];
    if (offset % fmt::kBitmapAlign == 0 && file.contains(offset, length) && length > 0)
      view_ = roaring_bitmap_frozen_view(file.data() + offset, length);
    if (!view_) throw CatalogError(file.path() + ": a bitmap is damaged: run `interec prepare` again");
  }
  ~FrozenView() {
    if (view_) roaring_bitmap_free(view_);
  }
  FrozenView(FrozenView&& o) noexcept : view_(o.view_) { o.view_ = nullptr; }
  FrozenView(const FrozenView&) = delete;
  FrozenView& operator=(const FrozenView&) = delete;
  const roaring_bitmap_t* get() const { return view_; }

 private:
  const roaring_bitmap_t* view_ = nullptr;
};

/// The union of the views (empty for none); never modifies them.
Bitmap union_of(const std::vector<FrozenView>& views) {
  if (views.empty()) return Bitmap();
  if (views.size() == 1) return Bitmap(roaring_bitmap_copy(views[0].get()));
  std::vector<const roaring_bitmap_t*> raw;
  raw.reserve(views.size());
  for (const auto& v : views) raw.push_back(v.get());
  return Bitmap(roaring_bitmap_or_many(raw.size(), raw.data()));
}

// Whether x lies in the range, with NaN bounds open (as Predicate says).
bool in_range(double x, double lo, bool lo_strict, double hi, bool hi_strict) {
  if (!std::isnan(lo) && (lo_strict ? !(x > lo) : !(x >= lo))) return false;
  if (!std::isnan(hi) && (hi_strict ? !(x < hi) : !(x <= hi))) return false;
  return true;
}

}  // namespace

std::shared_ptr<const CatalogIndex> CatalogIndex::open(const std::string& path, const Catalog& catalog) {
  std::shared_ptr<const MappedFile> file;
  try {
    file = MappedFile::open(path);
  } catch (const MappedFileError& e) {
    throw CatalogError(std::string(e.what()) + ": run `interec prepare` again");
  }
  auto fail = [&](const std::string& why) -> CatalogError {
    return CatalogError(path + ": " + why + ": run `interec prepare` again");
  };
  const auto* h = file->array<fmt::Header>(0, 1);
  if (!h || std::memcmp(h->magic, fmt::kMagic, sizeof fmt::kMagic) != 0) throw fail("not a catalog index");
  if (h->version != fmt::kVersion)
    throw fail("catalog index format version " + std::to_string(h->version) + ", this build reads version " +
               std::to_string(fmt::kVersion));
  if (h->endian_mark != fmt::kEndianMark) throw fail("written on a machine of other byte order");
  if (h->roaring_version != roaring_version())
    throw fail("written with CRoaring " + version_text(h->roaring_version) + ", this build uses " +
               version_text(roaring_version()));
  if (h->file_size != file->size()) throw fail("truncated or extended (its size does not match its header)");
  if (h->items != catalog.size() || h->columns != catalog.columns().size())
    throw fail("belongs to another catalog (" + std::to_string(h->items) + " items, " + std::to_string(h->columns) +
               " columns)");
  const auto* entries = file->array<fmt::ColumnEntry>(sizeof(fmt::Header), h->columns);
  if (!entries) throw fail("truncated (column table)");

  std::shared_ptr<CatalogIndex> index(new CatalogIndex());
  index->file_ = file;
  index->items_ = h->items;
  for (uint32_t c = 0; c < h->columns; ++c) {
    const fmt::ColumnEntry& e = entries[c];
    Column col;
    const char* name = file->array<char>(e.name_offset, e.name_length);
    if (!name) throw fail("truncated (column names)");
    col.name.assign(name, e.name_length);
    if (col.name != catalog.columns()[c].name)
      throw fail("belongs to another catalog (column " + std::to_string(c) + " is " + col.name + ", not " +
                 catalog.columns()[c].name + ")");
    col.kind = static_cast<Kind>(e.kind);
    col.case_insensitive = e.case_insensitive != 0;
    col.count = e.count;
    if (col.kind == Kind::values) {
      col.key_offsets = file->array<uint64_t>(e.a_offset, e.count + 1);
      col.keys = file->array<char>(e.b_offset, e.b_length);
      if (!col.key_offsets || (!col.keys && e.b_length) || col.key_offsets[e.count] != e.b_length)
        throw fail("truncated (values of " + col.name + ")");
    } else if (col.kind == Kind::numeric) {
      col.bin_lo = file->array<double>(e.a_offset, e.count);
      col.bin_hi = file->array<double>(e.b_offset, e.count);
      col.cells = file->array<double>(e.cells_offset, h->items);
      if ((e.count && (!col.bin_lo || !col.bin_hi)) || (h->items && !col.cells))
        throw fail("truncated (bins of " + col.name + ")");
    } else if (col.kind != Kind::none) {
      throw fail("unknown kind of column " + col.name);
    }
    if (col.kind != Kind::none) {
      col.bitmaps = file->array<uint64_t>(e.bitmaps_offset, 2 * e.count);
      if (e.count && !col.bitmaps) throw fail("truncated (bitmaps of " + col.name + ")");
    }
    index->columns_.push_back(std::move(col));
  }
  return index;
}

void CatalogIndex::verify() const {
  Checksum sum;
  sum.add(file_->data() + sizeof(fmt::Header), file_->size() - sizeof(fmt::Header));
  const auto* h = file_->array<fmt::Header>(0, 1);
  if (sum.value() != h->checksum) throw CatalogError(path() + ": corrupt (checksum mismatch): run `interec prepare` again");
}

const CatalogIndex::Column* CatalogIndex::find(const std::string& name) const {
  for (const auto& c : columns_)
    if (c.name == name) return &c;
  return nullptr;
}

std::string CatalogIndex::unsupported(const Predicate& p) const {
  const Column* c = find(p.column);
  if (!c) return "no column " + p.column;
  if (c->kind == Kind::none) return "column " + p.column + " is not indexed";
  if (p.kind == Predicate::Kind::range && c->kind != Kind::numeric)
    return "a range over the text column " + p.column;
  if (p.kind == Predicate::Kind::any_of) {
    if (p.values.empty()) return "no values";
    for (const auto& v : p.values) {
      // SQL's LIKE '%|v|%' behaves unlike value equality for these.
      if (v.empty()) return "an empty value";
      if (c->case_insensitive && v.find('|') != std::string::npos) return "a value containing '|'";
    }
  }
  return "";
}

Bitmap CatalogIndex::evaluate(const Predicate& p) const {
  const std::string why = unsupported(p);
  if (!why.empty()) throw CatalogError(path() + ": cannot evaluate this condition: " + why);
  const Column& c = *find(p.column);
  Bitmap out;
  if (p.kind == Predicate::Kind::range) {
    out = numeric_bitmap(c, p.lo, p.lo_strict, p.hi, p.hi_strict);
  } else if (c.kind == Kind::values) {
    out = values_bitmap(c, p);
  } else {
    // any_of over a numeric column: SQLite compares the number each value
    // text stands for (numeric affinity); text that is no number never equals.
    for (const auto& v : p.values)
      if (auto x = text::parse_real(v)) out.unite(numeric_bitmap(c, *x, false, *x, false));
  }
  if (p.negate) out.complement(static_cast<uint32_t>(items_));
  return out;
}

Bitmap CatalogIndex::evaluate(const std::vector<Predicate>& conjunction) const {
  if (conjunction.empty()) return Bitmap::range(static_cast<uint32_t>(items_));
  std::vector<Bitmap> parts;
  parts.reserve(conjunction.size());
  for (const auto& p : conjunction) parts.push_back(evaluate(p));
  std::sort(parts.begin(), parts.end(),
            [](const Bitmap& a, const Bitmap& b) { return a.cardinality() < b.cardinality(); });
  Bitmap out = std::move(parts.front());
  for (size_t k = 1; k < parts.size() && !out.empty(); ++k) out.intersect(parts[k]);
  return out;
}

Bitmap CatalogIndex::values_bitmap(const Column& c, const Predicate& p) const {
  std::vector<FrozenView> views;
  std::vector<uint64_t> seen;
  for (const auto& v : p.values) {
    const std::string key = c.case_insensitive ? text::ascii_lower(v) : v;
    // Binary search over the sorted keys, in place in the mapped file.
    uint64_t lo = 0, hi = c.count;
    while (lo < hi) {
      const uint64_t mid = lo + (hi - lo) / 2;
      const std::string_view k(c.keys + c.key_offsets[mid], c.key_offsets[mid + 1] - c.key_offsets[mid]);
      if (k < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo == c.count) continue;
    const std::string_view found(c.keys + c.key_offsets[lo], c.key_offsets[lo + 1] - c.key_offsets[lo]);
    if (found != key || std::find(seen.begin(), seen.end(), lo) != seen.end()) continue;
    seen.push_back(lo);
    views.emplace_back(*file_, c.bitmaps + 2 * lo);
  }
  return union_of(views);
}

Bitmap CatalogIndex::numeric_bitmap(const Column& c, double lo, bool lo_strict, double hi, bool hi_strict) const {
  std::vector<FrozenView> whole;
  Bitmap partial;
  std::vector<uint32_t> members;
  for (uint64_t b = 0; b < c.count; ++b) {
    const double a = c.bin_lo[b], z = c.bin_hi[b];
    const bool first_in = in_range(a, lo, lo_strict, hi, hi_strict);
    const bool last_in = in_range(z, lo, lo_strict, hi, hi_strict);
    if (first_in && last_in) {  // a range is convex: the whole bin is in
      whole.emplace_back(*file_, c.bitmaps + 2 * b);
      continue;
    }
    // Out unless the range starts or ends inside the bin.
    const bool lo_inside = !std::isnan(lo) && lo >= a && lo <= z;
    const bool hi_inside = !std::isnan(hi) && hi >= a && hi <= z;
    if (!first_in && !last_in && !lo_inside && !hi_inside) continue;
    FrozenView view(*file_, c.bitmaps + 2 * b);
    members.resize(roaring_bitmap_get_cardinality(view.get()));
    roaring_bitmap_to_uint32_array(view.get(), members.data());
    for (uint32_t i : members)
      if (i < items_ && in_range(c.cells[i], lo, lo_strict, hi, hi_strict)) roaring_bitmap_add(partial.raw(), i);
  }
  Bitmap out = union_of(whole);
  out.unite(partial);
  return out;
}

}  // namespace interec

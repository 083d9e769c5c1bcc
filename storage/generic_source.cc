#include "storage/generic_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "storage/delimited_reader.h"
#include "storage/importer.h"
#include "storage/text.h"

namespace fs = std::filesystem;

namespace interec {

namespace {

bool file_in(const std::string& dir, const std::string& name) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / name, ec);
}

/// items.csv or items.tsv (csv preferred), or "" when neither exists.
std::string find_table(const std::string& dir, const std::string& stem) {
  if (file_in(dir, stem + ".csv")) return (fs::path(dir) / (stem + ".csv")).string();
  if (file_in(dir, stem + ".tsv")) return (fs::path(dir) / (stem + ".tsv")).string();
  return {};
}

DelimitedReader open_table(const std::string& path) {
  const bool tsv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".tsv") == 0;
  return DelimitedReader(path, tsv ? '\t' : ',', !tsv);
}

/// A name an LLM can write in SQL without quoting.
std::string sql_name(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "c_" + out;
  // These would shadow the rowid that maps rows to item indices.
  std::string lower = text::ascii_lower(out);
  if (lower == "rowid" || lower == "oid" || lower == "_rowid_") out += '_';
  return out;
}

bool has_leading_zero(std::string_view s) {
  s = text::trim(s);
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return s.size() > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9';
}

/// Spellings of "no value" that exporters write into numeric columns.
bool missing_marker(std::string_view cell) {
  const std::string lower = text::ascii_lower(cell);
  return lower == "na" || lower == "n/a" || lower == "nan" || lower == "null" || lower == "none" || lower == "-";
}

/// What typing a column needs to know of its (trimmed, UTF-8, cut) cells,
/// gathered while the items file is read the first time: the cells
/// themselves are not kept (10^6 items x columns of text would be most of
/// the import's memory) but read again when the catalog is written.
struct ColumnStats {
  size_t present = 0, with_bar = 0, markers = 0;
  bool integer = true, real = true, date = true;

  void add(const std::string& cell) {
    if (cell.empty()) return;
    ++present;
    if (cell.find('|') != std::string::npos) ++with_bar;
    if (missing_marker(cell)) {
      ++markers;
      return;
    }
    // Codes such as "007" or zip codes are identifiers, not numbers.
    const bool zero_padded = has_leading_zero(cell);
    if (integer && (zero_padded || !text::parse_int(cell))) integer = false;
    if (real && (zero_padded || !text::parse_real(cell))) real = false;
    if (date && !text::iso_date_year(cell)) date = false;
  }
};

/// Types a column from the stats of its cells.
///
/// Multi-valued needs '|' in at least 1% of the non-empty cells (any one
/// cell in a small file): a title column where a few names contain " | "
/// (Steam has 41 of 32,000) is still one value per item, while real list
/// columns (genres, tags) have '|' in a large share of their cells.
void infer_type(ImportColumn& col, const ColumnStats& s) {
  if (col.name == "description") return;  // free text, whatever it looks like
  if (s.present == 0) return;
  if (s.with_bar > 0 && s.with_bar * 100 >= s.present) {
    col.multi = true;
    return;
  }
  if (s.markers == s.present) return;  // only "NA"s: text
  if (s.integer) {
    col.type = ColumnType::integer;
  } else if (s.real) {
    col.type = ColumnType::real;
  } else if (s.date) {
    col.type = ColumnType::date;
  }
}

/// A cell as its typed column stores it: multi cells normalised, and the
/// "NA"s of a typed column NULL.
void normalise_cell(const ImportColumn& col, std::string& cell) {
  if (col.multi) {
    std::string joined;
    for (auto v : text::split_values(cell)) {
      if (!joined.empty()) joined += '|';
      joined += v;
    }
    cell = std::move(joined);
  } else if (col.type != ColumnType::text && missing_marker(cell)) {
    cell.clear();
  }
}

/// Descriptions from columns.json, keyed by the source or the SQL name.
std::unordered_map<std::string, std::string> read_descriptions(const std::string& dir, ImportLog& log) {
  std::unordered_map<std::string, std::string> out;
  if (!file_in(dir, "columns.json")) return out;
  const std::string path = (fs::path(dir) / "columns.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImportError(path + ": cannot open the file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw ImportError(path + ": not valid JSON (" + e.what() + ")");
  }
  if (!doc.is_object())
    throw ImportError(path + ": expected an object {\"column\": \"what it means\"}");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it.value().is_string()) {
      log.warn("columns.json: the description of '" + it.key() + "' is not a string (ignored)");
      continue;
    }
    out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

/// What the second reading of the items file needs from the first: where
/// the columns are, how they were typed, and which records became items.
struct ItemsPlan {
  std::string path;
  size_t width = 0, id_pos = 0, title_pos = 0;
  std::vector<size_t> positions;      // source position of each source column
  std::vector<ImportColumn> columns;  // the source columns, typed, no cells
  std::vector<bool> year;             // a NAME_year column follows column c
  std::vector<size_t> lines;          // the line of each item, in index order
};

/// Reads the items file again and hands each item's cells to `row`, as the
/// first reading would have kept them. The same records come back because
/// the reader is driven the same way (resync() after the same junk); an
/// item is recognised by the line its record starts at.
void stream_items(const ItemsPlan& plan, const ImportCellRow& row) {
  DelimitedReader in = open_table(plan.path);
  DelimitedRecord rec;
  in.next(rec);  // the header, checked by the first reading
  std::vector<std::string> cells;
  size_t next = 0;
  while (next < plan.lines.size() && in.next(rec)) {
    if (!rec.error.empty()) continue;
    if (rec.fields.size() != plan.width || rec.fields[plan.id_pos].find('\n') != std::string::npos ||
        rec.fields[plan.title_pos].find('\n') != std::string::npos) {
      in.resync();
      continue;
    }
    if (rec.line != plan.lines[next]) continue;  // a row skipped the first time
    ++next;
    cells.clear();
    for (size_t c = 0; c < plan.columns.size(); ++c) {
      std::string cell = cell_text(rec.fields[plan.positions[c]]);
      // Cut as FileRows::fit did (it counted the cut the first time).
      if (cell.size() > kMaxCellBytes) cell = std::string(text::cut_utf8(cell, kMaxCellBytes));
      normalise_cell(plan.columns[c], cell);
      std::optional<int> y;
      if (plan.year[c]) y = text::iso_date_year(cell);
      cells.push_back(std::move(cell));
      if (plan.year[c]) cells.push_back(y ? std::to_string(*y) : std::string());
    }
    row(cells);
  }
  if (next != plan.lines.size())
    throw ImportError(plan.path + ": the file changed while it was imported (" + std::to_string(next) + " of " +
                      std::to_string(plan.lines.size()) + " items found when read again)");
}

void read_generic_items(const std::string& dir, ImportedSource& src, ImportLog& log) {
  const std::string path = find_table(dir, "items");
  if (path.empty())
    throw ImportError((fs::path(dir) / "items.csv").string() +
                      ": missing (the generic format needs items.csv or items.tsv with a header "
                      "naming item_id, title and any other columns)");
  log.progress("reading " + path);
  DelimitedReader in = open_table(path);
  DelimitedRecord rec;
  if (!in.next(rec)) throw ImportError(path + ": no items found (the file is empty)");
  if (!rec.error.empty()) throw ImportError(path + ":" + std::to_string(rec.line) + ": " + rec.error);

  // Header: find item_id and title; every other column is kept.
  const size_t width = rec.fields.size();
  size_t id_pos = width, title_pos = width;
  std::vector<size_t> positions;  // source position of each kept column
  std::vector<std::string> source_names;
  std::unordered_set<std::string> taken = {"item_id", "title"};
  for (size_t k = 0; k < width; ++k) {
    std::string name = cell_text(rec.fields[k]);
    const std::string lower = text::ascii_lower(name);
    if (lower == "item_id") {
      id_pos = k;
      continue;
    }
    if (lower == "title") {
      title_pos = k;
      continue;
    }
    if (name.empty())
      throw ImportError(path + ":" + std::to_string(rec.line) + ": column " + std::to_string(k + 1) +
                        " has no name");
    if (name.size() > kMaxColumnNameBytes)
      throw ImportError(path + ":" + std::to_string(rec.line) + ": the name of column " + std::to_string(k + 1) +
                        " is longer than " + std::to_string(kMaxColumnNameBytes) + " bytes (" +
                        quote_cell(name) + "): is the first line a header?");
    std::string sql = sql_name(name);
    if (!taken.insert(text::ascii_lower(sql)).second)
      throw ImportError(path + ":" + std::to_string(rec.line) + ": two columns are named '" + sql + "'");
    if (sql != name)
      log.warn(fs::path(path).filename().string() + ": column " + quote_cell(name) + " is named '" + sql +
               "' in the catalog");
    positions.push_back(k);
    source_names.push_back(name);
    ImportColumn col;
    col.name = sql;
    src.items.columns.push_back(std::move(col));
  }
  std::vector<ColumnStats> stats(positions.size());
  if (id_pos == width || title_pos == width)
    throw ImportError(path + ":" + std::to_string(rec.line) + ": the header must name the columns item_id and title (found: " +
                      [&] {
                        std::string s;
                        for (const auto& f : rec.fields) s += (s.empty() ? "" : ", ") + std::string(text::trim(f));
                        return text::excerpt(s);
                      }() + ")");

  FileRows rows(log, path);
  const FileAdvance advance(log, path);
  std::vector<size_t> lines;  // where each item's record starts
  while (in.next(rec)) {
    advance.at(rec.line, in.bytes_read());
    if (!rec.error.empty()) {
      rows.skip(rec.line, rec.error);
      continue;
    }
    if (rec.fields.size() != width) {
      in.resync();  // a stray quote may have joined the next lines to it
      rows.skip(rec.line, "expected " + std::to_string(width) + " fields, found " +
                              std::to_string(rec.fields.size()));
      continue;
    }
    if (rec.fields[id_pos].find('\n') != std::string::npos || rec.fields[title_pos].find('\n') != std::string::npos) {
      in.resync();  // no id or title spans lines: a stray quote joined rows
      rows.skip(rec.line, "a line break inside item_id or title (an unclosed quote?)");
      continue;
    }
    std::string id = cell_text(rec.fields[id_pos]);
    std::string title = cell_text(rec.fields[title_pos]);
    if (id.empty()) {
      rows.skip(rec.line, "empty item_id");
      continue;
    }
    if (id.size() > kMaxIdBytes) {
      rows.skip(rec.line, "item_id " + quote_cell(id) + " is longer than " + std::to_string(kMaxIdBytes) + " bytes");
      continue;
    }
    rows.fit(title, kMaxTitleBytes, rec.line);
    if (title.empty()) {
      rows.skip(rec.line, "empty title for item " + quote_cell(id));
      continue;
    }
    if (!src.items.add(id, std::move(title))) {
      rows.skip(rec.line, "duplicate item_id " + quote_cell(id));
      continue;
    }
    for (size_t c = 0; c < positions.size(); ++c) {
      std::string cell = cell_text(rec.fields[positions[c]]);
      rows.fit(cell, kMaxCellBytes, rec.line);
      stats[c].add(cell);
    }
    lines.push_back(rec.line);
    rows.ok();
  }
  rows.finish();
  if (src.items.size() == 0) throw ImportError(path + ": no items found (only a header)");

  // Types, descriptions, and a NAME_year companion for each date column so
  // that "from the 90s" is a plain integer comparison.
  auto descriptions = read_descriptions(dir, log);
  std::unordered_set<std::string> described;
  auto plan = std::make_shared<ItemsPlan>();
  plan->path = path;
  plan->width = width;
  plan->id_pos = id_pos;
  plan->title_pos = title_pos;
  plan->positions = positions;
  plan->lines = std::move(lines);
  std::vector<ImportColumn> columns;
  for (size_t c = 0; c < src.items.columns.size(); ++c) {
    ImportColumn& col = src.items.columns[c];
    infer_type(col, stats[c]);
    col.streamed = true;
    for (const std::string* key : {&source_names[c], &col.name}) {
      auto it = descriptions.find(*key);
      if (it != descriptions.end()) {
        col.description = it->second;
        described.insert(*key);
      }
    }
    plan->columns.push_back(col);
    plan->year.push_back(false);
    columns.push_back(std::move(col));
    if (columns.back().type != ColumnType::date) continue;
    const ImportColumn& date = columns.back();
    ImportColumn year;
    year.name = date.name + "_year";
    if (!taken.insert(text::ascii_lower(year.name)).second) {
      log.warn("column '" + year.name + "' exists, so the year of '" + date.name + "' gets no column of its own");
      continue;
    }
    year.type = ColumnType::integer;
    year.description = "year of " + date.name;
    year.streamed = true;
    plan->year.back() = true;
    columns.push_back(std::move(year));
  }
  src.items.columns = std::move(columns);
  src.items.stream = [plan](const ImportCellRow& row) { stream_items(*plan, row); };
  for (const auto& [key, value] : descriptions) {
    if (key != "item_id" && key != "title" && !described.count(key))
      log.warn("columns.json: no column '" + key + "' in the items file (description ignored)");
  }
}

void read_interactions(const std::string& dir, ImportedSource& src, ImportLog& log) {
  const std::string path = find_table(dir, "interactions");
  if (path.empty())
    throw ImportError((fs::path(dir) / "interactions.csv").string() +
                      ": missing (the generic format needs interactions.csv or interactions.tsv with "
                      "a header user_id,item_id[,rating][,timestamp])");
  log.progress("reading " + path);
  DelimitedReader in = open_table(path);
  DelimitedRecord rec;
  if (!in.next(rec)) throw ImportError(path + ": no interactions found (the file is empty)");
  const size_t width = rec.fields.size();
  const size_t none = std::numeric_limits<size_t>::max();
  size_t user_pos = none, item_pos = none, rating_pos = none, time_pos = none;
  for (size_t k = 0; k < width; ++k) {
    std::string_view name = text::trim(rec.fields[k]);
    if (name == "user_id") user_pos = k;
    else if (name == "item_id") item_pos = k;
    else if (name == "rating") rating_pos = k;
    else if (name == "timestamp") time_pos = k;
  }
  if (user_pos == none || item_pos == none)
    throw ImportError(path + ":" + std::to_string(rec.line) +
                      ": the header must name the columns user_id and item_id "
                      "(optionally rating and timestamp)");

  FileRows rows(log, path);
  const FileAdvance advance(log, path);
  while (in.next(rec)) {
    advance.at(rec.line, in.bytes_read());
    if (!rec.error.empty()) {
      rows.skip(rec.line, rec.error);
      continue;
    }
    if (rec.fields.size() != width) {
      in.resync();  // a stray quote may have joined the next lines to it
      rows.skip(rec.line, "expected " + std::to_string(width) + " fields, found " +
                              std::to_string(rec.fields.size()));
      continue;
    }
    if (std::any_of(rec.fields.begin(), rec.fields.end(),
                    [](const std::string& f) { return f.find('\n') != std::string::npos; })) {
      in.resync();  // no interaction field spans lines: a stray quote joined rows
      rows.skip(rec.line, "a line break inside a field (an unclosed quote?)");
      continue;
    }
    std::string_view user = text::trim(rec.fields[user_pos]);
    std::string item = cell_text(rec.fields[item_pos]);
    if (user.empty()) {
      rows.skip(rec.line, "empty user_id");
      continue;
    }
    if (user.size() > kMaxIdBytes) {
      rows.skip(rec.line, "user_id " + quote_cell(user) + " is longer than " + std::to_string(kMaxIdBytes) + " bytes");
      continue;
    }
    auto it = src.items.index.find(item);
    if (it == src.items.index.end()) {
      rows.skip(rec.line, "unknown item_id " + quote_cell(item));
      continue;
    }
    float rating = std::numeric_limits<float>::quiet_NaN();
    if (rating_pos != none) {
      std::string_view cell = text::trim(rec.fields[rating_pos]);
      if (!cell.empty()) {
        auto r = text::parse_real(cell);
        if (!r) {
          rows.skip(rec.line, "rating " + quote_cell(cell) + " is not a number");
          continue;
        }
        rating = static_cast<float>(*r);
        src.has_ratings = true;
      }
    }
    int64_t timestamp = 0;
    if (time_pos != none) {
      std::string_view cell = text::trim(rec.fields[time_pos]);
      if (!cell.empty()) {
        auto t = text::parse_int(cell);
        if (!t) t = text::iso_to_unix(cell);
        if (!t) {
          rows.skip(rec.line, "timestamp " + quote_cell(cell) + " is neither a number nor an ISO date");
          continue;
        }
        timestamp = *t;
      }
    }
    src.add_interaction(cell_text(user), it->second, rating, timestamp);
    rows.ok();
  }
  rows.finish();
  if (src.interactions.size() == 0) log.warn(path + ": no interactions (only a header)");
}

}  // namespace

bool detect_generic(const std::string& dir) { return !find_table(dir, "items").empty(); }

ImportedSource read_generic(const std::string& dir, ImportLog& log) {
  ImportedSource src;
  src.format = "generic";
  read_generic_items(dir, src, log);
  read_interactions(dir, src, log);
  if (src.has_ratings) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "mean rating (ratings range from %g to %g)", src.tallies.lowest,
                  src.tallies.highest);
    src.rating_description = buf;
  }
  return src;
}

}  // namespace interec

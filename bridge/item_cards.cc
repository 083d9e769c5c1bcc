#include "bridge/item_cards.h"

#include <cmath>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/text.h"

namespace interec {
namespace {

using json = nlohmann::json;

std::string column_words(const std::string& column) {
  std::string out;
  for (auto part : text::split(column, "_")) {
    if (part.empty()) continue;
    if (!out.empty()) out += ' ';
    out += part == "avg" ? std::string("average") : std::string(part);
  }
  return out;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  return s;
}

std::string number_text(double x, ColumnType type) {
  std::ostringstream out;
  if (type == ColumnType::real) {
    out.setf(std::ios::fixed);
    out.precision(1);
  }
  out << (type == ColumnType::real ? x : std::round(x));
  return out.str();
}

// "a", "a and b", "a, b and c".
std::string joined_values(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " and " : ", ";
    out += values[i];
  }
  return out;
}

bool is_rating(const std::string& name) { return name.find("rating") != std::string::npos; }
bool is_year(const std::string& name) {
  return name == "year" || (name.size() > 5 && name.compare(name.size() - 5, 5, "_year") == 0);
}

// The values of one column for one item, as text (numbers formatted).
std::vector<std::string> cell(const Catalog& catalog, size_t col, ItemIndex item) {
  const ColumnInfo& info = catalog.columns()[col];
  if (info.type == ColumnType::integer || info.type == ColumnType::real) {
    const double x = catalog.number(col, item);
    if (std::isnan(x)) return {};
    return {number_text(x, is_year(info.name) ? ColumnType::integer : info.type)};
  }
  return catalog.values(col, item).strings();
}

std::string sentence(const ColumnInfo& info, const std::string& label,
                     const std::vector<std::string>& values) {
  if (is_year(info.name)) return "It came out in " + values[0] + ".";
  if (is_rating(info.name) && (info.type == ColumnType::real || info.type == ColumnType::integer)) {
    const std::string scale = info.max <= 5 ? " out of 5" : info.max <= 10 ? " out of 10" : "";
    return "Its " + label + " is " + values[0] + scale + ".";
  }
  std::string noun = label;
  const bool one = values.size() == 1;
  if (one && noun.size() > 3 && noun.back() == 's') noun.pop_back();
  // Column descriptions are written for the planner, not for people.
  return "Its " + noun + (one ? " is " : " are ") + joined_values(values) + ".";
}

std::vector<CardColumn> read_config(const std::string& path, const Catalog& catalog) {
  std::ifstream in(path);
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw std::runtime_error(path + ": not a JSON object");
  std::vector<CardColumn> out;
  for (auto& [key, value] : doc.items())
    if (key != "columns" && key.rfind("_", 0) != 0)
      throw std::runtime_error(path + ": unknown key \"" + key + "\" (columns)");
  if (!doc.contains("columns") || !doc["columns"].is_array())
    throw std::runtime_error(path + ": \"columns\" must be an array");
  for (const auto& entry : doc["columns"]) {
    if (!entry.is_object() || !entry.contains("column") || !entry["column"].is_string())
      throw std::runtime_error(path + ": each entry needs \"column\": a column name");
    CardColumn c;
    c.column = entry["column"].get<std::string>();
    if (!catalog.column_index(c.column))
      throw std::runtime_error(path + ": the catalog has no column \"" + c.column + "\"");
    c.label = entry.value("label", capitalised(column_words(c.column)));
    const json max = entry.value("max_values", json(3));
    if (!max.is_number_unsigned() || max.get<size_t>() == 0)
      throw std::runtime_error(path + ": \"max_values\" must be a positive integer");
    c.max_values = max.get<size_t>();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

ItemCards::ItemCards(std::shared_ptr<const Catalog> catalog, std::vector<CardColumn> columns)
    : catalog_(std::move(catalog)), columns_(std::move(columns)) {}

std::shared_ptr<const ItemCards> ItemCards::open(const std::string& data_dir,
                                                 std::shared_ptr<const Catalog> catalog) {
  const std::string path = data_dir + "/cards.json";
  auto columns = std::filesystem::exists(path) ? read_config(path, *catalog) : default_columns(*catalog);
  return std::make_shared<ItemCards>(std::move(catalog), std::move(columns));
}

std::vector<CardColumn> ItemCards::default_columns(const Catalog& catalog) {
  std::vector<CardColumn> out;
  auto take = [&](const ColumnInfo& info) {
    for (const auto& c : out)
      if (c.column == info.name) return;
    out.push_back({info.name, capitalised(column_words(info.name)), 3});
  };
  const auto& columns = catalog.columns();
  const std::vector<std::function<bool(const ColumnInfo&)>> roles = {
    [](const ColumnInfo& c) { return is_year(c.name); },
    [](const ColumnInfo& c) {
      return c.name == "genres" || c.name == "genre" || c.name == "categories" || c.name == "category";
    },
    [](const ColumnInfo& c) { return is_rating(c.name) && c.type != ColumnType::text; },
    [](const ColumnInfo& c) { return c.name == "tags"; },
  };
  for (const auto& role : roles)
    for (const auto& c : columns)
      if (role(c)) {
        take(c);
        break;
      }
  for (const auto& c : columns)
    if (out.size() < 2 && c.multi && c.type == ColumnType::text) take(c);
  return out;
}

json ItemCards::attributes(ItemIndex item) const {
  json out = json::array();
  for (const auto& c : columns_) {
    const auto col = catalog_->column_index(c.column);
    if (!col) continue;
    auto values = cell(*catalog_, *col, item);
    if (values.empty()) continue;
    const bool multi = catalog_->columns()[*col].multi;
    if (values.size() > c.max_values) values.resize(c.max_values);
    out.push_back({{"name", c.column}, {"label", c.label}, {"value", multi ? json(values) : json(values[0])}});
  }
  return out;
}

void ItemCards::add_attributes(json& items) const {
  if (!items.is_array()) return;
  for (auto& item : items) {
    if (!item.is_object() || !item.contains("item_id") || !item["item_id"].is_string()) continue;
    if (auto i = catalog_->find(item["item_id"].get<std::string>())) item["attributes"] = attributes(*i);
  }
}

std::optional<json> ItemCards::details(const std::string& item_id) const {
  auto item = catalog_->find(item_id);
  if (!item) return std::nullopt;
  json sentences = json::array();
  const auto& columns = catalog_->columns();
  for (size_t col = 0; col < columns.size(); ++col) {
    const auto values = cell(*catalog_, col, *item);
    if (!values.empty()) sentences.push_back(sentence(columns[col], column_words(columns[col].name), values));
  }
  return json{{"item",
               {{"item_id", item_id}, {"title", std::string(catalog_->title(*item))}, {"attributes", attributes(*item)}}},
              {"sentences", std::move(sentences)}};
}

}  // namespace interec

#include "tools/eval/phrasebook.h"

#include <fstream>

#include "storage/text.h"

namespace interec {
namespace {

std::vector<std::string> split_on(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t from = 0;
  for (size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, from)) {
    out.push_back(s.substr(from, at - from));
    from = at + 1;
  }
  out.push_back(s.substr(from));
  return out;
}

const std::vector<std::string> kNone;

}  // namespace


Phrasebook Phrasebook::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw PhrasebookError("cannot read the phrase file " + path);
  Phrasebook book;
  std::string line;
  for (size_t line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const auto cells = split_on(line, '\t');
    if (cells.size() < 2 || cells[0].empty()) throw PhrasebookError(where + ": expected key<TAB>wording");
    const std::string& key = cells[0];
    if (key == "noun") {
      if (cells.size() != 6) throw PhrasebookError(where + ": noun rows are noun<TAB>singular<TAB>plural<TAB>verb<TAB>past<TAB>cues");
      book.nouns_.push_back({{cells[1], cells[2], cells[3], cells[4]}, split_on(cells[5], ',')});
    } else if (key == "role") {
      if (cells.size() != 3) throw PhrasebookError(where + ": role rows are role<TAB>column<TAB>role");
      book.roles_[text::ascii_lower(cells[1])] = cells[2];
    } else if (key == "decade") {
      const auto start = text::parse_int(cells.size() == 3 ? cells[1] : "");
      if (!start) throw PhrasebookError(where + ": decade rows are decade<TAB>start year<TAB>form|form");
      book.decades_[static_cast<int>(*start)] = split_on(cells[2], '|');
    } else if (key == "ordinal") {
      const auto pos = text::parse_int(cells.size() == 3 ? cells[1] : "");
      if (cells.size() != 3 || (!pos && cells[1] != "last") || (pos && *pos < 1))
        throw PhrasebookError(where + ": ordinal rows are ordinal<TAB>position or last<TAB>form|form");
      book.ordinals_[pos ? static_cast<size_t>(*pos) : 0] = split_on(cells[2], '|');
    } else if (key == "money") {
      book.money_.push_back(cells[1]);
    } else {
      if (cells.size() != 2 || cells[1].empty()) throw PhrasebookError(where + ": expected key<TAB>wording");
      book.wordings_[key].push_back(cells[1]);
    }
  }
  bool fallback = false;
  for (const auto& row : book.nouns_)
    for (const auto& cue : row.cues) fallback = fallback || cue == "*";
  if (!fallback) throw PhrasebookError(path + ": no noun row with the fallback cue *");
  if (book.money_.empty()) book.money_.push_back("{n}");
  return book;
}

bool Phrasebook::has(const std::string& key) const { return wordings_.count(key) > 0; }

const std::vector<std::string>& Phrasebook::wordings(const std::string& key) const {
  const auto it = wordings_.find(key);
  return it == wordings_.end() ? kNone : it->second;
}

std::vector<std::string> Phrasebook::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, list] : wordings_) out.push_back(key);
  return out;
}

Wording Phrasebook::pick(const std::string& key, std::mt19937_64& rng) const {
  const auto it = wordings_.find(key);
  if (it == wordings_.end()) throw std::out_of_range("the phrase file has no wording for " + key);
  const size_t k = std::uniform_int_distribution<size_t>(0, it->second.size() - 1)(rng);
  return {key, k + 1, it->second[k]};
}

ItemNoun Phrasebook::noun_for(const std::string& evidence) const {
  for (const auto& row : nouns_)
    for (const auto& cue : row.cues)
      if (cue != "*" && !cue.empty() && evidence.find(cue) != std::string::npos) return row.noun;
  for (const auto& row : nouns_)
    for (const auto& cue : row.cues)
      if (cue == "*") return row.noun;
  return {"item", "items", "get", "got"};
}

std::string Phrasebook::role_of(const std::string& column) const {
  const auto it = roles_.find(text::ascii_lower(column));
  return it == roles_.end() ? "" : it->second;
}

std::vector<std::string> Phrasebook::decade_forms(int decade) const {
  const auto it = decades_.find(decade);
  if (it != decades_.end() && !it->second.empty()) return it->second;
  return {std::to_string(decade) + "s"};
}

std::vector<std::string> Phrasebook::ordinal_forms(size_t position) const {
  const auto it = ordinals_.find(position);
  if (it != ordinals_.end() && !it->second.empty()) return it->second;
  return {"#" + std::to_string(position)};
}

std::string Phrasebook::money(const std::string& amount, std::mt19937_64& rng) const {
  const size_t k = std::uniform_int_distribution<size_t>(0, money_.size() - 1)(rng);
  return fill(money_[k], {{"n", amount}});
}

std::string Phrasebook::fill(const std::string& text, const Slots& slots) {
  std::string out;
  size_t from = 0;
  for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', from)) {
    const size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    out += text.substr(from, open - from);
    const auto it = slots.find(text.substr(open + 1, close - open - 1));
    out += it == slots.end() ? text.substr(open, close - open + 1) : it->second;
    from = close + 1;
  }
  return out + text.substr(from);
}

}  // namespace interec

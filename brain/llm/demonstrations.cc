#include "brain/llm/demonstrations.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include "brain/rules/vocabulary.h"
#include "tools/toolbox.h"


namespace interec {
namespace {

using nlohmann::json;

std::map<std::string, double> term_counts(const std::string& text) {
  std::map<std::string, double> tf;
  for (const Token& t : tokenize_text(text)) {
    if (t.kind == Token::punct) continue;
    tf[t.kind == Token::number ? "#" : t.stem] += 1;  // numbers matter as a kind, not a value
  }
  return tf;
}

// "Usual Suspects, The (1995)" -> "The Usual Suspects": how people name it.
std::string spoken_title(std::string title) {
  auto paren = title.rfind(" (");
  if (paren != std::string::npos && title.back() == ')') title.erase(paren);
  for (const char* article : {"The", "A", "An", "Les", "La", "Le", "Il", "Das", "Der", "Die", "El"}) {
    const std::string suffix = std::string(", ") + article;
    if (title.size() > suffix.size() && title.compare(title.size() - suffix.size(), suffix.size(), suffix) == 0)
      return std::string(article) + " " + title.substr(0, title.size() - suffix.size());
  }
  return title;
}

std::string lowercase(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string number_text(double v, bool integer) {
  if (integer) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Walks the plan and fills every string; a string that is exactly one
// numeric placeholder ("{n}") becomes a number.
bool fill_json(json& j, const std::map<std::string, std::string>& values) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    const bool sql = s.size() > 6 && lowercase(s.substr(0, 6)) == "select";
    if (!fill_placeholders(s, values, sql)) return false;
    const std::string orig = j.get<std::string>();
    if (orig.size() > 2 && orig.front() == '{' && orig.back() == '}' &&
        orig.find('{', 1) == std::string::npos) {
      char* end = nullptr;
      double v = std::strtod(s.c_str(), &end);
      if (end && *end == '\0' && !s.empty()) {
        j = (v == std::floor(v)) ? json(static_cast<long long>(v)) : json(v);
        return true;
      }
    }
    j = s;
    return true;
  }
  if (j.is_array() || j.is_object()) {
    for (auto& x : j)
      if (!fill_json(x, values)) return false;
  }
  return true;
}

}  // namespace

std::map<std::string, std::string> placeholder_values(const Toolbox& box, const Vocabulary& vocab,
                                                      size_t variant) {
  std::map<std::string, std::string> v;
  const Catalog& catalog = *box.dataset->catalog;
  v["n"] = std::to_string(3 + variant % 6);
  // The main categorical column: multi-valued first (genres, tags), then
  // the one with the most values.
  const CategoricalColumn* main = nullptr;
  for (const auto& c : vocab.categorical())
    if (!main || (c.multi && !main->multi) || (c.multi == main->multi && c.distinct > main->distinct))
      main = &c;
  if (main) {
    std::vector<std::pair<size_t, std::string>> by_count;
    for (const auto& [value, n] : main->counts) by_count.emplace_back(n, value);
    std::sort(by_count.begin(), by_count.end(), [](auto& a, auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const size_t m = std::min<size_t>(by_count.size(), 10);
    if (m >= 2) {
      v["cat_col"] = main->name;
      v["cat"] = by_count[(2 * variant) % m].second;
      v["cat2"] = by_count[(2 * variant + 1) % m].second;
      if (v["cat2"] == v["cat"]) v["cat2"] = by_count[(2 * variant + 2) % m].second;
      v["cat_lc"] = lowercase(v["cat"]);
      v["cat2_lc"] = lowercase(v["cat2"]);
    }
    for (const auto& c : vocab.categorical())
      if (&c != main && !c.top_values.empty()) {
        v["topic"] = lowercase(c.top_values[variant % c.top_values.size()]);
        break;
      }
  }
  const NumericColumn* num = vocab.role(NumericRole::year);
  if (!num && !vocab.numeric().empty()) num = &vocab.numeric().front();
  if (num && !num->sorted.empty()) {
    v["num_col"] = num->sql;
    const auto& s = num->sorted;
    const double q = 0.3 + 0.1 * static_cast<double>(variant % 6);
    const double mid = s[static_cast<size_t>(q * (s.size - 1))];
    if (num->role == NumericRole::year) {
      const long lo = static_cast<long>(std::floor(mid / 10) * 10);
      v["lo"] = std::to_string(lo);
      v["hi"] = std::to_string(lo + 9);
      v["decade"] = std::to_string(lo) + "s";
      v["year"] = std::to_string(lo + 5);
    } else {
      v["lo"] = number_text(s[s.size / 4], num->integer);
      v["hi"] = number_text(s[3 * s.size / 4], num->integer);
      v["year"] = number_text(mid, num->integer);
      v["decade"] = v["lo"] + " to " + v["hi"];
    }
  }
  if (const NumericColumn* r = vocab.role(NumericRole::rating); r && !r->sorted.empty()) {
    v["rating_col"] = r->sql;
    v["rating"] = number_text(r->sorted[static_cast<size_t>(0.7 * (r->sorted.size - 1))], r->integer);
  }
  // Popular items, as people name them and as the catalog spells them.
  std::vector<ItemIndex> order(catalog.size());
  std::iota(order.begin(), order.end(), 0);
  const auto& counts = box.popularity.counts;
  const size_t top = std::min<size_t>(order.size(), 30);
  if (counts.size() == order.size())
    std::partial_sort(order.begin(), order.begin() + top, order.end(), [&](ItemIndex a, ItemIndex b) {
      return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
    });
  if (top >= 3) {
    const char* names[] = {"item", "item2", "item3"};
    for (size_t k = 0; k < 3; ++k) {
      const std::string title(catalog.title(order[(3 * variant + k) % top]));
      v[names[k]] = spoken_title(title);
      v[std::string(names[k]) + "_title"] = title;
    }
  }
  return v;
}

bool fill_placeholders(std::string& text, const std::map<std::string, std::string>& values, bool sql) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find('{', pos);
    if (open == std::string::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    const std::string name = text.substr(open + 1, close - open - 1);
    auto it = values.find(name);
    if (name.empty() || name.find_first_of(" \"'{") != std::string::npos) {
      out += text.substr(pos, close + 1 - pos);  // not a placeholder ("{" in prose)
      pos = close + 1;
      continue;
    }
    if (it == values.end()) return false;
    out += text.substr(pos, open - pos);
    if (sql) {
      for (char c : it->second) {
        out += c;
        if (c == '\'') out += '\'';
      }
    } else {
      out += it->second;
    }
    pos = close + 1;
  }
  out += text.substr(pos);
  text = std::move(out);
  return true;
}

std::string plan_shape(const json& plan) {
  const json* steps = &plan;
  if (plan.is_object()) {
    if (plan.contains("answer")) return "answer";
    if (!plan.contains("plan")) return "";
    steps = &plan["plan"];
  }
  if (!steps->is_array()) return "";
  std::string shape;
  for (const auto& s : *steps) {
    if (!shape.empty()) shape += ">";
    shape += s.is_object() ? s.value("tool", std::string("?")) : std::string("?");
  }
  return shape;
}


std::shared_ptr<const Demonstrations> Demonstrations::load(const std::string& path,
                                                           const Toolbox& box,
                                                           const Vocabulary& vocab) {
  std::ifstream in(path);
  if (!in) throw DemoError("cannot read demonstrations " + path);
  std::vector<Demonstration> demos;
  size_t skipped = 0, line_no = 0, variant = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    const std::string where = path + ":" + std::to_string(line_no);
    if (j.is_discarded() || !j.is_object()) throw DemoError(where + ": not a JSON object");
    if (!j.contains("request") && j.contains("_comment")) continue;
    if (!j.contains("request") || !j["request"].is_string() || !j.contains("plan"))
      throw DemoError(where + ": needs \"request\" (text) and \"plan\"");
    const auto values = placeholder_values(box, vocab, variant++);
    Demonstration d;
    d.request = j["request"].get<std::string>();
    d.plan = j["plan"];
    if (!fill_placeholders(d.request, values, false) || !fill_json(d.plan, values)) {
      ++skipped;
      continue;
    }
    d.shape = plan_shape(d.plan);
    if (d.shape.empty()) throw DemoError(where + ": \"plan\" is not a plan");
    demos.push_back(std::move(d));
  }
  return std::make_shared<const Demonstrations>(std::move(demos), skipped);
}

Demonstrations::Demonstrations(std::vector<Demonstration> demos, size_t skipped)
    : demos_(std::move(demos)), skipped_(skipped) {
  std::vector<std::map<std::string, double>> tfs;
  std::map<std::string, size_t> df;
  for (const auto& d : demos_) {
    tfs.push_back(term_counts(d.request));
    for (const auto& [term, n] : tfs.back()) ++df[term];
  }
  const double n = static_cast<double>(demos_.size());
  for (const auto& [term, count] : df) idf_[term] = std::log((1 + n) / (1 + count)) + 1;
  for (auto& tf : tfs) {
    double norm = 0;
    for (auto& [term, w] : tf) {
      w = (1 + std::log(w)) * idf_[term];
      norm += w * w;
    }
    norm = std::sqrt(norm);
    if (norm > 0)
      for (auto& [term, w] : tf) w /= norm;
    vectors_.push_back(std::move(tf));
  }
}

std::vector<size_t> Demonstrations::pick(std::vector<std::pair<double, size_t>> scored, size_t k) const {
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<size_t> out;
  std::map<std::string, int> per_shape;
  for (const auto& [score, i] : scored) {
    if (out.size() >= k) break;
    if (per_shape[demos_[i].shape]++ >= 2) continue;
    out.push_back(i);
  }
  return out;
}

std::vector<size_t> Demonstrations::select(const std::string& request, size_t k) const {
  auto q = term_counts(request);
  double norm = 0;
  for (auto& [term, w] : q) {
    auto it = idf_.find(term);
    // A word no demonstration has still counts in the norm: a request made
    // mostly of unknown words should match everything weakly.
    w = (1 + std::log(w)) * (it == idf_.end() ? std::log(1.0 + demos_.size()) + 1 : it->second);
    norm += w * w;
  }
  norm = std::sqrt(norm);
  std::vector<std::pair<double, size_t>> scored;
  for (size_t i = 0; i < vectors_.size(); ++i) {
    double dot = 0;
    for (const auto& [term, w] : q) {
      auto it = vectors_[i].find(term);
      if (it != vectors_[i].end()) dot += w * it->second;
    }
    scored.emplace_back(norm > 0 ? dot / norm : 0, i);
  }
  return pick(std::move(scored), k);
}

std::vector<size_t> Demonstrations::select_by_vectors(const std::string& request,
                                                      const std::vector<float>& query,
                                                      const std::vector<std::vector<float>>& demo_vectors,
                                                      size_t k) const {
  if (demo_vectors.size() != demos_.size() || query.empty()) return select(request, k);
  std::vector<std::pair<double, size_t>> scored;
  for (size_t i = 0; i < demo_vectors.size(); ++i) {
    const auto& v = demo_vectors[i];
    if (v.size() != query.size()) return select(request, k);
    double dot = 0, a = 0, b = 0;
    for (size_t d = 0; d < v.size(); ++d) {
      dot += double(v[d]) * query[d];
      a += double(v[d]) * v[d];
      b += double(query[d]) * query[d];
    }
    scored.emplace_back(a > 0 && b > 0 ? dot / std::sqrt(a * b) : 0, i);
  }
  return pick(std::move(scored), k);
}

}  // namespace interec

// Dynamic demonstrations for the planning prompt: a pool of request -> plan
// pairs (tools-data/demonstrations.jsonl), written domain-neutrally with
// placeholders ({cat_col}, {cat}, {item}, {year}, ...) that are filled from
// the loaded catalog, so the same pool serves movies, games or products.
// For each request the few most similar pairs go into the prompt: local
// TF-IDF cosine by default, or embedding vectors the caller supplies.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace interec {

struct Toolbox;
class Vocabulary;

struct Demonstration {
  std::string request;
  nlohmann::json plan;  // ARCHITECTURE.md form: steps array or {"answer": ...}
  /// The tool sequence, e.g. "hard_filter>rank>map" ("answer" for answers).
  std::string shape;
};

struct DemoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The placeholder values a catalog offers for variant `variant` (variants
/// rotate through values so that demonstrations differ). A placeholder the
/// catalog has nothing for (no rating column, no descriptions) is absent.
std::map<std::string, std::string> placeholder_values(const Toolbox& box, const Vocabulary& vocab,
                                                      size_t variant);

/// `text` with every {name} replaced; false (text unchanged) when one has
/// no value. In SQL text (`sql` true) values are quoted for SQL strings.
bool fill_placeholders(std::string& text, const std::map<std::string, std::string>& values, bool sql);

/// The tool sequence of a plan in ARCHITECTURE.md form.
std::string plan_shape(const nlohmann::json& plan);

class Demonstrations {
 public:
  /// Reads a JSONL file of {"request": ..., "plan": ...} lines (lines with
  /// only "_comment", and blank lines, are skipped), fills placeholders from
  /// the catalog (a line it cannot fill is skipped and counted). Throws
  /// DemoError naming FILE:LINE for a malformed line or a missing file.
  static std::shared_ptr<const Demonstrations> load(const std::string& path, const Toolbox& box,
                                                    const Vocabulary& vocab);
  /// From pairs already filled (tests, generated pools).
  explicit Demonstrations(std::vector<Demonstration> demos, size_t skipped = 0);

  const std::vector<Demonstration>& all() const { return demos_; }
  size_t skipped() const { return skipped_; }

  /// Indices of the (at most) k demonstrations most similar to `request` by
  /// TF-IDF cosine, best first; at most two of one plan shape, so the model
  /// sees varied plans. Deterministic; thread-safe.
  std::vector<size_t> select(const std::string& request, size_t k) const;
  /// The same by cosine of embedding vectors (one per demonstration, in
  /// all() order); falls back to select() when the sizes disagree.
  std::vector<size_t> select_by_vectors(const std::string& request, const std::vector<float>& query,
                                        const std::vector<std::vector<float>>& demo_vectors,
                                        size_t k) const;

 private:
  std::vector<size_t> pick(std::vector<std::pair<double, size_t>> scored, size_t k) const;
  std::vector<Demonstration> demos_;
  size_t skipped_ = 0;
  std::map<std::string, double> idf_;
  std::vector<std::map<std::string, double>> vectors_;  // unit length
};

}  // namespace interec

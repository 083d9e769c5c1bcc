#include "brain/dialogue/clarify.h"

#include <algorithm>
#include <cmath>

#include "brain/dialogue/replies.h"

namespace interec::dialogue {

namespace {

// How evenly column c's values divide the catalog, weighted by coverage.
double split_score(const CategoricalColumn& c, size_t items) {
  if (c.distinct < 3 || c.distinct > 200 || items == 0) return 0;
  std::vector<size_t> counts;
  for (const auto& [value, n] : c.counts) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  if (counts.size() > 20) counts.resize(20);
  double total = 0;
  for (size_t n : counts) total += static_cast<double>(n);
  if (total <= 0) return 0;
  double h = 0;
  for (size_t n : counts) {
    const double q = static_cast<double>(n) / total;
    if (q > 0) h -= q * std::log(q);
  }
  // A multi-valued column counts an item once per value: the share of
  // items with a value is at most this.
  const double coverage = std::min(1.0, total / static_cast<double>(items));
  return h * coverage;
}

}  // namespace

std::optional<OpenQuestion> clarifying_question(const rules::Knowledge& k, int turn) {
  const size_t items = k.catalog->size();
  if (items < kClarifyMinItems) return std::nullopt;
  const CategoricalColumn* best = nullptr;
  double best_score = 0;
  for (const auto& c : k.vocab.categorical()) {
    const double s = split_score(c, items);
    if (s > best_score) {
      best_score = s;
      best = &c;
    }
  }
  if (!best || best->top_values.size() < 3) return std::nullopt;
  OpenQuestion q;
  q.column = best->name;
  q.values.assign(best->top_values.begin(), best->top_values.begin() + 3);
  q.turn = turn;
  return q;
}

std::string question_text(const OpenQuestion& q) {
  std::string values;
  for (size_t i = 0; i < q.values.size(); ++i)
    values += (i ? (i + 1 == q.values.size() ? " or " : ", ") : "") + q.values[i];
  return "Happy to help. To narrow it down: which " + q.column + " would you like - " + values +
         "? (Or say \"surprise me\" and I'll pick.)";
}

}  // namespace interec::dialogue

#include "brain/rules/knowledge.h"

#include <algorithm>

namespace interec::rules {

Knowledge::Knowledge(std::shared_ptr<const Catalog> c, std::shared_ptr<const TitleIndex> t,
                     const std::string& synonyms_path)
    : catalog(std::move(c)), titles(std::move(t)), vocab(*catalog, synonyms_path) {
  for (size_t i = 0; i < catalog->size(); ++i) {
    const std::string key = normalize_title(catalog->title(static_cast<ItemIndex>(i)));
    if (key.empty()) continue;
    exact_titles[key].push_back(static_cast<ItemIndex>(i));
    const size_t words = static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
    max_title_words = std::max(max_title_words, words);
  }
  for (const auto& col : vocab.categorical()) {
    std::string spoken = col.name;
    std::replace(spoken.begin(), spoken.end(), '_', ' ');
    std::vector<std::string> stems;
    for (const auto& tok : tokenize_text(spoken)) stems.push_back(tok.stem);
    column_name_stems.push_back(std::move(stems));
  }
  // Product titles run long ("Neiko 50458A Snap Ring Shop Assortment, 300
  // Count 18 Sizes (1/8 - 1-1/4) Hardened Steel"): a user pasting one must
  // be understood. The bound only keeps a pathological catalog cheap.
  max_title_words = std::min<size_t>(max_title_words, 64);
}

}  // namespace interec::rules

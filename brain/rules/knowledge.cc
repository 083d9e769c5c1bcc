#include "brain/rules/knowledge.h"

#include <algorithm>

namespace interec::rules {

Knowledge::Knowledge(std::shared_ptr<const Catalog> c, std::shared_ptr<const TitleIndex> t,
                     const std::string& synonyms_path, std::shared_ptr<const ItemNames> n,
                     std::shared_ptr<const rules::EnglishWords> e, const std::string& moods_path,
                     std::shared_ptr<const StanceModel> s, std::shared_ptr<const ColumnFacts> f)
    : catalog(std::move(c)),
      titles(std::move(t)),
      vocab(*catalog, synonyms_path, std::move(f)),
      names(n ? std::move(n) : ItemNames::build(*catalog)),
      english(e ? std::move(e) : std::make_shared<const rules::EnglishWords>()),
      moods(vocab, moods_path),
      stance(std::move(s)) {
  for (const auto& col : vocab.categorical()) {
    std::string spoken = col.name;
    std::replace(spoken.begin(), spoken.end(), '_', ' ');
    std::vector<std::string> stems;
    for (const auto& tok : tokenize_text(spoken)) stems.push_back(tok.stem);
    column_name_stems.push_back(std::move(stems));
  }
}

}  // namespace interec::rules

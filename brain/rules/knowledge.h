// What the rules brain knows of its catalog, built once when the brain is
// made and only read afterwards (so one brain serves many sessions at
// once): the catalog, its title index, the vocabulary learned from it, and
// the tables the passes look titles and column names up in.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "brain/rules/english.h"
#include "brain/rules/moods.h"
#include "brain/rules/title_names.h"
#include "brain/rules/vocabulary.h"
#include "storage/catalog.h"
#include "storage/title_index.h"
#include "tools/models/stance_model.h"

namespace interec::rules {

struct Knowledge {
  /// Learns from `catalog`; `synonyms_path` as for Vocabulary; `names`
  /// null means the name table built from the catalog (a prepared folder
  /// maps its own: ItemNames::open_prepared); `english` null means the
  /// default dictionary (english.h); `moods_path` as for MoodLexicon;
  /// `stance` null means the stance words alone (title_stance.h); `facts`
  /// null means the column facts counted from the catalog (a prepared
  /// folder maps its own: ColumnFacts::open_prepared).
  Knowledge(std::shared_ptr<const Catalog> catalog, std::shared_ptr<const TitleIndex> titles,
            const std::string& synonyms_path, std::shared_ptr<const ItemNames> names = nullptr,
            std::shared_ptr<const rules::EnglishWords> english = nullptr,
            const std::string& moods_path = {}, std::shared_ptr<const StanceModel> stance = nullptr,
            std::shared_ptr<const ColumnFacts> facts = nullptr);

  std::shared_ptr<const Catalog> catalog;
  std::shared_ptr<const TitleIndex> titles;
  Vocabulary vocab;
  /// Every name of every item (titles, article-less, alternate, numerals).
  rules::TitleNames names;
  /// Ordinary English words and names (hunspell-en-us).
  std::shared_ptr<const rules::EnglishWords> english;
  /// Mood and vague words -> catalog values, for soft preferences.
  MoodLexicon moods;
  /// The learned stance classifier (models/stance.bin), when trained.
  std::shared_ptr<const StanceModel> stance;
  /// Per categorical column (Vocabulary::categorical() order): the stems of
  /// its name's words ("early_access" -> "earli", "access").
  std::vector<std::vector<std::string>> column_name_stems;
};

}  // namespace interec::rules

// What the rules brain learns from a catalog: the categorical values of its
// text columns, its numeric columns and their roles (year-like, rating-like,
// price-like), and how user words map onto them. Nothing here knows about
// movies: every value comes from the catalog, every synonym from a word list
// (tools-data/synonyms.tsv) whose targets must exist in the catalog.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "brain/rules/tokens.h"
#include "storage/catalog.h"
#include "storage/column_facts.h"

namespace interec {

enum class NumericRole : uint8_t { year, rating, price, other };
const char* to_string(NumericRole role);

/// A text column whose values are few enough to be categories.
struct CategoricalColumn {
  size_t column = 0;  // index in Catalog::columns()
  std::string name;
  bool multi = false;
  size_t distinct = 0;
  std::unordered_map<std::string, size_t> counts;  // value -> number of items
  std::vector<std::string> top_values;             // most frequent first (<= 5)
};

/// A numeric column (or the year of a date column).
struct NumericColumn {
  size_t column = 0;     // index in Catalog::columns()
  std::string name;      // as shown in labels
  std::string sql;       // expression in SQL (the column, quoted if needed)
  NumericRole role = NumericRole::other;
  bool integer = true;   // all present values are whole numbers
  double min = 0, max = 0;
  std::vector<std::string> name_stems;   // stems of the name's parts
  FlatArray<double> sorted;              // present values, ascending (the vocabulary's facts)
  std::optional<size_t> date_column;     // the date column this is the year of
  /// Items whose value lies in the range (NaN bound = open).
  size_t count_in(double lo, bool lo_strict, double hi, bool hi_strict) const;
};

/// A catalog value recognised in user text.
struct ValueMatch {
  size_t column = 0;   // index into Vocabulary::categorical()
  std::string value;   // the catalog's spelling
  size_t end = 0;      // token index just past the match
  int quality = 0;     // 3 same spelling, 2 same stem, 1 through a synonym
};

class Vocabulary {
 public:
  /// Learns from the catalog and its column facts (null: counted from the
  /// catalog; a prepared folder maps its own, ColumnFacts::open_prepared);
  /// reads synonyms from `synonyms_path` ("" means Resources().synonyms(),
  /// config/resources.h). Throws ResourceError when the file cannot be read
  /// (an empty file means no synonyms).
  explicit Vocabulary(const Catalog& catalog, const std::string& synonyms_path = {},
                      std::shared_ptr<const ColumnFacts> facts = nullptr);

  const std::vector<CategoricalColumn>& categorical() const { return categorical_; }
  const std::vector<NumericColumn>& numeric() const { return numeric_; }
  /// The numeric column playing `role`, if any.
  const NumericColumn* role(NumericRole role) const;
  /// The numeric column at catalog column index `column`, if any.
  const NumericColumn* numeric_at(size_t column) const;
  /// The catalog column holding free descriptions ("description", "overview",
  /// "plot", "summary"), if any.
  std::optional<size_t> description_column() const { return description_; }

  /// The longest catalog value (or synonym of one) starting at token `pos`,
  /// using tokens before `end` only. Hyphens, slashes, ampersands between
  /// the words of a value are skipped.
  std::optional<ValueMatch> match_value(const std::vector<Token>& tokens, size_t pos,
                                        size_t end) const;
  /// The longest value of categorical column `k` (index into categorical())
  /// starting at token `pos`, before `end`: any value of the column, however
  /// rare, spelled with the same words (punctuation between them is
  /// skipped). For text right after the column's name ("brand LD Carlson",
  /// "tags dark hero"), where the user has said which column they mean:
  /// match_value() knows only values common enough to recognise unprompted.
  std::optional<ValueMatch> match_value_in(size_t k, const std::vector<Token>& tokens, size_t pos,
                                           size_t end) const;
  /// Every value of categorical column `k` spelled with the same words as
  /// `value` ("post-apocalyptic", "Post apocalyptic"), `value` first: to a
  /// user they are one value. Just `value` when it has no other spelling.
  std::vector<std::string> spellings(size_t k, const std::string& value) const;
  /// Catalog columns (indices in Catalog::columns()) whose name has `stem`
  /// as one of its parts ("genre" -> genres, "rat" -> avg_rating).
  std::vector<size_t> columns_named(const std::string& stem) const;

  size_t synonyms_loaded() const { return synonyms_; }
  size_t phrases() const { return phrases_.size(); }

 private:
  struct Entry {
    uint32_t column;      // index into categorical_
    std::string value;
    std::string norm;     // the value's normalised words joined by ' '
    int quality;          // 2 direct, 1 synonym
    std::string spelled;  // the words indexed (the value's or a synonym's), joined by ' '
  };
  void learn_column_names(const Catalog& catalog);
  void learn_categorical(const Catalog& catalog, size_t c);
  void learn_numeric(const Catalog& catalog, size_t c);
  void pick_roles();
  void index_values();
  void index_phrases();
  void add_phrase(const std::string& key, const Entry& entry);
  void load_synonyms(const std::string& path);

  std::shared_ptr<const ColumnFacts> facts_;  // what NumericColumn::sorted points into
  std::vector<CategoricalColumn> categorical_;
  std::vector<NumericColumn> numeric_;
  std::optional<size_t> description_;
  std::unordered_map<std::string, std::vector<Entry>> phrases_;  // stem key -> entries
  /// Per categorical column: stem key of every value -> the values.
  std::vector<std::unordered_map<std::string, std::vector<std::string>>> column_values_;
  size_t max_value_words_ = 1;
  std::unordered_map<std::string, std::vector<size_t>> column_stems_;
  size_t max_phrase_words_ = 1;
  size_t synonyms_ = 0;
  int year_ = -1, rating_ = -1, price_ = -1;  // indices into numeric_
};

}  // namespace interec

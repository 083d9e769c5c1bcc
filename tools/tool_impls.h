// The six tools of docs/architecture.md. Private to tools/: everything else
// creates them through make_tool().
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/bitmap.h"
#include "storage/readonly_sql.h"
#include "tools/large_catalog.h"
#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec {

/// Answers questions with read-only SQL over the whole catalog.
class LookupTool final : public Tool {
 public:
  explicit LookupTool(std::shared_ptr<const Toolbox> box);
  ToolKind kind() const override { return ToolKind::lookup; }
  ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) override;

  static constexpr size_t kMaxRows = 20;

 private:
  std::shared_ptr<const Toolbox> box_;
  ReadOnlySql sql_;
};

/// The items the user named become the candidates.
class CandidateStoreTool final : public Tool {
 public:
  explicit CandidateStoreTool(std::shared_ptr<const Toolbox> box) : box_(std::move(box)) {}
  ToolKind kind() const override { return ToolKind::candidate_store; }
  ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) override;

 private:
  std::shared_ptr<const Toolbox> box_;
};

/// Keeps the bus items an SQL query returns. Conditions in the simple forms
/// of storage/sql_predicate.h are answered by the catalog index (bitmaps, no
/// scan); the rest runs as SQL. A condition whose SQL runs past the time
/// bound fails the step with a message naming it: its result is unknown,
/// never taken as empty.
class HardFilterTool final : public Tool {
 public:
  explicit HardFilterTool(std::shared_ptr<const Toolbox> box, LargeCatalogLimits limits = {});
  ToolKind kind() const override { return ToolKind::hard_filter; }
  ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) override;

 private:
  /// One condition of a query: its SQL (a WHERE clause, or the whole query
  /// when `whole`) and its label ("" when it has none).
  struct Part {
    std::string sql;
    std::string label;
    bool whole = false;
  };
  /// The items a query selects, run as SQL. The catalog never changes while
  /// a process runs, so results are kept (the last kCacheSize queries or
  /// conditions): a condition the index cannot answer recurs across users
  /// and turns. The reference lives until the next call.
  const Bitmap& matches(const Part& part);
  /// The items the step selects: through its conditions one by one when
  /// their SQL ANDs up to exactly the step's query.
  Bitmap select(const HardFilterStep& step);

  static constexpr size_t kCacheSize = 256;
  std::shared_ptr<const Toolbox> box_;
  LargeCatalogLimits limits_;
  ReadOnlySql sql_;
  std::unordered_map<std::string, Bitmap> cache_;
  std::deque<std::string> cache_order_;  // oldest first
};

/// Scores the bus by item-kNN similarity to seed items and/or text (word
/// overlap, and the text model's latent similarity when it was trained).
class SoftFilterTool final : public Tool {
 public:
  explicit SoftFilterTool(std::shared_ptr<const Toolbox> box);
  ToolKind kind() const override { return ToolKind::soft_filter; }
  ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) override;

 private:
  void build_text_index();
  void find_content_columns();
  /// Mean Jaccard overlap of a and b over the categorical columns where
  /// `a` has values (genres, tags, ...); 0 without such columns.
  double content_similarity(ItemIndex a, ItemIndex b) const;
  /// Text score of every item (dense); false when no query word is known.
  bool score_text(const std::string& text, std::vector<double>& out);
  /// With a dialog model: knn_ (over touched_) scaled to a maximum of 1,
  /// plus the model's scores for `seeds` at its weight (dialog_blend.h).
  void add_dialog_model(const std::vector<ItemIndex>& seeds);
  /// With a dialog model: the seeds' scores scaled to a maximum of 1, plus
  /// kSeededPriorShare x its weight x its suggestion prior, for every item
  /// the prior holds (they join the candidates).
  void add_suggestion_prior();
  /// A seed without item-kNN neighbours: its kTextNeighbours nearest by the
  /// text model (on the bus), into knn_ and touched_ as neighbours.
  void add_text_neighbours(ItemIndex seed, const Bus& bus);
  /// Appends the bus items `scored` lacks (seeds left out): the first
  /// kOrderedFill of them by what they share with the seeds, then most
  /// popular first at score 0 (see the definition for why).
  void fill_from_bus(const Bus& bus, const std::unordered_set<ItemIndex>& seeds,
                     std::vector<std::tuple<double, ItemIndex, size_t>>& scored);

  std::shared_ptr<const Toolbox> box_;
  // Text index, built on first use: word -> items having it, and its IDF.
  bool text_ready_ = false;
  std::unordered_map<std::string, std::vector<ItemIndex>> postings_;
  // The categorical columns content_similarity compares, found on first use.
  bool content_ready_ = false;
  std::vector<size_t> content_columns_;
  std::vector<float> semantic_;  // text-model scores, reused across runs
  // The items the dialog model's suggestion prior holds, found on first use.
  bool prior_ready_ = false;
  std::vector<ItemIndex> prior_items_;
  // Per run, kept to reuse the memory: item-kNN scores (dense, zero outside
  // `touched_`) and bus positions + 1 (zero outside the bus).
  std::vector<double> knn_;
  std::vector<ItemIndex> touched_;
  std::vector<size_t> bus_position_;

 public:
  /// With a text model, its cosine counts from kMinTextCosine on, weighted
  /// kTextModelWeight against word overlap (scaled to a maximum of 1).
  static constexpr double kMinTextCosine = 0.3;
  static constexpr double kTextModelWeight = 0.5;
  /// How many of the other matches of a filtered bus (fill_from_bus) are
  /// ordered by what they share with the seeds: 40 lists of 5.
  static constexpr size_t kOrderedFill = 200;
  /// Item-kNN similarity to a seed is multiplied by 1 + kContentBoost x the
  /// content overlap with it, so that "similar to Toy Story" favours films
  /// that are also alike (animation, children's) among those watched together.
  static constexpr double kContentBoost = 2.0;
  /// Neighbours by the text model for a seed without item-kNN neighbours:
  /// as many as item-kNN keeps per item.
  static constexpr size_t kTextNeighbours = 100;
  /// Beside seeds, the dialog model's suggestion prior counts this share of
  /// the dialog weight (chosen on ReDial's dev part: 0.25, 0.5, 1 and 2
  /// tried, docs/evaluation.md).
  static constexpr double kSeededPriorShare = 0.5;
};

/// Orders the bus by popularity, by its scores, or by the user's preference
/// (the best trained model: sasrec > mf > item-kNN).
///
/// Catalogs up to limits.exact_catalog items are ranked item by item, the
/// whole bus kept. Larger ones keep the best kMaxScoredCandidates plus as
/// many as the user has seen, and a bus of the whole catalog (or a scored
/// bus of more than limits.max_exact_items) is ranked from the model's best
/// items and the most popular ones instead of scoring every item; an
/// unscored bus of more than limits.min_best_of_bus items from the model's
/// best items among the bus and its most popular ones — a bit-set bus
/// (Bus::members) by the model's scan in index order masked by it, a list
/// by the scan of its rows; both give the same items (docs/architecture.md).
class RankTool final : public Tool {
 public:
  explicit RankTool(std::shared_ptr<const Toolbox> box, LargeCatalogLimits limits = {});
  ToolKind kind() const override { return ToolKind::rank; }
  ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) override;

  /// Without a trained preference model: how many of the latest history
  /// items count for `preference`, and the half-life (in items) of their
  /// weight — as item-kNN scores a history.
  static constexpr size_t kRecentHistory = ItemKnn::kRecentHistory;
  static constexpr double kHistoryHalfLife = ItemKnn::kHistoryHalfLife;
  /// A soft preference of weight w adds kSoftShare x w to the score of every
  /// item holding its value, the scores first scaled to [0, 1]: a strong
  /// match outranks a weak one, no item leaves the list
  /// (docs/understanding.md, "Mood and vague words").
  static constexpr double kSoftShare = 0.5;

 private:
  void gather(const Bus& bus, const std::unordered_set<ItemIndex>& unwanted);
  /// A bit-set bus as the candidates list (index order), as a list bus gives it.
  void expand_members();
  void add_popular(size_t count, const std::unordered_set<ItemIndex>& unwanted,
                   const std::vector<uint64_t>* within = nullptr);
  void model_scores(const Recommender& model, const std::vector<ItemIndex>& sequence, size_t keep,
                    const std::unordered_set<ItemIndex>& unwanted, bool with_popular);
  void add_suggestion_prior();
  void score_preference(const std::vector<std::pair<ItemIndex, double>>& seeds, const std::vector<ItemIndex>& prefer,
                        const UserContext& user, size_t keep, const std::unordered_set<ItemIndex>& unwanted);
  void add_soft(const std::vector<SoftValue>& soft);
  ToolOutput order(size_t keep, bool truncate);

  std::shared_ptr<const Toolbox> box_;
  LargeCatalogLimits limits_;
  // Per-run state, kept to reuse the memory.
  bool whole_ = false;              // the bus is the whole (large) catalog, not spelled out
  bool masked_ = false;             // the candidates are the bits of members_, items_ is empty
  std::vector<ItemIndex> items_;    // the candidates
  std::vector<float> in_scores_;    // their bus scores (empty: none)
  std::vector<double> final_;       // their ranking scores
  std::vector<ItemIndex> bus_items_;
  std::vector<uint64_t> members_;   // a bit-set bus without the unwanted items
  std::vector<uint64_t> in_bus_;    // per catalog item a bit, while a run needs it
  std::vector<float> model_scores_;
  std::vector<double> acc_;
  std::vector<ItemIndex> touched_;
};

/// Takes the top N of the bus for the user, skipping what they have seen.
class MapTool final : public Tool {
 public:
  explicit MapTool(std::shared_ptr<const Toolbox> box) : box_(std::move(box)) {}
  ToolKind kind() const override { return ToolKind::map; }
  ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) override;

 private:
  std::shared_ptr<const Toolbox> box_;
};

}  // namespace interec

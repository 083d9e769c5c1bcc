// Item–item relations learned from recommendation dialogues (ReDial's
// format; storage/dialogue_files.h): which movies people name, like and
// suggest together. A human recommender answering "I loved Heat" with
// "then try Ronin" says something ratings do not: Ronin is what one
// suggests to a Heat fan. `rank` and `soft_filter` add the model's scores
// to the rating-based models' (item-kNN, mf) with a weight chosen on
// held-out dialogues (tools/models/dialog_blend.h). models/dialog.bin.
//
// Evidence of one dialogue, for every ordered pair (a, b) of its movies in
// the catalog (a != b), with the seeker's questionnaire answers (else the
// recommender's; else who named the movie first):
//   1  both named in the dialogue;
//   +2 a is the seeker's and b was suggested (b recommended for a);
//   +1 b was suggested and the seeker liked it (an accepted suggestion);
//   x0.25 when the seeker disliked a (what was suggested is not "like a").
// similarity(a -> b) = sum over dialogues / sqrt(dialogues(a) * dialogues(b)),
// each movie's `neighbours` most similar kept.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/dialogue.h"
#include "storage/mention_map.h"
#include "tools/models/neighbour_lists.h"

namespace interec {

struct DialogModelOptions {
  size_t neighbours = 100;  // kept per item
};

/// The weight of the dialog model beside the rating similarity and how it
/// was chosen (dialog_blend.h).
struct DialogWeight {
  double weight = 0;
  /// Validation HR@10 of each weight tried (empty when not calibrated).
  std::vector<std::pair<double, double>> tried;
  size_t samples = 0;  // calibration (turn, movie) samples
  bool calibrated = false;
};

class DialogModel {
 public:
  /// Learns from `dialogues`, their movies mapped onto a catalog of
  /// `n_items` by `map`. Remembers which dialogues it read.
  static DialogModel train(const std::vector<Dialogue>& dialogues, const MentionMap& map, size_t n_items,
                           const DialogModelOptions& options = {});
  /// Throws ModelError naming the file when missing, corrupt or foreign.
  static DialogModel load(const std::string& path, uint64_t fingerprint);
  void save(const std::string& path, uint64_t fingerprint) const;

  size_t items() const { return lists_.items(); }
  Span<ItemIndex> neighbours(ItemIndex i) const { return lists_.neighbours(i); }
  Span<float> similarities(ItemIndex i) const { return lists_.similarities(i); }

  /// The items the seeds lead to, with the sum of weight x similarity(seed ->
  /// item) over the (seed, weight) pairs; empty when no seed has a
  /// neighbour. Sparse: a few hundred items whatever the catalog's size.
  std::unordered_map<ItemIndex, double> scores(const std::vector<std::pair<ItemIndex, double>>& seeds) const;

  /// How strongly conversations lead to each item: the sum of the
  /// similarities of every item's list that holds it, scaled to a maximum
  /// of 1 (0 for an item no list holds). What people suggest in
  /// conversations when nothing is known of the user -- in ReDial, recent
  /// films, where the ratings' popularity says 1990s classics. Derived from
  /// the lists (no file field): computed by train and load.
  const std::vector<float>& suggestion_prior() const { return prior_; }

  /// Whether the dialogue with this conversation id was read in training
  /// (by its hash, tools/eval/dialogue_split.h: `eval dialogs` refuses to
  /// evaluate a model on its own training dialogues).
  bool trained_on(const std::string& conversation_id) const;
  size_t dialogues() const { return trained_.size(); }

  const DialogWeight& weight() const { return weight_; }
  void set_weight(DialogWeight w) { weight_ = std::move(w); }

 private:
  DialogModelOptions options_;
  NeighbourLists lists_;
  std::vector<uint64_t> trained_;  // sorted dialogue_hash() of the dialogues read
  std::vector<float> prior_;       // suggestion_prior()
  void compute_prior();
  DialogWeight weight_;
};

}  // namespace interec

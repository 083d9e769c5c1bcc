// Which wordings of the paraphrasing user the agent followed: for every
// piece of every message (a fact in a given wording, a reaction, "more"),
// whether the answer to it honoured it, and whether later answers kept it.
// This is the list of phrasings a brain fails most (docs/evaluation.md).
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "tools/eval/clue_columns.h"

namespace interec {

class RulesSimulator;
class Phrasebook;
struct AgentAnswer;
struct SaidPiece;

struct WordingTally {
  size_t uses = 0;      // times said
  size_t answered = 0;  // answers to it that showed items
  /// Answers that honoured it: every item shown fits the clue it stated (a
  /// similar clue: at least half are among the seed's item-kNN neighbours);
  /// a piece without a clue is honoured by an answer with items (and,
  /// for "seen"/"not that one", without the item it named).
  size_t honoured = 0;
  /// Later answers with items while its clue stood, and those that still
  /// fit it (value and range clues only).
  size_t later = 0, kept = 0;

  void add(const WordingTally& o);
};

/// What said a stated clue: the phrase id and the kind of piece.
struct ClueOrigin {
  std::string wording, kind;
};

struct WordingStats {
  std::map<std::string, WordingTally> by_wording;  // phrase id -> tally
  std::map<std::string, WordingTally> by_kind;     // fact kind or act -> tally
  std::map<std::string, std::string> templates;    // phrase id -> its template

  void add(const WordingStats& o);

  /// Tallies the pieces of one message (`said`) against the agent's
  /// `answer` to it (its first k items); `stated` holds every clue said up
  /// to and including this message, `origin[i]` what said stated[i];
  /// stated[0, first_new), said before this message, count as later
  /// answers.
  void score(const std::vector<SaidPiece>& said, const std::vector<Clue>& stated,
             const std::vector<ClueOrigin>& origin, size_t first_new, const AgentAnswer& answer,
             const RulesSimulator& sim, size_t k);

  /// Two tables: the kinds of piece by honoured share, and the `rows`
  /// wordings honoured least often (by misses), each with its template.
  std::string table(size_t rows) const;
};

/// A WordingStats shared by concurrent conversations.
class WordingLog {
 public:
  void add(const WordingStats& s);
  WordingStats snapshot() const;

 private:
  mutable std::mutex mutex_;
  WordingStats stats_;
};

}  // namespace interec

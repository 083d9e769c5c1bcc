// Golden dialogues: multi-turn conversations written down with what each
// turn must do, in the spirit of sqllogictest -- the file carries its
// cases, a runner plays them through the real brain (tests/brain/dialogue/)
// or the real actors (tests/actors/), and every mismatch names the file,
// the line, the turn and what differed.
//
// Format (tests/golden/dialogues.txt has the full description):
//   === name                        starts a dialogue
//   catalog: ml-latest-small|games  the dataset it runs on
//   user: new|ID                    no history, or a dataset user's history
//   > text                          one user turn ("> /evict", "> /restart",
//                                   "> /reset" are session events)
//   key: value                      an expectation of the turn above
// Lines starting with '#' and blank lines are comments.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace interec::test {

struct ExpectedTurn {
  std::string text;
  int line = 0;
  std::vector<std::pair<std::string, std::string>> expect;  // key, value, in file order
};

struct GoldenDialogue {
  std::string name;
  int line = 0;
  std::string catalog;
  std::string user;  // "new" or a dataset user id
  std::vector<ExpectedTurn> turns;
};

/// Reads tests/golden/<file>. Throws std::runtime_error naming the line of
/// anything malformed (an unknown key, an expectation before any turn).
std::vector<GoldenDialogue> read_golden_dialogues(const std::string& file);

/// What one turn did, as the checks read it.
struct TurnView {
  std::vector<std::string> acts;
  std::vector<std::string> referents;    // "Title:reaction"
  std::vector<std::string> constraints;  // labels of the last plan's hard_filter
  std::vector<std::string> seeds;        // titles of soft_filter similar_to
  std::vector<std::string> relaxed;      // labels
  std::vector<std::string> items;        // titles shown, in order
  /// Per item shown: column -> values (numbers as written by the catalog).
  std::vector<std::map<std::string, std::vector<std::string>>> attributes;
  std::vector<std::vector<std::string>> why;  // per item
  std::vector<std::string> previous;     // titles of the list shown before this turn
  std::vector<std::string> shown_before;  // every title shown before this turn
  std::string reply;
  std::string question;  // the column the agent asked about, "" none
  std::string learned;   // "like=Title; consumed=Title; dislike=Title" (sorted)
};

/// The mismatches between a turn's expectations and what it did ("" none).
std::vector<std::string> check_turn(const ExpectedTurn& expected, const TurnView& actual);

}  // namespace interec::test

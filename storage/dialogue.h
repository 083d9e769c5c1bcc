// A recommendation dialogue between a seeker and a recommender, independent
// of the file it came from (ReDial jsonl, INSPIRED tsv, interec's own
// exported log: storage/dialogue_files.h): who said what, which movies each
// message names, and what each side said about every movie named.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace interec {

enum class Speaker { seeker, recommender };

/// ReDial's questionnaire about one movie of a dialogue, answered after the
/// dialogue by one of the two workers (both answer about the seeker).
/// -1 = not answered (INSPIRED has no questionnaire).
struct Stance {
  int suggested = -1;  // 1: the recommender suggested it; 0: the seeker named it
  int seen = -1;       // 0: no, 1: yes, 2: did not say
  int liked = -1;      // 0: no, 1: yes, 2: did not say
};

struct DialogueMention {
  /// The file's movie id: written "@ID" inside ReDial message texts.
  std::string id;
  /// As the file writes it, spaces collapsed: "Title (Year)".
  std::string title;
  Stance seeker;       // ReDial initiatorQuestions
  Stance recommender;  // ReDial respondentQuestions

  /// The answer of the seeker when given, else the recommender's.
  Stance stance() const;
};

struct DialogueMessage {
  Speaker speaker = Speaker::seeker;
  /// As in the file: ReDial names movies as "@ID" tokens.
  std::string text;
  /// Indexes into Dialogue::mentions of the movies this message names, in
  /// order of appearance, without repeats.
  std::vector<size_t> mentions;
};

struct Dialogue {
  std::string id;  // conversationId (ReDial) or dialog_id (INSPIRED)
  std::vector<DialogueMessage> messages;
  std::vector<DialogueMention> mentions;

  /// The index of the mention with file id `id`, or npos.
  size_t mention_index(const std::string& id) const;
  /// The mentions a text names as "@ID" (known ids only), in order of
  /// appearance, without repeats.
  std::vector<size_t> mentions_in(const std::string& text) const;
  /// The message's text as a person would write it: every "@ID" of a known
  /// mention replaced by the mention's "Title (Year)".
  std::string readable(const DialogueMessage& message) const;
};

}  // namespace interec

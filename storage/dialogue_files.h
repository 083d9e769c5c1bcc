// Dialogue files: ReDial's jsonl (read and written) and INSPIRED's tsv (read).
//
// ReDial (Li et al., NeurIPS 2018), one dialogue per line:
//   {"conversationId": "391", "initiatorWorkerId": 12, "respondentWorkerId": 7,
//    "messages": [{"text": "have you seen @2047?", "senderWorkerId": 7,
//                  "timeOffset": 0, "messageId": 1}, ...],
//    "movieMentions": {"2047": "Heat (1995)"},
//    "initiatorQuestions": {"2047": {"suggested": 1, "seen": 0, "liked": 1}},
//    "respondentQuestions": {...}}
// The initiator is the seeker. movieMentions and the questions may be empty
// objects or empty lists; a mention's title may be null.
//
// INSPIRED (Hayati et al., EMNLP 2020), data/dialog_data/*.tsv: a header
// line, then one utterance per line, tab-separated, no quoting. Columns read
// (by header name; others ignored): `dialog_id`, `speaker` (SEEKER or
// RECOMMENDER, any case), `text` (the original utterance; the dataset writes
// '"' as QUOTATION_MARK) and, when present, `movies` (the titles the
// utterance names, "Title (Year)", separated by ';'). Rows of one dialogue
// are in utterance order. INSPIRED has no questionnaire: stances stay -1.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/dialogue.h"

namespace interec {

/// A dialogue file that cannot be read: the message names the file and line.
struct DialogueFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class DialogueFormat { redial, inspired };

/// "redial" or "inspired"; throws std::invalid_argument otherwise.
DialogueFormat dialogue_format(const std::string& name);

/// Every dialogue of the file, in file order. Blank lines are skipped; any
/// malformed line is a DialogueFileError naming `path` and the line.
std::vector<Dialogue> read_dialogues(const std::string& path, DialogueFormat format);

/// One ReDial dialogue (a json line without its newline). Message ids and
/// time offsets are the messages' positions; `seeker_worker` and
/// `recommender_worker` are the worker ids written.
std::string redial_line(const Dialogue& dialogue, int64_t seeker_worker, int64_t recommender_worker);

}  // namespace interec

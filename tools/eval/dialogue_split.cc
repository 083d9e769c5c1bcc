#include "tools/eval/dialogue_split.h"

#include <stdexcept>

#include "storage/text.h"

namespace interec {

const char* to_string(DialoguePart part) { return part == DialoguePart::dev ? "dev" : "validation"; }

uint64_t dialogue_hash(const std::string& conversation_id) {
  return text::fnv1a("interec-dialogue:" + conversation_id);
}

DialoguePart dialogue_part(const std::string& conversation_id) {
  return dialogue_hash(conversation_id) % 5 == 0 ? DialoguePart::validation : DialoguePart::dev;
}

bool in_calibration_part(const std::string& conversation_id) {
  const uint64_t h = dialogue_hash(conversation_id);
  return h % 5 != 0 && (h / 5) % 5 == 0;
}

SplitChoice split_choice(const std::string& name) {
  if (name == "dev") return SplitChoice::dev;
  if (name == "validation") return SplitChoice::validation;
  if (name == "all") return SplitChoice::all;
  throw std::invalid_argument("--split must be dev, validation or all");
}

bool selected(SplitChoice choice, const std::string& conversation_id) {
  if (choice == SplitChoice::all) return true;
  return (dialogue_part(conversation_id) == DialoguePart::validation) == (choice == SplitChoice::validation);
}

}  // namespace interec

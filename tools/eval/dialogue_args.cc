#include "tools/eval/dialogue_args.h"

#include <stdexcept>

namespace interec {

DialogueSource dialogue_source(const CliArgs& args, SplitChoice default_split) {
  DialogueSource s;
  s.files = args.list("dialogs");
  if (s.files.empty()) throw UsageError("--dialogs FILE... is required");
  try {
    s.format = dialogue_format(args.get("format", "redial"));
    s.split = args.has("split") ? split_choice(args.get("split")) : default_split;
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  return s;
}

std::vector<Dialogue> read_selected_dialogues(const DialogueSource& source, size_t limit) {
  std::vector<Dialogue> out;
  for (const std::string& file : source.files)
    for (Dialogue& d : read_dialogues(file, source.format))
      if (selected(source.split, d.id) && (!limit || out.size() < limit)) out.push_back(std::move(d));
  if (out.empty()) throw std::runtime_error("no dialogue of the files is in the split asked for");
  return out;
}

}  // namespace interec

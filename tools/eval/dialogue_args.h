// The dialogue options shared by `eval dialogs` and `train --model dialog`:
// --dialogs FILE... [--format redial|inspired] [--split dev|validation|all].
#pragma once

#include <string>
#include <vector>

#include "config/cli_args.h"
#include "storage/dialogue_files.h"
#include "tools/eval/dialogue_split.h"

namespace interec {

struct DialogueSource {
  std::vector<std::string> files;
  DialogueFormat format = DialogueFormat::redial;
  SplitChoice split = SplitChoice::all;
};

/// Reads the options (the command declares "dialogs...", "format" and
/// "split"); `default_split` when --split is absent. Throws UsageError for
/// no file, an unknown format or split.
DialogueSource dialogue_source(const CliArgs& args, SplitChoice default_split);

/// The dialogues of the files, in file order, that the split selects; at
/// most `limit` (0 = all). Throws as read_dialogues() does, and
/// std::runtime_error when none is selected.
std::vector<Dialogue> read_selected_dialogues(const DialogueSource& source, size_t limit = 0);

}  // namespace interec

// `interec train --data DIR --model NAME [options]`: (re)trains one model on
// all interactions of a prepared dataset and writes DIR/models/NAME.bin.
// `--model dialog --dialogs FILE... [--format redial|inspired] [--split
// dev|validation|all]` learns from dialogue files instead (dialog_model.h);
// so does `--model stance` (stance_model.h).
#pragma once

#include <string>
#include <vector>

#include "tools/eval/dialogue_args.h"

namespace interec {

/// argv[1] is "train". Returns the exit code; UsageError on bad arguments.
int train_command(int argc, char** argv);

/// Trains the dialog model of the prepared folder `dir` on the dialogues
/// `source` selects and writes DIR/models/dialog.bin (needs the folder's
/// item_knn model, which the weight is chosen against). Returns a one-line
/// summary. Throws on unreadable files or no dialogue selected.
std::string train_dialog_files(const std::string& dir, const DialogueSource& source);

/// Trains the stance classifier (stance_model.h) on the seekers' mentions of
/// the dialogues `source` selects and writes DIR/models/stance.bin. Returns
/// a one-line summary with the examples per class.
std::string train_stance_files(const std::string& dir, const DialogueSource& source);

}  // namespace interec

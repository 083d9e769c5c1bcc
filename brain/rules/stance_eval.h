// `interec eval stance --data DIR --dialogs FILE... [--split dev|validation|all]`:
// how well the seeker's stance toward each movie they name is read, against
// ReDial's questionnaire (tools/models/stance_model.h gives the labels:
// liked, disliked, seen, neutral), by three readers on the same mentions:
//   rules      the rules brain's stance words alone (title_stance.h), on the
//              message as the replay sends it ("Title (Year)" for "@ID");
//   rules+model the rules brain with the folder's stance model beside them
//              (apply_learned_stance);
//   model      the stance model alone, on every labelled mention.
// A mention the rules brain does not find as a title counts as "neutral" for
// the two brain readers (the brain said nothing about it). Per class: the
// gold count and each reader's recall and precision; overall accuracy.
// Evaluate on dialogues the model did not learn from (train it with
// `--split dev`, evaluate with `--split validation`).
#pragma once

namespace interec {

int eval_stance_command(int argc, char** argv);

}  // namespace interec

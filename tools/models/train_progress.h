// How training reports progress: `done` of `total` units of `step` (epochs,
// iterations, users). Called from the training thread; may be empty.
#pragma once

#include "storage/step_progress.h"

namespace interec {

using TrainProgress = StepProgress;

}  // namespace interec

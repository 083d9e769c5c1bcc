// `interec train --data DIR --model NAME [options]`: (re)trains one model on
// all interactions of a prepared dataset and writes DIR/models/NAME.bin.
#pragma once

namespace interec {

/// argv[1] is "train". Returns the exit code; UsageError on bad arguments.
int train_command(int argc, char** argv);

}  // namespace interec

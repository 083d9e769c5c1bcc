// `interec eval offline --data DIR [--model NAME|all] [--json] [--seed S]
// [model options]`: trains each model on the leave-one-out training split of
// a prepared dataset and reports HR@10 and NDCG@10 on the test items, over
// the full catalog and over 100 sampled negatives.
#pragma once

namespace interec {

/// argv[1] is "eval". Returns the process exit code; throws UsageError on
/// bad arguments and other exceptions on failure.
int eval_command(int argc, char** argv);

}  // namespace interec

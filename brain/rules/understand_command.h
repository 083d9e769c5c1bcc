// `interec understand --data DIR`: what the rules brain understands of each
// line of stdin, one JSON object per line (rules/understanding.h): the
// titles named and the stance toward each, the conditions, the soft
// preferences, the spelling corrected, the words not understood. For
// checking a wording without running the tools.
#pragma once

namespace interec {

int understand_command(int argc, char** argv);

}  // namespace interec

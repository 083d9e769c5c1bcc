#include "brain/rules/understand_command.h"

#include <iostream>
#include <string>

#include "brain/rules/rules_brain.h"
#include "config/cli_args.h"
#include "config/resources.h"
#include "tools/toolbox.h"

namespace interec {

int understand_command(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"data", "resources"}, {});
  RulesBrainOptions options;
  options.synonyms_path = Resources(args.get("resources")).synonyms();
  options.moods_path = Resources(args.get("resources")).moods();
  const RulesBrain brain(Toolbox::open(args.require("data")), options);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    nlohmann::json out = brain.understand(line);
    out["text"] = line;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

}  // namespace interec

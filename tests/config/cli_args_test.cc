// Command-line parsing: values, flags, and list options ("--dialogs A B").
#include "config/cli_args.h"

#include <gtest/gtest.h>

namespace interec {
namespace {

CliArgs parse(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  return CliArgs(static_cast<int>(argv.size()), argv.data(), 1, {"data", "dialogs...", "k"}, {"json"});
}

TEST(CliArgsTest, ListOptionTakesValuesUpToTheNextOption) {
  const CliArgs a = parse({"interec", "--dialogs", "a.jsonl", "b.jsonl", "--json", "--dialogs=c.jsonl", "--k", "5"});
  EXPECT_EQ(a.list("dialogs"), (std::vector<std::string>{"a.jsonl", "b.jsonl", "c.jsonl"}));
  EXPECT_EQ(a.get("dialogs"), "a.jsonl");
  EXPECT_TRUE(a.has("json"));
  EXPECT_EQ(a.get_int("k", 0, 1, 10), 5);
  EXPECT_TRUE(a.positional().empty());
  EXPECT_TRUE(parse({"interec", "--data", "d"}).list("dialogs").empty());
}

TEST(CliArgsTest, BadArgumentsAreUsageErrors) {
  EXPECT_THROW(parse({"interec", "--dialogs", "--json"}), UsageError);
  EXPECT_THROW(parse({"interec", "--dialogs"}), UsageError);
  EXPECT_THROW(parse({"interec", "--nope"}), UsageError);
  EXPECT_THROW(parse({"interec", "--data"}), UsageError);
  EXPECT_THROW(parse({"interec", "--k", "x"}).get_int("k", 0, 1, 10), UsageError);
}

}  // namespace
}  // namespace interec

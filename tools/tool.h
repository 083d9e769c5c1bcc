// The interface every recommender tool implements. Tool actors (actors/)
// wrap one Tool each; tests call Tools directly.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/bus.h"
#include "tools/error.h"
#include "tools/plan.h"
#include "tools/user_context.h"

namespace interec {

struct Toolbox;

/// A tool could not do what the step asked (bad input, refused SQL, unknown
/// item). The message goes to the trace and, if the turn fails, to the user;
/// the code to the Error the tool actor answers with.
struct ToolError : std::runtime_error {
  explicit ToolError(const std::string& message, ErrorCode code = ErrorCode::tool_failed)
      : std::runtime_error(message), code(code) {}
  ErrorCode code;
};

struct ToolOutput {
  Bus bus;
  /// Text for the reply writer (lookup answers).
  std::string text;
  /// Items picked for the user (map); empty for other tools.
  std::vector<ItemIndex> picked;
};

class Tool {
 public:
  virtual ~Tool() = default;
  virtual ToolKind kind() const = 0;
  const char* name() const { return tool_name(kind()); }
  /// Runs one step, which must be of this tool's kind. Throws ToolError.
  virtual ToolOutput run(const Bus& bus, const Step& step, const UserContext& user) = 0;
};

/// Creates the tool `kind` over the shared models. Each call returns a new
/// instance with its own resources (e.g. its own read-only SQLite connection).
std::unique_ptr<Tool> make_tool(ToolKind kind, std::shared_ptr<const Toolbox> box);

}  // namespace interec

// Read-only SQL over the item table, safe against whatever a brain writes.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace interec {

/// A query was refused (not a single read of the items table) or failed
/// (syntax error, time bound exceeded). The message is meant for the user
/// and the brain: it says what was wrong, never just "error".
struct SqlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The query ran past the time bound and was stopped: its result is unknown,
/// not empty.
struct SqlTimeout : SqlError {
  using SqlError::SqlError;
};

struct SqlResult {
  std::vector<std::string> columns;
  /// Row-major cells rendered as text; NULL is the empty string.
  std::vector<std::vector<std::string>> rows;
};

/// One read-only connection to a catalog.db. Not thread-safe: each tool
/// actor owns its own.
///
/// Promises: the database is opened with SQLITE_OPEN_READONLY; an authorizer
/// admits only SELECT and reads of the `items` table (and the built-in
/// functions); ATTACH, PRAGMA, writes, schema changes, other tables and more
/// than one statement are refused; a progress handler aborts any statement
/// that runs longer than `time_limit` or returns more than `max_rows` rows.
/// The `columns` table (names, types, descriptions of the item columns) may
/// be read too: it is harmless metadata a brain may want to consult.
/// Prepared statements are cached by SQL text (the same queries recur).
class ReadOnlySql {
 public:
  explicit ReadOnlySql(const std::string& db_path,
                       std::chrono::milliseconds time_limit = std::chrono::milliseconds(500),
                       size_t max_rows = 100000);
  ~ReadOnlySql();
  ReadOnlySql(const ReadOnlySql&) = delete;
  ReadOnlySql& operator=(const ReadOnlySql&) = delete;

  /// Runs one SELECT. Throws SqlError when refused or failed.
  SqlResult query(const std::string& sql);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace interec

#include "storage/readonly_sql.h"

#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <list>
#include <unordered_map>
#include <unordered_set>

#include "storage/sqlite_handle.h"
#include "storage/text.h"

namespace interec {

namespace {

constexpr size_t kMaxSqlBytes = 64 * 1024;
constexpr int kMaxValueBytes = 4 * 1024 * 1024;  // bounds randomblob(1e9) and friends
constexpr size_t kCacheSize = 32;
constexpr int kProgressOps = 1000;

const char* action_name(int action) {
  switch (action) {
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: return "CREATE INDEX";
    case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: return "CREATE TABLE";
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TRIGGER";
    case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW: return "CREATE VIEW";
    case SQLITE_CREATE_VTABLE: return "CREATE VIRTUAL TABLE";
    case SQLITE_DELETE: return "DELETE";
    case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX: return "DROP INDEX";
    case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: return "DROP TABLE";
    case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: return "DROP TRIGGER";
    case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: return "DROP VIEW";
    case SQLITE_DROP_VTABLE: return "DROP VIRTUAL TABLE";
    case SQLITE_INSERT: return "INSERT";
    case SQLITE_PRAGMA: return "PRAGMA";
    case SQLITE_TRANSACTION: return "BEGIN/COMMIT/ROLLBACK";
    case SQLITE_UPDATE: return "UPDATE";
    case SQLITE_ATTACH: return "ATTACH";
    case SQLITE_DETACH: return "DETACH";
    case SQLITE_ALTER_TABLE: return "ALTER TABLE";
    case SQLITE_REINDEX: return "REINDEX";
    case SQLITE_ANALYZE: return "ANALYZE";
    case SQLITE_SAVEPOINT: return "SAVEPOINT";
    case SQLITE_COPY: return "COPY";
    default: return "this statement";
  }
}

bool iequals(const char* a, const char* b) {
  if (!a || !b) return false;
  return text::ascii_lower(a) == b;
}

/// True when `rest` holds nothing but blanks, semicolons and comments.
bool only_trivia(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size()) {
    char c = rest[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || c == ';') {
      ++i;
    } else if (rest.compare(i, 2, "--") == 0) {
      size_t end = rest.find('\n', i);
      i = end == std::string_view::npos ? rest.size() : end + 1;
    } else if (rest.compare(i, 2, "/*") == 0) {
      size_t end = rest.find("*/", i + 2);
      i = end == std::string_view::npos ? rest.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

/// The first two words of a statement, upper-cased ("DROP TABLE").
std::string leading_words(std::string_view sql) {
  std::string out;
  int words = 0;
  size_t i = 0;
  while (i < sql.size() && words < 2) {
    if (sql.compare(i, 2, "--") == 0) {
      size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (std::isalpha(static_cast<unsigned char>(sql[i]))) {
      if (words++) out += ' ';
      while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
    } else {
      ++i;
    }
  }
  return out.empty() ? "this statement" : out;
}

}  // namespace

struct ReadOnlySql::Impl {
  std::string path;
  SqliteDb db;
  std::chrono::milliseconds time_limit;
  size_t max_rows;
  std::chrono::steady_clock::time_point deadline;
  bool timed_out = false;
  std::string refused;             // why the authorizer said no (last prepare)
  std::string_view current_sql;    // the statement being prepared
  std::string item_columns;        // "item_id, title, ..." for error messages
  std::unordered_set<std::string> stored_tables;  // lower-case names in the file

  // Prepared statements by SQL text, most recently used first.
  using Entry = std::pair<std::string, SqliteStmt>;
  std::list<Entry> lru;
  std::unordered_map<std::string, std::list<Entry>::iterator> cache;

  static int authorize(void* self, int action, const char* a3, const char* a4, const char* /*db_name*/,
                       const char* /*trigger*/) {
    auto* impl = static_cast<Impl*>(self);
    switch (action) {
      case SQLITE_SELECT:
      case SQLITE_RECURSIVE:  // endless recursion is stopped by the time limit
        return SQLITE_OK;
      case SQLITE_READ: {
        // Reads name the table, or the CTE, read. `items` is the point;
        // `columns` is harmless metadata (names, types, descriptions) that a
        // brain may want to look at. Every other stored table stays closed,
        // the schema tables included; names that are not stored tables are
        // CTEs of the statement itself.
        const std::string table = a3 ? text::ascii_lower(a3) : std::string();
        if (table == "items" || table == "columns") return SQLITE_OK;
        if (table.rfind("sqlite_", 0) != 0 && !impl->stored_tables.count(table)) return SQLITE_OK;
        return impl->refuse(std::string("only SELECT over the items table is allowed: reading table '") +
                            (a3 ? a3 : "?") + "' refused");
      }
      case SQLITE_FUNCTION:
        if (iequals(a4, "load_extension") || iequals(a4, "fts3_tokenizer"))
          return impl->refuse(std::string("function ") + a4 + " refused");
        return SQLITE_OK;
      case SQLITE_INSERT:
      case SQLITE_UPDATE:
      case SQLITE_DELETE:
        // CREATE / DROP are first checked as writes to sqlite_master: name
        // them as the user wrote them rather than as that internal write.
        // A SELECT gets here only through a table-valued function
        // (json_each, pragma_table_info), whose first use touches the schema.
        if (a3 && text::ascii_lower(a3).rfind("sqlite_", 0) == 0) {
          const std::string words = leading_words(impl->current_sql);
          if (words.rfind("SELECT", 0) == 0 || words.rfind("WITH", 0) == 0 || words.rfind("VALUES", 0) == 0)
            return impl->refuse(
                "only SELECT over the items table is allowed: table-valued functions (json_each, pragma_...) refused");
          return impl->refuse("only SELECT over the items table is allowed: " + words + " refused");
        }
        [[fallthrough]];
      default:
        return impl->refuse(std::string("only SELECT over the items table is allowed: ") + action_name(action) +
                            " refused");
    }
  }

  /// Keeps the first reason of a prepare: "DROP TABLE" comes before the
  /// DELETE on sqlite_master it implies.
  int refuse(std::string why) {
    if (refused.empty()) refused = std::move(why);
    return SQLITE_DENY;
  }

  static int progress(void* self) {
    auto* impl = static_cast<Impl*>(self);
    if (std::chrono::steady_clock::now() < impl->deadline) return 0;
    impl->timed_out = true;
    return 1;  // interrupts the statement
  }

  std::string time_message() const {
    return "query took longer than " + std::to_string(time_limit.count()) +
           " ms and was stopped; narrow it or add a LIMIT";
  }

  std::string explain_error(const std::string& msg) const {
    if (msg.find("no such column") != std::string::npos)
      return "SQL error: " + msg + " (the items table has: " + item_columns + ")";
    if (msg.find("no such table") != std::string::npos)
      return "SQL error: " + msg + " (query the items table)";
    return "SQL error: " + msg;
  }

  void arm() {
    timed_out = false;
    deadline = std::chrono::steady_clock::now() + time_limit;
  }

  sqlite3_stmt* statement(const std::string& sql) {
    auto hit = cache.find(sql);
    if (hit != cache.end()) {
      lru.splice(lru.begin(), lru, hit->second);
      return hit->second->second.get();
    }
    refused.clear();
    current_sql = sql;
    arm();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    SqliteStmt stmt(raw);
    if (rc != SQLITE_OK) {
      if (!refused.empty()) throw SqlError(refused);
      if (timed_out) throw SqlTimeout(time_message());
      throw SqlError(explain_error(sqlite3_errmsg(db.get())));
    }
    if (!stmt) throw SqlError("empty query: write one SELECT over the items table");
    if (tail && !only_trivia(std::string_view(tail, static_cast<size_t>(sql.data() + sql.size() - tail))))
      throw SqlError("one statement per call: send a single SELECT without anything after it");
    if (!sqlite3_stmt_readonly(stmt.get()))
      throw SqlError("only SELECT over the items table is allowed: " + leading_words(sql) + " refused");
    lru.emplace_front(sql, std::move(stmt));
    cache[sql] = lru.begin();
    if (lru.size() > kCacheSize) {
      cache.erase(lru.back().first);
      lru.pop_back();
    }
    return lru.front().second.get();
  }
};

ReadOnlySql::ReadOnlySql(const std::string& db_path, std::chrono::milliseconds time_limit, size_t max_rows)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = db_path;
  impl_->time_limit = time_limit;
  impl_->max_rows = max_rows;
  std::error_code ec;
  // sqlite3 would report a missing file only as "unable to open database".
  if (!std::filesystem::is_regular_file(db_path, ec)) throw SqlError(db_path + ": no such catalog file");
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  impl_->db.reset(raw);
  if (rc != SQLITE_OK)
    throw SqlError(db_path + ": cannot open the catalog (" + (raw ? sqlite3_errmsg(raw) : "out of memory") + ")");
  sqlite3* db = raw;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  // Before the authorizer (which refuses PRAGMA): memory-mapped reads save
  // a copy per page on every scan; query_only is one more guard on writes.
  sqlite3_exec(db, "PRAGMA mmap_size = 268435456; PRAGMA query_only = 1;", nullptr, nullptr, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, static_cast<int>(kMaxSqlBytes));
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);

  // Column names for error messages, read before the authorizer is on.
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT * FROM items LIMIT 0", -1, &s, nullptr) != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(db);
      sqlite3_finalize(s);
      throw SqlError(db_path + ": not a catalog (" + msg + ")");
    }
    for (int k = 0; k < sqlite3_column_count(s); ++k)
      impl_->item_columns += (k ? ", " : "") + std::string(sqlite3_column_name(s, k));
    sqlite3_finalize(s);
    s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')", -1, &s,
                           nullptr) == SQLITE_OK) {
      while (sqlite3_step(s) == SQLITE_ROW)
        impl_->stored_tables.insert(text::ascii_lower(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))));
    }
    sqlite3_finalize(s);
  }
  sqlite3_set_authorizer(db, &Impl::authorize, impl_.get());
  sqlite3_progress_handler(db, kProgressOps, &Impl::progress, impl_.get());
}

ReadOnlySql::~ReadOnlySql() {
  if (!impl_) return;
  // Statements before the connection.
  impl_->cache.clear();
  impl_->lru.clear();
}

SqlResult ReadOnlySql::query(const std::string& sql) {
  if (text::trim(sql).empty()) throw SqlError("empty query: write one SELECT over the items table");
  if (sql.size() > kMaxSqlBytes)
    throw SqlError("query is longer than " + std::to_string(kMaxSqlBytes / 1024) + " KiB");
  Impl& impl = *impl_;
  sqlite3_stmt* stmt = impl.statement(sql);
  // The statement stays cached: reset it however this call ends.
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() { sqlite3_reset(s); }
  } reset{stmt};

  SqlResult result;
  const int ncols = sqlite3_column_count(stmt);
  result.columns.reserve(static_cast<size_t>(ncols));
  for (int k = 0; k < ncols; ++k) {
    const char* name = sqlite3_column_name(stmt, k);
    result.columns.emplace_back(name ? name : "");
  }
  impl.arm();
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (result.rows.size() >= impl.max_rows)
      throw SqlError("query returned more than " + std::to_string(impl.max_rows) +
                     " rows and was stopped; add a LIMIT or narrower conditions");
    std::vector<std::string> row;
    row.reserve(static_cast<size_t>(ncols));
    for (int k = 0; k < ncols; ++k) {
      const unsigned char* p = sqlite3_column_text(stmt, k);
      row.emplace_back(p ? std::string(reinterpret_cast<const char*>(p),
                                       static_cast<size_t>(sqlite3_column_bytes(stmt, k)))
                         : std::string());
    }
    result.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    if (impl.timed_out) throw SqlTimeout(impl.time_message());
    throw SqlError(impl.explain_error(sqlite3_errmsg(impl.db.get())));
  }
  return result;
}

}  // namespace interec

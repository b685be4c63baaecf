// SqliteDb: one SQLite connection with a cache of prepared statements, errors as Status.
// The only file pair (with sqlite_db.cc) that calls the sqlite3 C API directly.
//
// SqliteStmt is a borrowed, cached statement: it is reset and its bindings cleared when the
// SqliteStmt goes out of scope, so it can be reused at once. Text is bound SQLITE_TRANSIENT
// unless bound with BindStatic (caller keeps the bytes alive until the statement steps).
// Error mapping: BUSY/LOCKED -> Unavailable ("database is busy; retry"), CONSTRAINT ->
// AlreadyExists, FULL/IOERR/CANTOPEN -> Unavailable, anything else -> Internal.
// Thread safety: a connection is used by one thread at a time (the store's pools guarantee it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace attune {

struct SqliteTuning {
  int cache_mib = 64;
  int busy_timeout_ms = 10'000;
  bool read_only = false;
};

class SqliteStmt {
 public:
  explicit SqliteStmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~SqliteStmt();
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  // Binding is 1-based, like SQLite.
  SqliteStmt& Bind(int index, int64_t value);
  SqliteStmt& Bind(int index, double value);
  SqliteStmt& Bind(int index, std::string_view text);
  // Binds without copying: `text` must stay alive and unchanged until the statement is Reset.
  SqliteStmt& BindStatic(int index, std::string_view text);
  SqliteStmt& BindOptional(int index, std::optional<double> value);
  SqliteStmt& BindOptional(int index, std::optional<int64_t> value);
  // Empty text binds NULL ("absent").
  SqliteStmt& BindNonEmpty(int index, std::string_view text);
  SqliteStmt& BindNull(int index);

  // True while there is a row to read; false when done.
  Result<bool> Step();
  // Steps to completion (for statements without rows).
  Status Run();
  void Reset();

  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;  // "" for NULL
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, const SqliteTuning& tuning);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql` (prepared on first use).
  Result<std::unique_ptr<SqliteStmt>> Prepare(const std::string& sql);
  int64_t changes() const;
  int64_t last_insert_rowid() const;
  bool in_transaction() const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// The Status for SQLite result code `rc` with the connection's message (`what` says what ran).
Status SqliteError(sqlite3* db, int rc, std::string_view what);

}  // namespace attune

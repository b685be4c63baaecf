#include "store/sqlite_db.h"

#include <sqlite3.h>

namespace attune {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(message + " (the database is busy, e.g. an import holds the write lock; retry)");
    case SQLITE_CONSTRAINT: return AlreadyExists(message);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: return Unavailable(message);
    default: return Internal(message);
  }
}

SqliteStmt::~SqliteStmt() { Reset(); }

void SqliteStmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

SqliteStmt& SqliteStmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

SqliteStmt& SqliteStmt::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

SqliteStmt& SqliteStmt::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteStmt& SqliteStmt::BindStatic(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

SqliteStmt& SqliteStmt::BindOptional(int index, std::optional<double> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

SqliteStmt& SqliteStmt::BindOptional(int index, std::optional<int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

SqliteStmt& SqliteStmt::BindNonEmpty(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

SqliteStmt& SqliteStmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> SqliteStmt::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(sqlite3_db_handle(stmt_), rc, "running SQL");
}

Status SqliteStmt::Run() {
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

int64_t SqliteStmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
double SqliteStmt::Double(int column) const { return sqlite3_column_double(stmt_, column); }
bool SqliteStmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string SqliteStmt::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, const SqliteTuning& tuning) {
  sqlite3* db = nullptr;
  const int flags = (tuning.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteError(db, rc, "opening " + path);
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<SqliteDb> conn(new SqliteDb(db));
  sqlite3_busy_timeout(db, tuning.busy_timeout_ms);
  // WAL: readers never block the writer. synchronous=NORMAL: a commit is in the OS before the
  // call returns, so it survives a process crash (not a power cut between checkpoints).
  const std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                              "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-" +
                              std::to_string(static_cast<int64_t>(tuning.cache_mib) * 1024) + ";";
  if (!tuning.read_only) {
    ATTUNE_RETURN_IF_ERROR(conn->Exec(pragmas).WithContext("configuring " + path));
  } else {
    ATTUNE_RETURN_IF_ERROR(conn->Exec("PRAGMA cache_size=-" + std::to_string(tuning.cache_mib * 1024)));
  }
  return conn;
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status SqliteDb::Exec(std::string_view sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string message = error ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  return SqliteError(nullptr, rc, message);
}

Result<std::unique_ptr<SqliteStmt>> SqliteDb::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing SQL");
    it = cache_.emplace(sql, stmt).first;
  }
  return std::make_unique<SqliteStmt>(it->second);
}

int64_t SqliteDb::changes() const { return sqlite3_changes64(db_); }
int64_t SqliteDb::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
bool SqliteDb::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace attune

// SqliteStore: the embedded Store backend (one SQLite file in WAL mode, <data_dir>/attune.db).
//
// Connections: one writer connection behind a timed mutex (SQLite allows one writer at a time;
// the timeout turns a long wait into Unavailable), and a pool of reader connections that run
// concurrently with the writer (WAL). An ImportWriter holds the writer for its whole transaction.
// Thread safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql_dialect.h"
#include "store/sqlite_db.h"
#include "store/opener_lock.h"
#include "store/store.h"

namespace attune {

// Which dictionary table a lookup uses.
enum class DictTable { kUsers, kItems, kEventTypes };

class SqliteStore final : public Store {
 public:
  // Opens or creates <dir>/attune.db, migrates it, fails interrupted import jobs.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options);
  ~SqliteStore() override;

  std::string_view backend() const override { return "sqlite"; }
  int schema_version() const override { return schema_version_; }

  Status CreateGroup(std::string_view name) override;
  Result<std::vector<GroupInfo>> ListGroups() override;
  Result<GroupInfo> GetGroup(std::string_view name) override;
  Status DeleteGroup(std::string_view name) override;
  Status PutSchema(std::string_view group, const Schema& schema) override;
  Result<Schema> GetSchema(std::string_view group, DatasetType dataset) override;

  Status UpsertItems(std::string_view group, const std::vector<ItemRecord>& items) override;
  Result<ItemRecord> GetItem(std::string_view group, std::string_view item_id) override;
  Status DeleteItem(std::string_view group, std::string_view item_id) override;
  Status ScanItems(std::string_view group, const std::function<Status(const ItemRecord&)>& visit) override;
  Status UpsertUsers(std::string_view group, const std::vector<UserRecord>& users) override;
  Result<UserRecord> GetUser(std::string_view group, std::string_view user_id) override;
  Status DeleteUser(std::string_view group, std::string_view user_id) override;

  Result<AppendResult> AppendEvents(std::string_view group, const std::vector<Interaction>& events) override;
  Result<std::vector<StoredInteraction>> UserInteractions(std::string_view group, std::string_view user_id,
                                                          int limit) override;
  Result<std::vector<StoredInteraction>> InteractionsAfter(std::string_view group, int64_t after_sequence,
                                                           int limit) override;
  Status ReadSnapshot(std::string_view group, TrainingSnapshot* snapshot,
                      const std::function<Status(const SnapshotInteraction&)>& visit) override;

  Result<ImportJob> CreateImportJob(const ImportJobSpec& spec) override;
  Status UpdateImportJob(int64_t job_id, const ImportJobUpdate& update) override;
  Result<ImportJob> GetImportJob(int64_t job_id) override;
  Result<std::vector<ImportJob>> ListImportJobs(std::string_view group, int limit) override;
  Result<std::optional<ImportJob>> FindSucceededImport(std::string_view group, DatasetType dataset,
                                                       std::string_view content_hash) override;
  Result<std::unique_ptr<ImportWriter>> BeginImport(int64_t job_id) override;

  Result<NewApiKey> CreateApiKey(std::string_view group, KeyRole role, std::string_view name) override;
  Result<ApiKeyInfo> LookupApiKey(std::string_view secret) override;
  Result<std::vector<ApiKeyInfo>> ListApiKeys() override;
  Status RevokeApiKey(int64_t key_id) override;

  // ---- shared by the sqlite_*.cc files (not part of the Store interface)

  // Exclusive use of the writer connection; Unavailable after busy_timeout_ms.
  struct WriteLease {
    std::unique_lock<std::timed_mutex> lock;
    SqliteDb* db = nullptr;
  };
  Result<WriteLease> LockWriter();
  // Shared use of one reader connection, returned to the pool on destruction.
  class ReadLease {
   public:
    ReadLease(SqliteStore* store, std::unique_ptr<SqliteDb> db) : store_(store), db_(std::move(db)) {}
    ReadLease(ReadLease&&) = default;
    ~ReadLease();
    SqliteDb& db() { return *db_; }

   private:
    SqliteStore* store_;
    std::unique_ptr<SqliteDb> db_;
  };
  ReadLease BorrowReader();

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT on the writer (ROLLBACK when body fails).
  Status WriteTransaction(const std::function<Status(SqliteDb&)>& body);

  int64_t Now() const { return clock_->NowSeconds(); }
  int64_t import_sort_keys() const { return import_sort_keys_; }
  const std::string& path() const { return path_; }  // <dir>/attune.db
  static std::string Sql(std::string_view text) { return kSqliteDialect.Render(text); }

  // NotFound("dataset group \"x\" does not exist") when absent.
  static Result<int64_t> GroupId(SqliteDb& db, std::string_view name);
  // The dense index of `id`, or -1 when not interned.
  static Result<int32_t> FindIndex(SqliteDb& db, DictTable table, int64_t group_id, std::string_view id);
  // The dense index of `id`, interning it (next free index) when new. Call inside a write transaction.
  static Result<int32_t> Intern(SqliteDb& db, DictTable table, int64_t group_id, std::string_view id);
  static Result<int32_t> NextIndex(SqliteDb& db, DictTable table, int64_t group_id);
  static Status WriteJobUpdate(SqliteDb& db, int64_t job_id, const ImportJobUpdate& update, int64_t now);
  static Result<ImportJob> ReadJob(SqliteDb& db, int64_t job_id);

  // Committed dictionary entries (group, table, external id) -> index, so that appends skip a
  // SELECT per id. Always valid: indices never change and group ids are never reused. Entries are
  // added only after their transaction committed; a miss falls back to SQL.
  struct NewEntry {
    DictTable table;
    std::string id;
    int32_t index;
  };
  Result<int32_t> CachedIntern(SqliteDb& db, DictTable table, int64_t group_id, const std::string& id,
                               std::vector<NewEntry>* added);
  void RememberCommitted(int64_t group_id, std::vector<NewEntry>* added);

  std::atomic<int64_t> active_import_job_{0};
  SqliteDb* writer_db() { return writer_.get(); }

 private:
  SqliteStore(const StoreOptions& options, const std::string& path);
  Status Initialize();
  Status Migrate();
  Status FailInterruptedJobs();
  Result<GroupInfo> ReadGroupInfo(SqliteDb& db, int64_t group_id, std::string name, int64_t created_at,
                                  bool per_event_type);

  const Clock* clock_;
  std::string path_;
  OpenerLock opener_lock_;  // held while open; decides whether start-up recovery may run
  SqliteTuning tuning_;
  int reader_count_;
  int64_t import_sort_keys_;
  int schema_version_ = 0;
  std::timed_mutex writer_mu_;
  std::unique_ptr<SqliteDb> writer_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteDb>> readers_;
  std::mutex cache_mu_;
  std::unordered_map<int64_t, std::unordered_map<std::string, int32_t>[3]> dict_cache_;  // by group
};

// Builds the ImportWriter for `job` (sqlite_import.cc). `lease` is moved into the writer.
Result<std::unique_ptr<ImportWriter>> MakeSqliteImportWriter(SqliteStore* store, SqliteStore::WriteLease lease,
                                                             const ImportJob& job, int64_t group_id);

}  // namespace attune

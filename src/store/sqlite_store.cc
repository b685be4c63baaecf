// SqliteStore: opening, migrations, connection leases, dataset groups and schemas.
#include "store/sqlite_store.h"

#include "base/log.h"
#include "store/migrations.h"
#include "store/store_json.h"

namespace attune {
namespace {

Status CheckGroupName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  if (ok) return Status::Ok();
  return InvalidArgument("dataset group name \"" + std::string(name) +
                         "\" must have 1-64 characters of letters, digits, '_', '.', '-'");
}

}  // namespace

SqliteStore::SqliteStore(const StoreOptions& options, const std::string& path)
    : clock_(options.clock ? options.clock : &SystemClock::Default()),
      path_(path),
      tuning_{options.cache_mib, options.busy_timeout_ms, false},
      reader_count_(options.reader_connections < 1 ? 1 : options.reader_connections),
      import_sort_keys_(options.import_sort_keys) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& dir, const StoreOptions& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(options, dir + "/attune.db"));
  ATTUNE_RETURN_IF_ERROR(store->Initialize());
  return std::unique_ptr<Store>(std::move(store));
}

Status SqliteStore::Initialize() {
  ATTUNE_ASSIGN_OR_RETURN(opener_lock_, OpenerLock::Acquire(path_));
  ATTUNE_ASSIGN_OR_RETURN(writer_, SqliteDb::Open(path_, tuning_));
  ATTUNE_RETURN_IF_ERROR(Migrate());
  // Jobs left running are only orphans when no other process has the store open (a CLI verb on
  // a live server's directory must not fail the server's imports).
  if (opener_lock_.sole_opener()) ATTUNE_RETURN_IF_ERROR(FailInterruptedJobs());
  ATTUNE_RETURN_IF_ERROR(opener_lock_.ShareWithOthers());
  for (int i = 0; i < reader_count_; ++i) {
    ATTUNE_ASSIGN_OR_RETURN(auto reader, SqliteDb::Open(path_, tuning_));
    readers_.push_back(std::move(reader));
  }
  return Status::Ok();
}

Status SqliteStore::Migrate() {
  return WriteTransaction([this](SqliteDb& db) -> Status {
    ATTUNE_RETURN_IF_ERROR(db.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare("SELECT MAX(version) FROM schema_version"));
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    const int current = row && !select->IsNull(0) ? static_cast<int>(select->Int(0)) : 0;
    select.reset();
    const int latest = LatestSchemaVersion();
    if (current > latest) {
      return FailedPrecondition(path_ + ": schema version " + std::to_string(current) +
                                " is newer than this binary supports (" + std::to_string(latest) +
                                "); upgrade attune or open a different data directory");
    }
    for (int version = current; version < latest; ++version) {
      ATTUNE_RETURN_IF_ERROR(db.Exec(Sql(StoreMigrations()[static_cast<size_t>(version)]))
                                 .WithContext("migrating to schema version " + std::to_string(version + 1)));
      ATTUNE_ASSIGN_OR_RETURN(auto insert, db.Prepare("INSERT INTO schema_version (version) VALUES (?)"));
      ATTUNE_RETURN_IF_ERROR(insert->Bind(1, int64_t{version + 1}).Run());
      LogInfo("store.migrated", {{"path", path_}, {"version", version + 1}});
    }
    schema_version_ = latest;
    return Status::Ok();
  });
}

// Run only by the sole opener: a job still queued or running belongs to a process that died:
// fail it, never leave it hanging.
Status SqliteStore::FailInterruptedJobs() {
  return WriteTransaction([this](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(auto update, db.Prepare(
        "UPDATE import_jobs SET status = 'failed', message = ?, finished_at = ? "
        "WHERE status IN ('queued', 'running')"));
    ATTUNE_RETURN_IF_ERROR(update->Bind(1, kInterruptedJobMessage).Bind(2, Now()).Run());
    if (db.changes() > 0) LogInfo("store.interrupted_jobs_failed", {{"count", db.changes()}});
    return Status::Ok();
  });
}

Result<SqliteStore::WriteLease> SqliteStore::LockWriter() {
  std::unique_lock<std::timed_mutex> lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(std::chrono::milliseconds(tuning_.busy_timeout_ms))) {
    return Unavailable("the store is busy writing (an import may hold the write lock); retry later");
  }
  return WriteLease{std::move(lock), writer_.get()};
}

SqliteStore::ReadLease::~ReadLease() {
  if (!db_) return;
  // Never return a connection inside a transaction: it would pin an old snapshot forever.
  if (db_->in_transaction()) (void)db_->Exec("ROLLBACK");
  std::lock_guard<std::mutex> lock(store_->readers_mu_);
  store_->readers_.push_back(std::move(db_));
  store_->readers_cv_.notify_one();
}

SqliteStore::ReadLease SqliteStore::BorrowReader() {
  std::unique_lock<std::mutex> lock(readers_mu_);
  readers_cv_.wait(lock, [this] { return !readers_.empty(); });
  auto db = std::move(readers_.back());
  readers_.pop_back();
  return ReadLease(this, std::move(db));
}

Status SqliteStore::WriteTransaction(const std::function<Status(SqliteDb&)>& body) {
  ATTUNE_ASSIGN_OR_RETURN(WriteLease lease, LockWriter());
  ATTUNE_RETURN_IF_ERROR(lease.db->Exec(Sql("{BEGIN_WRITE}")));
  Status status = body(*lease.db);
  if (status.ok()) status = lease.db->Exec("COMMIT");
  if (!status.ok() && lease.db->in_transaction()) (void)lease.db->Exec("ROLLBACK");
  return status;
}

Result<int64_t> SqliteStore::GroupId(SqliteDb& db, std::string_view name) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare("SELECT id FROM dataset_groups WHERE name = ?"));
  select->Bind(1, name);
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return NotFound("dataset group \"" + std::string(name) + "\" does not exist");
  return select->Int(0);
}

Status SqliteStore::CreateGroup(std::string_view name) {
  ATTUNE_RETURN_IF_ERROR(CheckGroupName(name));
  Status status = WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(auto insert, db.Prepare("INSERT INTO dataset_groups (name, created_at) VALUES (?, ?)"));
    return insert->Bind(1, name).Bind(2, Now()).Run();
  });
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("dataset group \"" + std::string(name) + "\" already exists");
  }
  return status;
}

Result<GroupInfo> SqliteStore::ReadGroupInfo(SqliteDb& db, int64_t group_id, std::string name,
                                             int64_t created_at, bool per_event_type) {
  GroupInfo info;
  info.name = std::move(name);
  info.created_at = created_at;
  const std::pair<const char*, int64_t*> counts[] = {
      {"SELECT COUNT(*) FROM user_ids WHERE group_id = ?", &info.num_users},
      {"SELECT COUNT(*) FROM item_ids WHERE group_id = ?", &info.num_items},
      {"SELECT COUNT(*) FROM users WHERE group_id = ?", &info.num_user_rows},
      {"SELECT COUNT(*) FROM items WHERE group_id = ?", &info.num_item_rows},
      {"SELECT COUNT(*) FROM interactions WHERE group_id = ?", &info.num_interactions}};
  for (const auto& [sql, out] : counts) {
    ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare(sql));
    select->Bind(1, group_id);
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    *out = row ? select->Int(0) : 0;
  }
  if (!per_event_type) return info;
  ATTUNE_ASSIGN_OR_RETURN(auto by_type, db.Prepare(
      "SELECT t.name, COUNT(*) FROM interactions i JOIN event_types t "
      "ON t.group_id = i.group_id AND t.idx = i.event_type WHERE i.group_id = ? GROUP BY t.name"));
  by_type->Bind(1, group_id);
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, by_type->Step());
    if (!row) break;
    info.interactions_per_event_type[by_type->Text(0)] = by_type->Int(1);
  }
  return info;
}

Result<std::vector<GroupInfo>> SqliteStore::ListGroups() {
  ReadLease lease = BorrowReader();
  SqliteDb& db = lease.db();
  ATTUNE_RETURN_IF_ERROR(db.Exec("BEGIN"));
  std::vector<std::tuple<int64_t, std::string, int64_t>> rows;
  {
    ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare("SELECT id, name, created_at FROM dataset_groups ORDER BY name"));
    for (;;) {
      ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      rows.emplace_back(select->Int(0), select->Text(1), select->Int(2));
    }
  }
  std::vector<GroupInfo> groups;
  for (auto& [id, name, created_at] : rows) {
    auto info = ReadGroupInfo(db, id, std::move(name), created_at, false);
    if (!info.ok()) { (void)db.Exec("ROLLBACK"); return info.status(); }
    groups.push_back(std::move(info).value());
  }
  (void)db.Exec("COMMIT");
  return groups;
}

Result<GroupInfo> SqliteStore::GetGroup(std::string_view name) {
  ReadLease lease = BorrowReader();
  SqliteDb& db = lease.db();
  ATTUNE_RETURN_IF_ERROR(db.Exec("BEGIN"));
  auto finish = [&db](Result<GroupInfo> r) { (void)db.Exec(r.ok() ? "COMMIT" : "ROLLBACK"); return r; };
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare("SELECT id, created_at FROM dataset_groups WHERE name = ?"));
  select->Bind(1, name);
  auto row = select->Step();
  if (!row.ok()) return finish(row.status());
  if (!*row) return finish(NotFound("dataset group \"" + std::string(name) + "\" does not exist"));
  const int64_t id = select->Int(0), created_at = select->Int(1);
  select.reset();
  return finish(ReadGroupInfo(db, id, std::string(name), created_at, true));
}

Status SqliteStore::DeleteGroup(std::string_view name) {
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, name));
    for (const char* table : {"dataset_schemas", "user_ids", "item_ids", "event_types", "items", "users",
                              "interactions_by_user", "interactions", "import_jobs", "api_keys"}) {
      ATTUNE_ASSIGN_OR_RETURN(auto del, db.Prepare(std::string("DELETE FROM ") + table + " WHERE group_id = ?"));
      ATTUNE_RETURN_IF_ERROR(del->Bind(1, group_id).Run());
    }
    ATTUNE_ASSIGN_OR_RETURN(auto del, db.Prepare("DELETE FROM dataset_groups WHERE id = ?"));
    return del->Bind(1, group_id).Run();
  });
}

Status SqliteStore::PutSchema(std::string_view group, const Schema& schema) {
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, group));
    ATTUNE_ASSIGN_OR_RETURN(auto upsert, db.Prepare(
        "INSERT INTO dataset_schemas (group_id, dataset, declared_json, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (group_id, dataset) DO UPDATE SET declared_json = excluded.declared_json, "
        "updated_at = excluded.updated_at"));
    return upsert->Bind(1, group_id).Bind(2, DatasetTypeName(schema.dataset())).Bind(3, SchemaToJson(schema))
        .Bind(4, Now()).Run();
  });
}

Result<Schema> SqliteStore::GetSchema(std::string_view group, DatasetType dataset) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(
      "SELECT declared_json FROM dataset_schemas WHERE group_id = ? AND dataset = ?"));
  select->Bind(1, group_id).Bind(2, DatasetTypeName(dataset));
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return Schema::Default(dataset);
  return SchemaFromJson(dataset, select->Text(0));
}

}  // namespace attune

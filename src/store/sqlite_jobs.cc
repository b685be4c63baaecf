// SqliteStore: import jobs (create, update, get, list, find by content hash, begin the bulk write).
#include "store/sqlite_store.h"

#include "store/store_json.h"

namespace attune {
namespace {

constexpr const char* kJobColumns =
    "SELECT j.id, g.name, j.dataset, j.mode, j.source, j.content_hash, j.status, j.rows_read, "
    "j.rows_imported, j.rows_rejected, j.duplicates, j.errors_json, j.message, j.created_at, "
    "j.started_at, j.finished_at FROM import_jobs j JOIN dataset_groups g ON g.id = j.group_id ";

Result<ImportJob> ReadJobRow(const SqliteStmt& s) {
  ImportJob job;
  job.id = s.Int(0);
  job.spec.group = s.Text(1);
  ATTUNE_ASSIGN_OR_RETURN(job.spec.dataset, ParseDatasetType(s.Text(2)));
  ATTUNE_ASSIGN_OR_RETURN(job.spec.mode, ParseImportMode(s.Text(3)));
  job.spec.source = s.Text(4);
  job.spec.content_hash = s.Text(5);
  ATTUNE_ASSIGN_OR_RETURN(job.status, ParseJobStatus(s.Text(6)));
  job.rows_read = s.Int(7);
  job.rows_imported = s.Int(8);
  job.rows_rejected = s.Int(9);
  job.duplicates = s.Int(10);
  ATTUNE_ASSIGN_OR_RETURN(job.errors, RowErrorsFromJson(s.Text(11)));
  job.message = s.Text(12);
  job.created_at = s.Int(13);
  job.started_at = s.Int(14);
  job.finished_at = s.Int(15);
  return job;
}

Result<std::vector<ImportJob>> ReadJobs(SqliteStmt& select) {
  std::vector<ImportJob> jobs;
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return jobs;
    ATTUNE_ASSIGN_OR_RETURN(ImportJob job, ReadJobRow(select));
    jobs.push_back(std::move(job));
  }
}

bool IsTerminal(JobStatus status) { return status == JobStatus::kSucceeded || status == JobStatus::kFailed; }

}  // namespace

Result<ImportJob> SqliteStore::ReadJob(SqliteDb& db, int64_t job_id) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare(std::string(kJobColumns) + "WHERE j.id = ?"));
  select->Bind(1, job_id);
  ATTUNE_ASSIGN_OR_RETURN(auto jobs, ReadJobs(*select));
  if (jobs.empty()) return NotFound("import job " + std::to_string(job_id) + " does not exist");
  return std::move(jobs.front());
}

Status SqliteStore::WriteJobUpdate(SqliteDb& db, int64_t job_id, const ImportJobUpdate& update, int64_t now) {
  ATTUNE_ASSIGN_OR_RETURN(ImportJob job, ReadJob(db, job_id));
  if (IsTerminal(job.status) && job.status != update.status) {
    return FailedPrecondition("import job " + std::to_string(job_id) + " already " +
                              std::string(JobStatusName(job.status)) + "; its status cannot change");
  }
  const int64_t started = job.started_at == 0 && update.status != JobStatus::kQueued ? now : job.started_at;
  const int64_t finished = IsTerminal(update.status) && job.finished_at == 0 ? now : job.finished_at;
  ATTUNE_ASSIGN_OR_RETURN(auto write, db.Prepare(
      "UPDATE import_jobs SET status = ?, rows_read = ?, rows_imported = ?, rows_rejected = ?, duplicates = ?, "
      "errors_json = ?, message = ?, started_at = ?, finished_at = ? WHERE id = ?"));
  write->Bind(1, JobStatusName(update.status)).Bind(2, update.rows_read).Bind(3, update.rows_imported);
  write->Bind(4, update.rows_rejected).Bind(5, update.duplicates).Bind(6, RowErrorsToJson(update.errors));
  write->Bind(7, update.message).Bind(8, started).Bind(9, finished).Bind(10, job_id);
  return write->Run();
}

Result<ImportJob> SqliteStore::CreateImportJob(const ImportJobSpec& spec) {
  int64_t job_id = 0;
  ATTUNE_RETURN_IF_ERROR(WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, spec.group));
    ATTUNE_ASSIGN_OR_RETURN(auto insert, db.Prepare(
        "INSERT INTO import_jobs (group_id, dataset, mode, source, content_hash, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'queued', ?)"));
    insert->Bind(1, group_id).Bind(2, DatasetTypeName(spec.dataset)).Bind(3, ImportModeName(spec.mode));
    insert->Bind(4, spec.source).Bind(5, spec.content_hash).Bind(6, Now());
    ATTUNE_RETURN_IF_ERROR(insert->Run());
    job_id = db.last_insert_rowid();
    return Status::Ok();
  }));
  return GetImportJob(job_id);
}

Status SqliteStore::UpdateImportJob(int64_t job_id, const ImportJobUpdate& update) {
  // The job whose ImportWriter is open: write inside its transaction (see store.h).
  if (job_id != 0 && active_import_job_.load() == job_id) {
    return WriteJobUpdate(*writer_db(), job_id, update, Now());
  }
  return WriteTransaction([&](SqliteDb& db) { return WriteJobUpdate(db, job_id, update, Now()); });
}

Result<ImportJob> SqliteStore::GetImportJob(int64_t job_id) {
  ReadLease lease = BorrowReader();
  return ReadJob(lease.db(), job_id);
}

Result<std::vector<ImportJob>> SqliteStore::ListImportJobs(std::string_view group, int limit) {
  ReadLease lease = BorrowReader();
  if (group.empty()) {
    ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kJobColumns) + "ORDER BY j.id DESC LIMIT ?"));
    select->Bind(1, int64_t{limit});
    return ReadJobs(*select);
  }
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kJobColumns) +
                                                          "WHERE j.group_id = ? ORDER BY j.id DESC LIMIT ?"));
  select->Bind(1, group_id).Bind(2, int64_t{limit});
  return ReadJobs(*select);
}

Result<std::optional<ImportJob>> SqliteStore::FindSucceededImport(std::string_view group, DatasetType dataset,
                                                                  std::string_view content_hash) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kJobColumns) +
      "WHERE j.group_id = ? AND j.dataset = ? AND j.content_hash = ? AND j.status = 'succeeded' "
      "ORDER BY j.id DESC LIMIT 1"));
  select->Bind(1, group_id).Bind(2, DatasetTypeName(dataset)).Bind(3, content_hash);
  ATTUNE_ASSIGN_OR_RETURN(auto jobs, ReadJobs(*select));
  if (jobs.empty()) return std::optional<ImportJob>();
  return std::optional<ImportJob>(std::move(jobs.front()));
}

Result<std::unique_ptr<ImportWriter>> SqliteStore::BeginImport(int64_t job_id) {
  ATTUNE_ASSIGN_OR_RETURN(WriteLease lease, LockWriter());
  ATTUNE_ASSIGN_OR_RETURN(ImportJob job, ReadJob(*lease.db, job_id));
  if (IsTerminal(job.status)) {
    return FailedPrecondition("import job " + std::to_string(job_id) + " already " +
                              std::string(JobStatusName(job.status)) + "; create a new job to import again");
  }
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(*lease.db, job.spec.group));
  return MakeSqliteImportWriter(this, std::move(lease), job, group_id);
}

}  // namespace attune

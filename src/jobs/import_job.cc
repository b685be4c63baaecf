#include "jobs/import_job.h"

#include <cstdio>

#include "base/log.h"
#include "jobs/import_rows.h"
#include "jobs/import_source.h"

namespace attune {
namespace {

constexpr int64_t kProgressEveryRows = 1 << 14;

// One job's mutable state: counts, kept errors, the writer.
class ImportRun {
 public:
  ImportRun(const ImportRequest& request, const JobProgressFn& progress, ImportSummary& summary)
      : request_(request), progress_(progress), summary_(summary) {}

  Status ReadCsv(CsvReader& reader, const RowConverter& converter, ImportWriter& writer);
  Status ReadLightGcn(CsvReader& reader, ImportWriter& writer);
  void Reject(RowError error);
  void Progress(const CsvReader& reader, bool final);

 private:
  Status RejectCsvError(const CsvReader& reader, const Status& status);
  Status Add(const CsvRow& row, const RowConverter& converter, ImportWriter& writer);

  const ImportRequest& request_;
  const JobProgressFn& progress_;
  ImportSummary& summary_;
  Interaction interaction_;  // reused: keeps string capacity across rows
  ItemRecord item_;
  UserRecord user_;
};

void ImportRun::Reject(RowError error) {
  ++summary_.rows_rejected;
  if (summary_.errors.size() < kMaxRowErrors) summary_.errors.push_back(std::move(error));
}

void ImportRun::Progress(const CsvReader& reader, bool final) {
  if (!progress_) return;
  if (!final && summary_.rows_read % kProgressEveryRows != 0) return;
  uint64_t total = reader.total_bytes();
  progress_(JobProgress{final && total > 0 ? total : reader.bytes_consumed(), total,
                        summary_.rows_read});
}

// A CSV syntax error is a rejected row; an I/O error ends the job.
Status ImportRun::RejectCsvError(const CsvReader& reader, const Status& status) {
  if (status.code() != StatusCode::kInvalidArgument) return status;
  ++summary_.rows_read;
  Reject(CsvErrorToRowError(reader.name(), status.message()));
  return Status::Ok();
}

Status ImportRun::Add(const CsvRow& row, const RowConverter& converter, ImportWriter& writer) {
  std::optional<RowError> error;
  Status status;
  switch (request_.dataset) {
    case DatasetType::kInteractions:
      error = converter.ToInteraction(row, interaction_);
      if (!error) status = writer.TakeInteraction(interaction_);  // ToInteraction sets every field
      break;
    case DatasetType::kItems:
      error = converter.ToItem(row, item_);
      if (!error) status = writer.AddItem(item_);
      break;
    case DatasetType::kUsers:
      error = converter.ToUser(row, user_);
      if (!error) status = writer.AddUser(user_);
      break;
  }
  if (error) {
    Reject(std::move(*error));
  } else if (status.code() == StatusCode::kInvalidArgument) {
    Reject(RowError{row.line, "", status.message()});
  } else {
    return status;
  }
  return Status::Ok();
}

Status ImportRun::ReadCsv(CsvReader& reader, const RowConverter& converter, ImportWriter& writer) {
  CsvRow row;
  for (;;) {
    Result<bool> more = reader.Next(row);
    if (!more.ok()) {
      ATTUNE_RETURN_IF_ERROR(RejectCsvError(reader, more.status()));
      continue;
    }
    if (!*more) break;
    ++summary_.rows_read;
    ATTUNE_RETURN_IF_ERROR(Add(row, converter, writer));
    Progress(reader, false);
  }
  return Status::Ok();
}

// "user item item ..." lines: one interaction per item, event type from the request, time 0.
Status ImportRun::ReadLightGcn(CsvReader& reader, ImportWriter& writer) {
  CsvRow row;
  interaction_ = Interaction{};
  interaction_.event_type = request_.default_event_type;
  for (;;) {
    Result<bool> more = reader.Next(row);
    if (!more.ok()) {
      ATTUNE_RETURN_IF_ERROR(RejectCsvError(reader, more.status()));
      continue;
    }
    if (!*more) break;
    interaction_.user_id.assign(row.fields[0]);
    for (size_t pos = 1; pos < row.fields.size(); ++pos) {
      if (row.fields[pos].empty()) continue;  // repeated spaces
      ++summary_.rows_read;
      if (interaction_.user_id.empty()) {
        Reject(RowError{row.line, "USER_ID", "USER_ID: required, but the line starts with a space"});
        continue;
      }
      interaction_.item_id.assign(row.fields[pos]);
      Status status = writer.AddInteraction(interaction_);
      if (status.code() == StatusCode::kInvalidArgument) {
        Reject(RowError{row.line, "", status.message()});
      } else {
        ATTUNE_RETURN_IF_ERROR(status);
      }
      Progress(reader, false);
    }
  }
  return Status::Ok();
}

std::string RatePercent(double rate) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", rate * 100);
  return text;
}

std::string SuccessMessage(const ImportSummary& summary) {
  return "imported " + std::to_string(summary.rows_imported) + " of " +
         std::to_string(summary.rows_read) + " rows (" + std::to_string(summary.rows_rejected) +
         " rejected, " + std::to_string(summary.duplicates) + " duplicates)";
}

ImportJobUpdate FinalUpdate(const ImportSummary& summary) {
  ImportJobUpdate update;
  update.status = summary.status == "succeeded" ? JobStatus::kSucceeded : JobStatus::kFailed;
  update.rows_read = summary.rows_read;
  update.rows_imported = summary.rows_imported;
  update.rows_rejected = summary.rows_rejected;
  update.duplicates = summary.duplicates;
  update.errors = summary.errors;
  update.message = summary.message;
  return update;
}

// Commits, or aborts when too many rows were rejected (returning why). The "succeeded" record is
// written inside the import's transaction, so the job's status and its rows commit together.
Status Finish(Store& store, const ImportRequest& request, ImportSummary& summary,
              ImportWriter& writer) {
  double rate = summary.rows_read == 0
                    ? 0.0
                    : static_cast<double>(summary.rows_rejected) / summary.rows_read;
  if (rate > request.max_error_rate) {
    writer.Abort();
    return InvalidArgument("rejected " + std::to_string(summary.rows_rejected) + " of " +
                           std::to_string(summary.rows_read) + " rows (" + RatePercent(rate) +
                           "), more than the allowed " + RatePercent(request.max_error_rate) +
                           "; nothing was imported. Fix the rows listed in errors, or raise " +
                           OptionText(request.origin, "--max-error-rate"));
  }
  ATTUNE_RETURN_IF_ERROR(writer.Flush());  // the counts below include the last batch
  summary.rows_imported = writer.imported();
  summary.duplicates = writer.duplicates();
  summary.status = "succeeded";
  summary.message = SuccessMessage(summary);
  ATTUNE_RETURN_IF_ERROR(store.UpdateImportJob(summary.job_id, FinalUpdate(summary)));
  return writer.Commit();
}

// Everything between "running" and the final status. An error fails the job.
Status ImportIntoJob(Store& store, const ImportRequest& request, const ImportSource& source,
                     const JobProgressFn& progress, ImportSummary& summary) {
  CsvReader* reader = &source.reader();
  ImportRun run(request, progress, summary);
  std::unique_ptr<RowConverter> converter;
  if (request.format == ImportFormat::kCsv) {
    ATTUNE_ASSIGN_OR_RETURN(converter, source.MakeConverter(summary.warnings));
  }
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<ImportWriter> writer, store.BeginImport(summary.job_id));
  Status status = converter ? run.ReadCsv(*reader, *converter, *writer)
                            : run.ReadLightGcn(*reader, *writer);
  if (!status.ok()) {
    writer->Abort();
    return status;
  }
  run.Progress(*reader, true);
  return Finish(store, request, summary, *writer);
}

ImportSummary SkippedSummary(const ImportJob& earlier, const std::string& content_hash,
                             RequestOrigin origin) {
  ImportSummary summary;
  summary.job_id = earlier.id;
  summary.status = "skipped";
  summary.content_hash = content_hash;
  summary.message = "identical content (" + content_hash + ") was already imported by job " +
                    std::to_string(earlier.id) + " from " + earlier.spec.source +
                    "; nothing to do. Use " + OptionText(origin, "--force") + " to import it again";
  return summary;
}

}  // namespace

std::string OptionText(RequestOrigin origin, std::string_view flag, std::string_view value) {
  std::string text(flag);
  if (origin == RequestOrigin::kHttpApi) {
    text = std::string(flag.substr(flag.starts_with("--") ? 2 : 0));
    for (char& c : text) c = c == '-' ? '_' : c;
    if (!value.empty()) text += "=" + std::string(value);
    return text;
  }
  if (!value.empty()) text += " " + std::string(value);
  return text;
}

Result<ImportFormat> ParseImportFormat(std::string_view name) {
  if (name == "csv") return ImportFormat::kCsv;
  if (name == "lightgcn") return ImportFormat::kLightGcn;
  return InvalidArgument("unknown import format \"" + std::string(name) +
                         "\"; use csv or lightgcn");
}

Result<ImportSummary> RunImport(Store& store, const ImportRequest& request,
                                const JobProgressFn& progress) {
  const Clock& clock = request.clock ? *request.clock : SystemClock::Default();
  const int64_t start = clock.MonotonicMicros();
  ATTUNE_ASSIGN_OR_RETURN(ImportSource source, ImportSource::Prepare(store, request));
  ImportSummary summary;
  summary.content_hash = source.content_hash();
  if (!request.force) {
    ATTUNE_ASSIGN_OR_RETURN(std::optional<ImportJob> earlier,
                            store.FindSucceededImport(request.group, request.dataset,
                                                      summary.content_hash));
    if (earlier) return SkippedSummary(*earlier, summary.content_hash, request.origin);
  }
  ATTUNE_ASSIGN_OR_RETURN(ImportJob job, store.CreateImportJob(source.spec()));
  summary.job_id = job.id;
  ATTUNE_RETURN_IF_ERROR(store.UpdateImportJob(job.id, ImportJobUpdate{}));  // running
  LogInfo("import.start", {{"job", job.id}, {"group", request.group}, {"source", request.path}});
  Status status = ImportIntoJob(store, request, source, progress, summary);
  summary.seconds = (clock.MonotonicMicros() - start) / 1e6;
  if (!status.ok()) {  // the writer is gone (aborted): record the failure on its own
    summary.status = "failed";
    summary.message = status.message();
    summary.rows_imported = 0;
    summary.duplicates = 0;
    ATTUNE_RETURN_IF_ERROR(store.UpdateImportJob(job.id, FinalUpdate(summary)));
  }
  LogInfo("import.end", {{"job", job.id}, {"status", summary.status}, {"rows", summary.rows_read}});
  return summary;
}

}  // namespace attune

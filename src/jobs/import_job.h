// RunImport: one CSV (or LightGCN text) file into one dataset of a group, as one import job.
//
// The job is recorded in the store (queued -> running -> succeeded/failed, with counts and the
// first kMaxRowErrors row errors). Rows are checked against the dataset's schema; bad rows are
// skipped and reported with line, column (field name) and reason; good rows are written through
// one ImportWriter, i.e. one transaction. When rows_rejected / rows_read > max_error_rate the job
// fails and imports nothing. A file whose content hash matches an earlier succeeded import of the
// same group and dataset is skipped (status "skipped") unless `force`.
//
// Errors: RunImport returns a Status for a request that cannot start (unknown group, missing
// file, bad options); once the job exists, every failure is reported in the summary (status
// "failed", message) and persisted in the job record.
// Thread safety: RunImport may run on any thread; the store serialises the writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/csv.h"
#include "base/status.h"
#include "core/schema.h"
#include "jobs/job_progress.h"
#include "store/store.h"

namespace attune {

enum class ImportFormat {
  kCsv,       // RFC 4180 with a header row (or an explicit column list)
  kLightGcn,  // "user item item ..." per line, space separated; interactions only
};
Result<ImportFormat> ParseImportFormat(std::string_view name);  // "csv", "lightgcn"

// Who asked, so that messages name the options as the caller writes them.
enum class RequestOrigin {
  kCommandLine,  // `--max-error-rate 0.2`
  kHttpApi,      // `max_error_rate=0.2` (a query parameter, or a field of the JSON body)
};
// `flag` in the caller's spelling (given as the command-line flag, e.g. "--no-header"), followed
// by `value` when there is one: "--columns A,B" or "columns=A,B".
std::string OptionText(RequestOrigin origin, std::string_view flag, std::string_view value = {});

struct ImportRequest {
  RequestOrigin origin = RequestOrigin::kCommandLine;
  std::string group;
  DatasetType dataset = DatasetType::kInteractions;
  std::string path;                 // the file to read, unless `body` is set
  std::optional<std::string> body;  // in-memory content (HTTP API); `path` then only names it
  ImportMode mode = ImportMode::kIncremental;  // full replaces earlier imported rows
  ImportFormat format = ImportFormat::kCsv;
  CsvOptions csv;
  // false: the file has no header and `columns` names its columns in order (e.g. MovieLens
  // u.data: USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP with a tab delimiter).
  bool has_header = true;
  std::vector<std::string> columns;
  // The job fails, importing nothing, when more than this share of the rows is rejected.
  double max_error_rate = 0.10;
  bool force = false;  // import even when identical content was imported before
  // Event type for rows without an EVENT_TYPE column and for LightGCN files.
  std::string default_event_type = "interaction";
  const Clock* clock = nullptr;  // for `seconds`; null: SystemClock::Default()
};

struct ImportSummary {
  int64_t job_id = 0;          // for "skipped": the earlier job that imported this content
  std::string status;          // "succeeded", "failed" or "skipped"
  int64_t rows_read = 0;       // data records (LightGCN: user-item pairs)
  int64_t rows_imported = 0;
  int64_t rows_rejected = 0;
  int64_t duplicates = 0;      // interactions ignored because their EVENT_ID was already stored
  std::vector<RowError> errors;        // the first kMaxRowErrors
  std::vector<std::string> warnings;   // e.g. ignored columns
  std::string message;                 // why it failed or was skipped; a summary otherwise
  std::string content_hash;
  double seconds = 0;
};

Result<ImportSummary> RunImport(Store& store, const ImportRequest& request,
                                const JobProgressFn& progress);

}  // namespace attune

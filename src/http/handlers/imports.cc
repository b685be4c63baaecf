// Import jobs over HTTP. Every import runs on the ImportRunner's one thread (imports hold the
// store's write lock for their whole transaction, so running them one at a time costs nothing):
//   - CSV in the body (?dataset=...): the request waits for the job and answers its summary;
//   - {"path": ...} readable by the server: answers 202 with the job id as soon as the job exists.
#include <fstream>
#include <future>
#include <memory>

#include "http/handlers/handlers.h"
#include "http/json_codec.h"
#include "jobs/import_job.h"

namespace attune::http {
namespace {

Json JobToJson(const ImportJob& job) {
  Json errors = Json::array();
  for (const RowError& e : job.errors) {
    errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return {{"job_id", job.id},
          {"group", job.spec.group},
          {"dataset", std::string(DatasetTypeName(job.spec.dataset))},
          {"mode", std::string(ImportModeName(job.spec.mode))},
          {"source", job.spec.source},
          {"status", std::string(JobStatusName(job.status))},
          {"rows_read", job.rows_read},
          {"rows_imported", job.rows_imported},
          {"rows_rejected", job.rows_rejected},
          {"duplicates", job.duplicates},
          {"errors", errors},
          {"message", job.message},
          {"created_at", job.created_at},
          {"started_at", job.started_at},
          {"finished_at", job.finished_at}};
}

Json SummaryToJson(const ImportSummary& s) {
  Json errors = Json::array();
  for (const RowError& e : s.errors) {
    errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return {{"job_id", s.job_id},           {"status", s.status},
          {"rows_read", s.rows_read},     {"rows_imported", s.rows_imported},
          {"rows_rejected", s.rows_rejected}, {"duplicates", s.duplicates},
          {"errors", errors},             {"warnings", s.warnings},
          {"message", s.message},         {"seconds", s.seconds}};
}

// Options shared by both forms, from a JSON object (path form) or the query (body form).
Status ApplyOptions(ImportRequest& request, const std::string& dataset, const std::string& mode,
                    const std::string& format, const std::string& delimiter) {
  ATTUNE_ASSIGN_OR_RETURN(request.dataset, ParseDatasetType(dataset));
  if (!mode.empty()) {
    auto parsed = ParseImportMode(mode);
    if (!parsed.ok()) return parsed.status().WithContext("mode");
    request.mode = *parsed;
  }
  if (!format.empty()) {
    auto parsed = ParseImportFormat(format);
    if (!parsed.ok()) return parsed.status().WithContext("format");
    request.format = *parsed;
  }
  if (delimiter == "tab" || delimiter == "\\t") {
    request.csv.delimiter = '\t';
  } else if (delimiter.size() == 1) {
    request.csv.delimiter = delimiter[0];
  } else if (!delimiter.empty()) {
    return InvalidArgument("delimiter: expected one character or \"tab\", got \"" + delimiter +
                           "\"");
  }
  return Status::Ok();
}

Result<ImportRequest> RequestFromQuery(const HttpRequest& req) {
  ImportRequest request;
  request.group = PathParam(req, "group");
  auto get = [&](const char* name) {
    const std::string* v = Query(req, name);
    return v ? *v : std::string();
  };
  ATTUNE_RETURN_IF_ERROR(ApplyOptions(request, get("dataset"), get("mode"), get("format"),
                                      get("delimiter")).WithContext("query"));
  request.force = get("force") == "true";
  request.path = "request-body.csv";
  request.body = req.body;
  return request;
}

Result<ImportRequest> RequestFromJson(const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ImportRequest request;
  request.group = PathParam(req, "group");
  ATTUNE_ASSIGN_OR_RETURN(std::string dataset, reader.RequiredString("dataset"));
  ATTUNE_ASSIGN_OR_RETURN(request.path, reader.RequiredString("path"));
  ATTUNE_ASSIGN_OR_RETURN(auto mode, reader.OptionalString("mode"));
  ATTUNE_ASSIGN_OR_RETURN(auto format, reader.OptionalString("format"));
  ATTUNE_ASSIGN_OR_RETURN(auto delimiter, reader.OptionalString("delimiter"));
  ATTUNE_ASSIGN_OR_RETURN(auto force, reader.OptionalBool("force"));
  ATTUNE_RETURN_IF_ERROR(ApplyOptions(request, dataset, mode.value_or(""), format.value_or(""),
                                      delimiter.value_or("")));
  request.force = force.value_or(false);
  if (!std::ifstream(request.path)) {
    return InvalidArgument("path: the server cannot open \"" + request.path +
                           "\"; give a path readable by the server process, or send the CSV "
                           "as the request body with ?dataset=...");
  }
  return request;
}

// Runs `request` on the import thread. `started` gets the job id once the job exists (at the
// first progress report, or when the job ends); `done` gets the summary.
struct ImportCall {
  std::promise<int64_t> started;
  std::promise<Result<ImportSummary>> done;
  bool started_set = false;
};

void RunOnWorker(ApiContext& ctx, ImportRequest request, std::shared_ptr<ImportCall> call) {
  ctx.imports.Submit([&ctx, request = std::move(request), call] {
    auto on_progress = [&](const JobProgress&) {
      if (call->started_set) return;
      // Imports run one at a time here, so the group's newest job is this one.
      auto jobs = ctx.store.ListImportJobs(request.group, 1);
      if (jobs.ok() && !jobs->empty()) {
        call->started_set = true;
        call->started.set_value(jobs->front().id);
      }
    };
    Result<ImportSummary> summary = RunImport(ctx.store, request, on_progress);
    if (!call->started_set) call->started.set_value(summary.ok() ? summary->job_id : 0);
    call->done.set_value(std::move(summary));
  });
}

}  // namespace

HandlerResult StartImport(ApiContext& ctx, const HttpRequest& req) {
  const bool body_form = Query(req, "dataset") != nullptr;
  ATTUNE_ASSIGN_OR_RETURN(ImportRequest request,
                          body_form ? RequestFromQuery(req) : RequestFromJson(req));
  auto call = std::make_shared<ImportCall>();
  std::future<int64_t> started = call->started.get_future();
  std::future<Result<ImportSummary>> done = call->done.get_future();
  RunOnWorker(ctx, std::move(request), call);
  if (body_form) {
    ATTUNE_ASSIGN_OR_RETURN(ImportSummary summary, done.get());
    // A failed job is a successful request: the summary says why the job failed.
    return JsonResponse(200, SummaryToJson(summary));
  }
  const int64_t job_id = started.get();
  if (job_id == 0) {
    ATTUNE_ASSIGN_OR_RETURN(ImportSummary summary, done.get());  // failed before a job existed
    return Internal("import ended without a job: " + summary.message);
  }
  return JsonResponse(202, {{"job_id", job_id}, {"status", "running"}});
}

HandlerResult ListImports(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(int64_t limit, IntQuery(req, "limit", 50, 1, 1000));
  ATTUNE_ASSIGN_OR_RETURN(GroupInfo group, ctx.store.GetGroup(PathParam(req, "group")));
  ATTUNE_ASSIGN_OR_RETURN(std::vector<ImportJob> jobs,
                          ctx.store.ListImportJobs(group.name, int(limit)));
  Json list = Json::array();
  for (const ImportJob& job : jobs) list.push_back(JobToJson(job));
  return JsonResponse(200, {{"imports", list}});
}

HandlerResult GetImport(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(int64_t job_id, IdParam(req, "job_id"));
  ATTUNE_ASSIGN_OR_RETURN(ImportJob job, ctx.store.GetImportJob(job_id));
  if (job.spec.group != PathParam(req, "group")) {
    return NotFound("import job " + std::to_string(job_id) + " does not belong to group \"" +
                    PathParam(req, "group") + "\"");
  }
  return JsonResponse(200, JobToJson(job));
}

}  // namespace attune::http

// Import jobs over HTTP. Every import runs on the ImportRunner's one thread (imports hold the
// store's write lock for their whole transaction, so running them one at a time costs nothing):
//   - CSV in the body (?dataset=...): the request waits for the job and answers its summary;
//   - {"path": ...} readable by the server: answers 202 with the job id as soon as the job exists.
#include <cstdlib>
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

// The options of both forms, with the same names: the fields of the JSON body (path form) or the
// query parameters (body form, where every value is text: force=true, max_error_rate=0.2), so
// each value is read as its JSON type or, in a query, from its text.
class OptionReader {
 public:
  OptionReader(const FieldReader& reader, bool text_values)
      : reader_(reader), text_values_(text_values) {}

  Result<std::optional<bool>> Bool(const char* key) const {
    if (!text_values_) return reader_.OptionalBool(key);
    ATTUNE_ASSIGN_OR_RETURN(std::optional<std::string> text, reader_.OptionalString(key));
    if (!text) return std::optional<bool>();
    if (*text == "true" || *text == "1" || text->empty()) return std::optional<bool>(true);  // ?force
    if (*text == "false" || *text == "0") return std::optional<bool>(false);
    return InvalidArgument(JsonPath(reader_.path(), key) + ": expected true or false, got \"" +
                           *text + "\"");
  }

  Result<std::optional<double>> Number(const char* key) const {
    const Json* value = reader_.Find(key);
    if (value == nullptr) return std::optional<double>();
    if (value->is_number()) return std::optional<double>(value->get<double>());
    if (text_values_ && value->is_string()) {
      const std::string& text = value->get_ref<const std::string&>();
      char* end = nullptr;
      const double number = std::strtod(text.c_str(), &end);
      if (!text.empty() && end == text.c_str() + text.size()) return std::optional<double>(number);
    }
    return InvalidArgument(JsonPath(reader_.path(), key) + ": expected a number, got " +
                           DescribeJson(*value));
  }

  // "A,B,C", or in JSON also ["A", "B", "C"].
  Result<std::vector<std::string>> Columns(const char* key) const {
    const Json* value = reader_.Find(key);
    if (value == nullptr) return std::vector<std::string>();
    if (value->is_string()) return ParseColumnList(value->get_ref<const std::string&>());
    std::vector<std::string> names;
    if (value->is_array()) {
      for (const Json& name : *value) {
        if (!name.is_string()) break;
        names.push_back(name.get<std::string>());
      }
      if (names.size() == value->size()) return names;
    }
    return InvalidArgument(JsonPath(reader_.path(), key) +
                           ": expected \"USER_ID,ITEM_ID,...\" or an array of column names, got " +
                           DescribeJson(*value));
  }

  const FieldReader& fields() const { return reader_; }

 private:
  const FieldReader& reader_;
  bool text_values_;
};

// The string option `key` through `parse` (text -> Result<T>) into `out`; absent leaves `out` as
// it is. A parse error names the option: `query.mode: unknown import mode "ful"; ...`.
template <typename T, typename Parse>
Status ParseOption(const FieldReader& fields, const char* key, Parse parse, T& out) {
  ATTUNE_ASSIGN_OR_RETURN(std::optional<std::string> text, fields.OptionalString(key));
  if (!text) return Status::Ok();
  Result<T> parsed = parse(*text);
  if (!parsed.ok()) return parsed.status().WithContext(JsonPath(fields.path(), key));
  out = *parsed;
  return Status::Ok();
}

Status ApplyOptions(const OptionReader& options, ImportRequest& request) {
  const FieldReader& fields = options.fields();
  ATTUNE_RETURN_IF_ERROR(fields.RequiredString("dataset").status());
  ATTUNE_RETURN_IF_ERROR(ParseOption(fields, "dataset", ParseDatasetType, request.dataset));
  ATTUNE_RETURN_IF_ERROR(ParseOption(fields, "mode", ParseImportMode, request.mode));
  ATTUNE_RETURN_IF_ERROR(ParseOption(fields, "format", ParseImportFormat, request.format));
  ATTUNE_RETURN_IF_ERROR(ParseOption(fields, "delimiter", ParseCsvDelimiter, request.csv.delimiter));
  ATTUNE_ASSIGN_OR_RETURN(auto no_header, options.Bool("no_header"));
  request.has_header = !no_header.value_or(false);
  ATTUNE_ASSIGN_OR_RETURN(request.columns, options.Columns("columns"));
  ATTUNE_ASSIGN_OR_RETURN(auto max_error_rate, options.Number("max_error_rate"));
  if (max_error_rate) request.max_error_rate = *max_error_rate;
  ATTUNE_ASSIGN_OR_RETURN(auto force, options.Bool("force"));
  request.force = force.value_or(false);
  request.origin = RequestOrigin::kHttpApi;
  return Status::Ok();
}

Result<ImportRequest> RequestFromQuery(const HttpRequest& req) {
  Json query = Json::object();
  for (const auto& [name, value] : req.query) query[name] = value;
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(query, "query"));
  ATTUNE_RETURN_IF_ERROR(reader.CheckKnownKeys({"dataset", "mode", "format", "delimiter", "no_header",
                                                "columns", "max_error_rate", "force"}));
  ImportRequest request;
  request.group = PathParam(req, "group");
  ATTUNE_RETURN_IF_ERROR(ApplyOptions(OptionReader(reader, true), request));
  request.path = "request-body.csv";
  request.body = req.body;
  return request;
}

Result<ImportRequest> RequestFromJson(const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ATTUNE_RETURN_IF_ERROR(reader.CheckKnownKeys({"path", "dataset", "mode", "format", "delimiter",
                                                "no_header", "columns", "max_error_rate", "force"}));
  ImportRequest request;
  request.group = PathParam(req, "group");
  ATTUNE_ASSIGN_OR_RETURN(request.path, reader.RequiredString("path"));
  ATTUNE_RETURN_IF_ERROR(ApplyOptions(OptionReader(reader, false), request));
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

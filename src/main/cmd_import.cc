// `attune import`: one CSV (or LightGCN) file into one dataset of a group, as an import job.
#include <iostream>

#include <nlohmann/json.hpp>

#include "jobs/import_job.h"
#include "main/command.h"
#include "main/progress_bar.h"
#include "main/verb_options.h"
#include "store/store.h"

namespace attune {
namespace {

struct ImportFlags {
  std::string group, dataset = "interactions", mode = "incremental", delimiter = ",";
  std::string columns, format = "csv", data_dir, file;
  bool no_header = false, force = false, json = false;
  double max_error_rate = 0.10;
};

Result<ImportRequest> MakeRequest(const ImportFlags& flags) {
  ImportRequest request;
  request.group = flags.group;
  ATTUNE_ASSIGN_OR_RETURN(request.dataset, ParseDatasetType(flags.dataset));
  ATTUNE_ASSIGN_OR_RETURN(request.mode, ParseImportMode(flags.mode));
  ATTUNE_ASSIGN_OR_RETURN(request.format, ParseImportFormat(flags.format));
  Result<char> delimiter = ParseCsvDelimiter(flags.delimiter);
  if (!delimiter.ok()) return delimiter.status().WithContext("--delimiter");
  request.csv.delimiter = *delimiter;
  request.path = flags.file;
  request.has_header = !flags.no_header;
  request.columns = ParseColumnList(flags.columns);
  request.max_error_rate = flags.max_error_rate;
  request.force = flags.force;
  return request;
}

// Creates the group when it does not exist yet, and says so on stderr.
Status EnsureGroup(Store& store, const std::string& group) {
  Result<GroupInfo> info = store.GetGroup(group);
  if (info.ok()) return Status::Ok();
  if (info.status().code() != StatusCode::kNotFound) return info.status();
  ATTUNE_RETURN_IF_ERROR(store.CreateGroup(group));
  std::fprintf(stderr, "created dataset group \"%s\"\n", group.c_str());
  return Status::Ok();
}

nlohmann::json SummaryJson(const ImportSummary& s) {
  nlohmann::json errors = nlohmann::json::array();
  for (const RowError& e : s.errors) {
    errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return {{"job_id", s.job_id}, {"status", s.status}, {"rows_read", s.rows_read},
          {"rows_imported", s.rows_imported}, {"rows_rejected", s.rows_rejected},
          {"duplicates", s.duplicates}, {"errors", errors}, {"warnings", s.warnings},
          {"message", s.message}, {"content_hash", s.content_hash}, {"seconds", s.seconds}};
}

void PrintHuman(const ImportSummary& s) {
  for (const std::string& warning : s.warnings) std::printf("warning: %s\n", warning.c_str());
  for (const RowError& e : s.errors) {
    std::printf("line %lld%s%s: %s\n", static_cast<long long>(e.line), e.column.empty() ? "" : ", ",
                e.column.c_str(), e.message.c_str());
  }
  if (s.rows_rejected > static_cast<int64_t>(s.errors.size())) {
    std::printf("... and %lld more rejected rows\n",
                static_cast<long long>(s.rows_rejected - s.errors.size()));
  }
  std::printf("job %lld %s: %s (%.2f s)\n", static_cast<long long>(s.job_id), s.status.c_str(),
              s.message.c_str(), s.seconds);
}

Result<ImportSummary> OpenAndImport(const std::string& data_dir_flag, const ImportRequest& request) {
  ATTUNE_ASSIGN_OR_RETURN(ServerOptions config, LoadVerbOptions({"", data_dir_flag}));
  StoreOptions options;
  options.location = config.data_dir;
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options));
  ATTUNE_RETURN_IF_ERROR(EnsureGroup(*store, request.group));
  ProgressBar bar("import");
  return RunImport(*store, request, [&bar](const JobProgress& p) {
    bar.Update(p.done, p.total, p.rows);
  });
}

int RunImportCommand(const ImportFlags& flags) {
  Result<ImportRequest> request = MakeRequest(flags);
  if (!request.ok()) {
    std::fprintf(stderr, "attune import: %s\n", request.status().message().c_str());
    return 2;
  }
  Result<ImportSummary> summary = OpenAndImport(flags.data_dir, *request);
  if (!summary.ok()) {
    std::fprintf(stderr, "attune import: %s\n", summary.status().message().c_str());
    return 1;
  }
  if (flags.json) {
    std::cout << SummaryJson(*summary).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    PrintHuman(*summary);
  }
  return summary->status == "failed" ? 1 : 0;
}

void SetupImport(CLI::App& sub, int& exit_code) {
  auto flags = std::make_shared<ImportFlags>();
  sub.add_option("--group", flags->group, "Dataset group (created when missing)")->required();
  sub.add_option("--dataset", flags->dataset, "interactions, items or users")->capture_default_str();
  sub.add_option("--mode", flags->mode, "incremental (add/upsert) or full (replace imported rows)")
      ->capture_default_str();
  sub.add_option("--delimiter", flags->delimiter, "Field delimiter: one character, or tab")
      ->capture_default_str();
  sub.add_flag("--no-header", flags->no_header, "The file has no header row (needs --columns)");
  sub.add_option("--columns", flags->columns, "Column names in order, e.g. USER_ID,ITEM_ID,TIMESTAMP");
  sub.add_option("--format", flags->format, "csv, or lightgcn (\"user item item ...\" lines)")
      ->capture_default_str();
  sub.add_option("--max-error-rate", flags->max_error_rate,
                 "Fail, importing nothing, when more than this share of rows is bad")
      ->capture_default_str();
  sub.add_flag("--force", flags->force, "Import even if identical content was imported before");
  sub.add_flag("--json", flags->json, "Print the summary as one JSON object");
  AddDataDirOption(sub, flags->data_dir);
  sub.add_option("file", flags->file, "The file to import")->required();
  sub.callback([flags, &exit_code] { exit_code = RunImportCommand(*flags); });
}

ATTUNE_COMMAND(kImportCommand, "import", "Import a CSV file into a dataset of a group", 20,
               SetupImport);

}  // namespace
}  // namespace attune

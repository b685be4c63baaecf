#include "jobs/import_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace attune {
namespace {

std::string HashText(uint64_t hash) {
  char text[32];
  std::snprintf(text, sizeof(text), "xh64:%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::string FieldList(const Schema& schema) {
  std::string out;
  for (const Field& field : schema.fields()) out += (out.empty() ? "" : ", ") + field.name;
  return out;
}

Status CheckRequest(const ImportRequest& request) {
  auto option = [&](std::string_view flag, std::string_view value = {}) {
    return OptionText(request.origin, flag, value);
  };
  if (request.group.empty()) return InvalidArgument("no group given; use " + option("--group", "NAME"));
  if (request.format == ImportFormat::kLightGcn && request.dataset != DatasetType::kInteractions) {
    return InvalidArgument(option("--format", "lightgcn") + " holds interactions only; use " +
                           option("--dataset", "interactions"));
  }
  if (request.format == ImportFormat::kCsv && !request.has_header && request.columns.empty()) {
    return InvalidArgument(option("--no-header") + " needs " + option("--columns") + ", e.g. " +
                           option("--columns", "USER_ID,ITEM_ID,TIMESTAMP"));
  }
  if (request.has_header && !request.columns.empty()) {
    return InvalidArgument(option("--columns") + " names the columns of a file without a header; add " +
                           option("--no-header"));
  }
  if (!(request.max_error_rate >= 0 && request.max_error_rate <= 1)) {
    return InvalidArgument(option("--max-error-rate") + " must be between 0 and 1, got " +
                           std::to_string(request.max_error_rate));
  }
  return Status::Ok();
}

Status CheckColumns(const Schema& schema, const ImportRequest& request) {
  for (const std::string& name : request.columns) {
    if (schema.FindField(name) < 0) {
      return InvalidArgument("unknown column \"" + name + "\" in " +
                             OptionText(request.origin, "--columns") + "; the " +
                             std::string(DatasetTypeName(schema.dataset())) +
                             " schema has: " + FieldList(schema));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> HashFileContent(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Unavailable(path + ": cannot open: " + std::strerror(errno));
  std::string buffer(size_t{1} << 20, '\0');
  StreamHash64 hash;
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      Status error = Unavailable(path + ": read failed: " + std::strerror(errno));
      ::close(fd);
      return error;
    }
    if (got == 0) break;
    hash.Update(std::string_view(buffer.data(), got));
  }
  ::close(fd);
  return HashText(hash.Finish());
}

std::string HashStringContent(std::string_view data) {
  StreamHash64 hash;
  hash.Update(data);
  return HashText(hash.Finish());
}

RowError CsvErrorToRowError(const std::string& reader_name, const std::string& message) {
  RowError error{0, "", message};
  if (message.compare(0, reader_name.size() + 1, reader_name + ":") != 0) return error;
  const char* p = message.c_str() + reader_name.size() + 1;
  char* end = nullptr;
  error.line = std::strtoll(p, &end, 10);
  if (*end != ':') return error;
  long column = std::strtol(end + 1, &end, 10);
  if (std::strncmp(end, ": ", 2) != 0) return error;
  error.message = "character " + std::to_string(column) + ": " + std::string(end + 2);
  return error;
}

Result<ImportSource> ImportSource::Prepare(Store& store, const ImportRequest& request) {
  ATTUNE_RETURN_IF_ERROR(CheckRequest(request));
  ATTUNE_RETURN_IF_ERROR(store.GetGroup(request.group).status());
  ATTUNE_ASSIGN_OR_RETURN(Schema schema, store.GetSchema(request.group, request.dataset));
  ATTUNE_RETURN_IF_ERROR(CheckColumns(schema, request));
  ImportSource source(request, std::move(schema));
  CsvOptions csv = request.csv;
  if (request.format == ImportFormat::kLightGcn) csv.delimiter = ' ';
  if (request.body) {
    std::string name = request.path.empty() ? "request body" : request.path;
    source.reader_ = CsvReader::FromString(*request.body, name, csv);
    source.spec_.content_hash = HashStringContent(*request.body);
    source.spec_.source = name;
  } else {
    ATTUNE_ASSIGN_OR_RETURN(source.reader_, CsvReader::OpenFile(request.path, csv));
    // A second, fast read: the job record needs the hash before the import starts.
    ATTUNE_ASSIGN_OR_RETURN(source.spec_.content_hash, HashFileContent(request.path));
    source.spec_.source = request.path;
  }
  source.spec_.group = request.group;
  source.spec_.dataset = request.dataset;
  source.spec_.mode = request.mode;
  return source;
}

Result<std::vector<std::string>> ImportSource::ReadHeader() const {
  if (!request_->has_header) return request_->columns;
  CsvRow row;
  Result<bool> more = reader_->Next(row);
  if (!more.ok()) return InvalidArgument("header: " + more.status().message());
  if (!*more) {
    return InvalidArgument(reader_->name() + ": the file is empty; expected a header line "
                           "(or use " + OptionText(request_->origin, "--no-header") + " " +
                           OptionText(request_->origin, "--columns", "...") + ")");
  }
  return std::vector<std::string>(row.fields.begin(), row.fields.end());
}

Result<std::unique_ptr<RowConverter>> ImportSource::MakeConverter(
    std::vector<std::string>& warnings) const {
  ATTUNE_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader());
  const int event_type = schema_.FindField("EVENT_TYPE");
  bool virtual_event_type = event_type >= 0;
  for (const std::string& name : header) {
    if (schema_.FindField(name) == event_type) virtual_event_type = false;
  }
  std::vector<std::string> matched = header;
  if (virtual_event_type) matched.push_back("EVENT_TYPE");
  Result<HeaderMapping> mapping = schema_.MatchHeader(matched);
  if (!mapping.ok()) return mapping.status().WithContext(reader_->name());
  if (virtual_event_type) {
    mapping->column_to_field.pop_back();  // the column is not in the file
    warnings.push_back("no EVENT_TYPE column: every row gets event type \"" +
                       request_->default_event_type + "\"");
  }
  for (const std::string& name : mapping->ignored_columns) {
    warnings.push_back("ignored column \"" + name + "\": not a field of the " +
                       std::string(DatasetTypeName(schema_.dataset())) + " schema (" +
                       FieldList(schema_) + ")");
  }
  return std::make_unique<RowConverter>(schema_, std::move(*mapping), request_->default_event_type);
}

}  // namespace attune

// ImportSource: everything an import needs before its job exists — the checked request, the
// dataset's schema, the content hash and the open reader — and the header handling after.
//
// Prepare() fails (and no job is created) for requests that cannot start: an unknown group, a
// missing file, an unknown name in an explicit column list, contradictory options.
// Thread safety: one import at a time per ImportSource.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/csv.h"
#include "jobs/import_job.h"
#include "jobs/import_rows.h"
#include "store/store.h"

namespace attune {

class ImportSource {
 public:
  static Result<ImportSource> Prepare(Store& store, const ImportRequest& request);

  const ImportJobSpec& spec() const { return spec_; }
  const std::string& content_hash() const { return spec_.content_hash; }
  CsvReader& reader() const { return *reader_; }

  // Reads the header (or takes the explicit column list), matches it to the schema and returns
  // the converter. Ignored columns are added to `warnings`. InvalidArgument names what is wrong
  // (a missing required column, an empty file, a malformed header).
  Result<std::unique_ptr<RowConverter>> MakeConverter(std::vector<std::string>& warnings) const;

 private:
  ImportSource(const ImportRequest& request, Schema schema) : request_(&request), schema_(std::move(schema)) {}
  Result<std::vector<std::string>> ReadHeader() const;

  const ImportRequest* request_;
  Schema schema_;
  ImportJobSpec spec_;
  std::unique_ptr<CsvReader> reader_;
};

// "t.csv:12:5: reason" (a CsvReader error) as a row error {12, "", "character 5: reason"}.
RowError CsvErrorToRowError(const std::string& reader_name, const std::string& message);

// The content hash used to detect re-imports: "xh64:" + 16 hex digits of StreamHash64.
Result<std::string> HashFileContent(const std::string& path);
std::string HashStringContent(std::string_view data);

}  // namespace attune

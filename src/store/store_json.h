// JSON text columns of the store (schemas, import-job row errors), via nlohmann-json, which only
// the store's .cc files include. Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/schema.h"
#include "store/store.h"

namespace attune {

// {"fields":[{"name":"CATEGORY","type":"categorical"},...]} (declared fields only).
std::string SchemaToJson(const Schema& schema);
Result<Schema> SchemaFromJson(DatasetType dataset, std::string_view json);

// [{"line":3,"column":"TIMESTAMP","message":"..."},...]
std::string RowErrorsToJson(const std::vector<RowError>& errors);
Result<std::vector<RowError>> RowErrorsFromJson(std::string_view json);

}  // namespace attune

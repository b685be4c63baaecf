#include "store/store_json.h"

#include <nlohmann/json.hpp>

namespace attune {

using nlohmann::json;

std::string SchemaToJson(const Schema& schema) {
  json fields = json::array();
  for (const Field& field : schema.declared_fields()) {
    fields.push_back({{"name", field.name}, {"type", std::string(FieldTypeName(field.type))}});
  }
  return json{{"fields", fields}}.dump();
}

Result<Schema> SchemaFromJson(DatasetType dataset, std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("fields") || !doc["fields"].is_array()) {
    return Internal("stored schema of " + std::string(DatasetTypeName(dataset)) + " is not valid JSON");
  }
  std::vector<Field> declared;
  for (const json& field : doc["fields"]) {
    if (!field.is_object() || !field.value("name", json()).is_string() || !field.value("type", json()).is_string()) {
      return Internal("stored schema field is malformed: " + field.dump());
    }
    ATTUNE_ASSIGN_OR_RETURN(FieldType type, ParseFieldType(field["type"].get<std::string>()));
    declared.push_back(Field{field["name"].get<std::string>(), type});
  }
  return Schema::Create(dataset, std::move(declared));
}

std::string RowErrorsToJson(const std::vector<RowError>& errors) {
  json out = json::array();
  for (size_t i = 0; i < errors.size() && i < kMaxRowErrors; ++i) {
    out.push_back({{"line", errors[i].line}, {"column", errors[i].column}, {"message", errors[i].message}});
  }
  // Replace invalid UTF-8 (a bad CSV byte in a message) instead of throwing.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<RowError>> RowErrorsFromJson(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_array()) return Internal("stored import errors are not a JSON array");
  std::vector<RowError> errors;
  for (const json& e : doc) {
    if (!e.is_object()) continue;
    errors.push_back(RowError{e.value("line", int64_t{0}), e.value("column", std::string()),
                              e.value("message", std::string())});
  }
  return errors;
}

}  // namespace attune

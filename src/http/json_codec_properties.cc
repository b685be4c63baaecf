// The "properties" object of an item, a user or an event, checked against the dataset's schema.
// The checks and the stored form are the CSV import's (store/record_json.h PropertiesJson, which
// calls Schema::ValidateValue): a row is accepted or rejected the same way whichever way it came.
#include "http/json_codec.h"
#include "store/record_json.h"

namespace attune::http {
namespace {

// The CSV text form of a JSON value ("a|b" for an array of strings), so the import's checker sees
// exactly what a CSV cell would hold.
Result<std::string> ValueText(const Json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  if (value.is_array()) {
    std::string joined;
    for (size_t value_idx = 0; value_idx < value.size(); ++value_idx) {
      if (!value[value_idx].is_string()) {
        return InvalidArgument(JsonPath(path, value_idx) + ": expected a string, got " +
                               DescribeJson(value[value_idx]));
      }
      joined += (value_idx ? "|" : "") + value[value_idx].get<std::string>();
    }
    return joined;
  }
  return InvalidArgument(path + ": expected a string, number or array of strings, got " +
                         DescribeJson(value));
}

std::string DeclaredNames(const Schema& schema) {
  std::string names;
  for (const Field& field : schema.fields()) {
    if (!field.reserved) names += (names.empty() ? "" : ", ") + field.name;
  }
  return names.empty() ? "(none)" : names;
}

Status NotDeclared(const std::string& path, const Schema& schema) {
  return InvalidArgument(path + ": not a declared field of the " +
                         std::string(DatasetTypeName(schema.dataset())) +
                         " schema; declared fields: " + DeclaredNames(schema) +
                         " (PUT the schema to add one)");
}

// The checked text of one property for its schema field ("" when null or empty: absent).
// Checked here as well as in PropertiesJson so that the message names the JSON path. Declared
// fields are never required, so an empty value is an absent one, as an empty CSV cell is.
Result<std::string> PropertyText(const Json& value, const std::string& path, const Field& field) {
  if (value.is_null()) return std::string();
  ATTUNE_ASSIGN_OR_RETURN(std::string text, ValueText(value, path));
  if (text.empty()) return text;
  Status valid = ValidateFieldValue(field.type, text);
  if (!valid.ok()) return valid.WithContext(path);
  return text;
}

}  // namespace

Result<std::string> DecodeProperties(const FieldReader& row, const Schema& schema) {
  const Json* properties = row.Find("properties");
  if (properties == nullptr) return std::string();
  const std::string path = JsonPath(row.path(), "properties");
  ATTUNE_RETURN_IF_ERROR(FieldReader::Of(*properties, path).status());
  // Text per schema field, as RowConverter hands a CSV row's cells to PropertiesJson.
  std::vector<std::string> texts(schema.fields().size());
  std::vector<bool> seen(schema.fields().size(), false);
  for (const auto& [name, value] : properties->items()) {
    const std::string value_path = JsonPath(path, name);
    const int field_idx = schema.FindField(name);
    if (field_idx < 0 || schema.fields()[field_idx].reserved) return NotDeclared(value_path, schema);
    const Field& field = schema.fields()[field_idx];
    if (seen[field_idx]) {
      return InvalidArgument(value_path + ": a second key for field " + field.name +
                             " (names ignore case); keep one");
    }
    seen[field_idx] = true;
    ATTUNE_ASSIGN_OR_RETURN(texts[field_idx], PropertyText(value, value_path, field));
  }
  std::vector<std::string_view> values(texts.begin(), texts.end());
  Result<std::string> stored = PropertiesJson(schema, values);
  if (!stored.ok()) return stored.status().WithContext(path);
  return stored;
}

}  // namespace attune::http

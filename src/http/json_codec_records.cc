// Items and users from JSON, validated against the dataset's schema.
#include "http/json_codec.h"

namespace attune::http {
namespace {

// The text form Schema::ValidateValue checks ("a|b" for multi_categorical arrays).
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

// The stored JSON value for a checked field: numbers as numbers, multi_categorical as arrays.
Json StoredValue(FieldType type, const std::string& text) {
  if (type == FieldType::kNumeric) return Json::parse(text, nullptr, false);
  if (type == FieldType::kMultiCategorical) {
    Json values = Json::array();
    size_t start = 0;
    while (start <= text.size() && !text.empty()) {
      size_t bar = text.find('|', start);
      if (bar == std::string::npos) bar = text.size();
      values.push_back(text.substr(start, bar - start));
      start = bar + 1;
    }
    return values;
  }
  return text;
}

std::string DeclaredNames(const Schema& schema) {
  std::string names;
  for (const Field& field : schema.fields()) {
    if (!field.reserved) names += (names.empty() ? "" : ", ") + field.name;
  }
  return names.empty() ? "(none)" : names;
}

Result<std::string> DecodeProperties(const FieldReader& row, const Schema& schema) {
  const Json* properties = row.Find("properties");
  if (properties == nullptr) return std::string("{}");
  const std::string path = JsonPath(row.path(), "properties");
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(*properties, path));
  Json stored = Json::object();
  for (const auto& [name, value] : properties->items()) {
    const std::string value_path = JsonPath(path, name);
    const int field_idx = schema.FindField(name);
    if (field_idx < 0 || schema.fields()[field_idx].reserved) {
      return InvalidArgument(value_path + ": not a declared field of the " +
                             std::string(DatasetTypeName(schema.dataset())) +
                             " schema; declared fields: " + DeclaredNames(schema) +
                             " (PUT the schema to add one)");
    }
    if (value.is_null()) continue;
    ATTUNE_ASSIGN_OR_RETURN(std::string text, ValueText(value, value_path));
    const Field& field = schema.fields()[field_idx];
    Status valid = ValidateFieldValue(field.type, text);
    if (!valid.ok()) return valid.WithContext(value_path);
    stored[field.name] = StoredValue(field.type, text);
  }
  return stored.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

Result<ItemRecord> DecodeItem(const Json& row, const std::string& path, const Schema& schema) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(row, path));
  ItemRecord item;
  ATTUNE_ASSIGN_OR_RETURN(item.item_id, reader.RequiredString("item_id"));
  ATTUNE_ASSIGN_OR_RETURN(item.creation_timestamp, reader.OptionalTimestamp("creation_timestamp"));
  ATTUNE_ASSIGN_OR_RETURN(item.properties_json, DecodeProperties(reader, schema));
  return item;
}

Result<UserRecord> DecodeUser(const Json& row, const std::string& path, const Schema& schema) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(row, path));
  UserRecord user;
  ATTUNE_ASSIGN_OR_RETURN(user.user_id, reader.RequiredString("user_id"));
  ATTUNE_ASSIGN_OR_RETURN(user.properties_json, DecodeProperties(reader, schema));
  return user;
}

}  // namespace attune::http

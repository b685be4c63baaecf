#include "http/json_codec.h"

#include <cmath>

#include "core/timestamp.h"

namespace attune::http {

Result<Json> ParseJsonBody(const std::string& body) {
  if (body.empty()) return InvalidArgument("request body is empty; expected a JSON object");
  try {
    return Json::parse(body);
  } catch (const Json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 2, column 5: ...".
    std::string what = e.what();
    const size_t at = what.find("parse error");
    return InvalidArgument("request body is not valid JSON: at byte " + std::to_string(e.byte) +
                           ": " + (at == std::string::npos ? what : what.substr(at)));
  }
}

std::string JsonPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string JsonPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string DescribeJson(const Json& value) {
  if (value.is_string()) {
    std::string s = value.get<std::string>();
    if (s.size() > 80) s = s.substr(0, 80) + "...";
    return "\"" + s + "\"";
  }
  if (value.is_number()) return "the number " + value.dump();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return "null";
  if (value.is_array()) return "an array";
  return "an object";
}

Result<FieldReader> FieldReader::Of(const Json& object, std::string path) {
  if (!object.is_object()) {
    return InvalidArgument((path.empty() ? std::string("request body") : path) +
                           ": expected a JSON object, got " + DescribeJson(object));
  }
  return FieldReader(object, std::move(path));
}

const Json* FieldReader::Find(const char* key) const {
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

Status FieldReader::CheckKnownKeys(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : object_->items()) {
    bool is_known = false;
    for (std::string_view name : known) is_known = is_known || key == name;
    if (is_known) continue;
    std::string expected;
    for (std::string_view name : known) expected += (expected.empty() ? "" : ", ") + std::string(name);
    return InvalidArgument(JsonPath(path_, key) + ": unknown field; expected one of: " + expected);
  }
  return Status::Ok();
}

Status FieldReader::TypeError(const char* key, const char* expected, const Json& got) const {
  return InvalidArgument(JsonPath(path_, key) + ": expected " + expected + ", got " +
                         DescribeJson(got));
}

Result<std::string> FieldReader::RequiredString(const char* key) const {
  ATTUNE_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(key));
  if (!value || value->empty()) {
    return InvalidArgument(JsonPath(path_, key) + ": required, expected a non-empty string");
  }
  return *value;
}

Result<std::optional<std::string>> FieldReader::OptionalString(const char* key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return TypeError(key, "a string", *value);
  return std::optional<std::string>(value->get<std::string>());
}

Result<std::optional<std::string>> FieldReader::OptionalScalarText(const char* key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<std::string>();
  if (value->is_string()) return std::optional<std::string>(value->get<std::string>());
  if (value->is_number_integer()) return std::optional<std::string>(value->dump());
  if (value->is_number_float() && std::isfinite(value->get<double>())) {
    return std::optional<std::string>(value->dump());
  }
  return TypeError(key, "a number or a string", *value);
}

Result<std::optional<bool>> FieldReader::OptionalBool(const char* key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return TypeError(key, "true or false", *value);
  return std::optional<bool>(value->get<bool>());
}

Result<std::optional<int64_t>> FieldReader::OptionalTimestamp(const char* key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<int64_t>();
  std::string text;
  if (value->is_string()) {
    text = value->get<std::string>();
  } else if (value->is_number_integer() || value->is_number_float()) {
    text = value->dump();
  } else {
    return TypeError(key, "epoch seconds or ISO-8601", *value);
  }
  auto seconds = ParseTimestamp(text);
  if (!seconds.ok()) {
    return InvalidArgument(JsonPath(path_, key) + ": expected epoch seconds or ISO-8601, got " +
                           DescribeJson(*value));
  }
  return std::optional<int64_t>(*seconds);
}

Result<const Json*> FieldReader::Array(const char* key, bool required) const {
  const Json* value = Find(key);
  if (value == nullptr) {
    if (!required) return static_cast<const Json*>(nullptr);
    return InvalidArgument(JsonPath(path_, key) + ": required, expected an array");
  }
  if (!value->is_array()) return TypeError(key, "an array", *value);
  return value;
}

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

Json SchemaToJson(const Schema& schema) {
  Json fields = Json::array();
  for (const Field& field : schema.fields()) {
    fields.push_back({{"name", field.name},
                      {"type", std::string(FieldTypeName(field.type))},
                      {"required", field.required},
                      {"reserved", field.reserved}});
  }
  return {{"dataset", std::string(DatasetTypeName(schema.dataset()))}, {"fields", fields}};
}

Result<Schema> SchemaFromJson(DatasetType dataset, const Json& body) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ATTUNE_ASSIGN_OR_RETURN(const Json* fields, reader.Array("fields", true));
  std::vector<Field> declared;
  for (size_t field_idx = 0; field_idx < fields->size(); ++field_idx) {
    const std::string path = JsonPath("fields", field_idx);
    ATTUNE_ASSIGN_OR_RETURN(FieldReader f, FieldReader::Of((*fields)[field_idx], path));
    ATTUNE_ASSIGN_OR_RETURN(std::string name, f.RequiredString("name"));
    ATTUNE_ASSIGN_OR_RETURN(std::string type_name, f.RequiredString("type"));
    auto type = ParseFieldType(type_name);
    if (!type.ok()) return type.status().WithContext(JsonPath(path, "type"));
    // Reserved fields may be listed (as GET returns them); they are rebuilt by Schema::Create.
    auto reserved = Schema::Default(dataset);
    const int idx = reserved.FindField(name);
    if (idx >= 0 && reserved.fields()[idx].reserved) continue;
    declared.push_back(Field{name, *type, false, false});
  }
  auto schema = Schema::Create(dataset, std::move(declared));
  if (!schema.ok()) return schema.status().WithContext("fields");
  return schema;
}

}  // namespace attune::http

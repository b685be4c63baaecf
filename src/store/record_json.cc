#include "store/record_json.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/timestamp.h"

namespace attune {
namespace {

using nlohmann::json;

Result<json> ToJson(const Field& field, std::string_view value) {
  switch (field.type) {
    case FieldType::kNumeric: {
      double number = 0;
      (void)std::from_chars(value.data(), value.data() + value.size(), number);
      return json(number);
    }
    case FieldType::kTimestamp: {
      ATTUNE_ASSIGN_OR_RETURN(int64_t seconds, ParseTimestamp(value));
      return json(seconds);
    }
    case FieldType::kMultiCategorical: {
      json parts = json::array();
      for (size_t start = 0; start <= value.size();) {
        const size_t bar = std::min(value.find('|', start), value.size());
        if (bar > start) parts.push_back(std::string(value.substr(start, bar - start)));
        start = bar + 1;
      }
      return parts;
    }
    case FieldType::kCategorical:
    case FieldType::kText: return json(std::string(value));
  }
  return json(std::string(value));
}

}  // namespace

Result<std::string> PropertiesJson(const Schema& schema, const std::vector<std::string_view>& values) {
  json object = json::object();
  const auto& fields = schema.fields();
  for (size_t i = 0; i < fields.size() && i < values.size(); ++i) {
    if (fields[i].reserved || values[i].empty()) continue;
    ATTUNE_RETURN_IF_ERROR(schema.ValidateValue(static_cast<int>(i), values[i]));
    ATTUNE_ASSIGN_OR_RETURN(json value, ToJson(fields[i], values[i]));
    object[fields[i].name] = std::move(value);
  }
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace attune

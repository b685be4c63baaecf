// Event batches from JSON (POST /v1/groups/{group}/events).
#include "http/json_codec.h"

namespace attune::http {
namespace {

Result<std::string> ImpressionText(const FieldReader& event) {
  const Json* value = event.Find("impression");
  if (value == nullptr) return std::string();
  if (value->is_string()) return value->get<std::string>();
  const std::string path = JsonPath(event.path(), "impression");
  if (!value->is_array()) {
    return InvalidArgument(path + ": expected an array of item ids or \"a|b|c\", got " +
                           DescribeJson(*value));
  }
  std::string joined;
  for (size_t item_idx = 0; item_idx < value->size(); ++item_idx) {
    const Json& item = (*value)[item_idx];
    if (!item.is_string()) {
      return InvalidArgument(JsonPath(path, item_idx) + ": expected an item id string, got " +
                             DescribeJson(item));
    }
    joined += (item_idx ? "|" : "") + item.get<std::string>();
  }
  return joined;
}

Result<std::optional<double>> EventValue(const FieldReader& event) {
  const Json* value = event.Find("event_value");
  if (value == nullptr) return std::optional<double>();
  if (!value->is_number()) {
    return InvalidArgument(JsonPath(event.path(), "event_value") + ": expected a number, got " +
                           DescribeJson(*value));
  }
  return std::optional<double>(value->get<double>());
}

Result<Interaction> DecodeEvent(const Json& json, const std::string& path, const Schema& schema,
                                int64_t now_seconds) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader event, FieldReader::Of(json, path));
  ATTUNE_RETURN_IF_ERROR(event.CheckKnownKeys({"event_id", "event_type", "item_id", "event_value",
                                               "timestamp", "recommendation_id", "impression",
                                               "properties"}));
  Interaction out;
  ATTUNE_ASSIGN_OR_RETURN(out.event_type, event.RequiredString("event_type"));
  ATTUNE_ASSIGN_OR_RETURN(out.item_id, event.RequiredString("item_id"));
  ATTUNE_ASSIGN_OR_RETURN(auto event_id, event.OptionalString("event_id"));
  out.event_id = event_id.value_or("");
  ATTUNE_ASSIGN_OR_RETURN(auto timestamp, event.OptionalTimestamp("timestamp"));
  out.timestamp = timestamp.value_or(now_seconds);
  ATTUNE_ASSIGN_OR_RETURN(out.event_value, EventValue(event));
  ATTUNE_ASSIGN_OR_RETURN(auto recommendation_id, event.OptionalString("recommendation_id"));
  out.recommendation_id = recommendation_id.value_or("");
  ATTUNE_ASSIGN_OR_RETURN(out.impression, ImpressionText(event));
  ATTUNE_ASSIGN_OR_RETURN(out.properties_json, DecodeProperties(event, schema));
  return out;
}

}  // namespace

Result<std::vector<Interaction>> DecodeEventBatch(const Json& body, const Schema& schema,
                                                  int64_t now_seconds, int max_batch) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ATTUNE_RETURN_IF_ERROR(reader.CheckKnownKeys({"user_id", "session_id", "events"}));
  ATTUNE_ASSIGN_OR_RETURN(std::string user_id, reader.RequiredString("user_id"));
  ATTUNE_ASSIGN_OR_RETURN(auto session_id, reader.OptionalString("session_id"));
  ATTUNE_ASSIGN_OR_RETURN(const Json* events, reader.Array("events", true));
  if (events->empty()) return InvalidArgument("events: expected at least one event");
  if (events->size() > size_t(max_batch)) {
    return ResourceExhausted("events: " + std::to_string(events->size()) +
                             " events, the limit is " + std::to_string(max_batch) +
                             " per request; split the batch");
  }
  std::vector<Interaction> out;
  out.reserve(events->size());
  for (size_t event_idx = 0; event_idx < events->size(); ++event_idx) {
    ATTUNE_ASSIGN_OR_RETURN(Interaction event, DecodeEvent((*events)[event_idx],
                                                           JsonPath("events", event_idx),
                                                           schema, now_seconds));
    event.user_id = user_id;
    event.session_id = session_id.value_or("");
    out.push_back(std::move(event));
  }
  return out;
}

}  // namespace attune::http

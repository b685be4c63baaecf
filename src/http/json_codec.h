// JSON in and out of the API: parsing request bodies with the error position, reading fields with
// messages that name their JSON path ("events[3].timestamp: expected ..."), and rendering
// responses. nlohmann::json is used only here and in handlers/.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "core/schema.h"
#include "http/http_types.h"
#include "store/store.h"

namespace attune::http {

using Json = nlohmann::json;

// Parses a request body. InvalidArgument with the byte position and what was wrong:
// `request body is not valid JSON: at byte 17 (line 2, column 5): unexpected '}'`.
Result<Json> ParseJsonBody(const std::string& body);

// "events[3].timestamp" from ("events[3]", "timestamp"); just `key` when `parent` is empty.
std::string JsonPath(const std::string& parent, const std::string& key);
std::string JsonPath(const std::string& parent, size_t index);

// Reads the fields of one JSON object; every error names the field's JSON path.
class FieldReader {
 public:
  // `path` is where `object` sits in the request ("" for the body itself).
  static Result<FieldReader> Of(const Json& object, std::string path);

  Result<std::string> RequiredString(const char* key) const;
  Result<std::optional<std::string>> OptionalString(const char* key) const;
  // Integers and finite numbers are rendered as their decimal text (for "event_value": 0.5).
  Result<std::optional<std::string>> OptionalScalarText(const char* key) const;
  Result<std::optional<bool>> OptionalBool(const char* key) const;
  // Epoch seconds from a number or from a string in a form core/timestamp.h accepts.
  Result<std::optional<int64_t>> OptionalTimestamp(const char* key) const;
  // The array under `key`; InvalidArgument when missing (if required) or not an array.
  Result<const Json*> Array(const char* key, bool required) const;
  const Json* Find(const char* key) const;  // nullptr when absent or null
  // InvalidArgument naming the first key of the object that is not in `known`, so that a typo
  // ("evnt_type") is an error rather than a field silently dropped.
  Status CheckKnownKeys(std::initializer_list<std::string_view> known) const;
  const std::string& path() const { return path_; }

 private:
  FieldReader(const Json& object, std::string path) : object_(&object), path_(std::move(path)) {}
  Status TypeError(const char* key, const char* expected, const Json& got) const;
  const Json* object_;
  std::string path_;
};

// A short description of a JSON value for messages: `"yesterday"`, `a number`, `an object`.
std::string DescribeJson(const Json& value);

// A 2xx response carrying `body`.
HttpResponse JsonResponse(int status, const Json& body);

// Schema <-> {"fields": [{"name": "CATEGORY", "type": "categorical"}, ...]} (declared fields).
Json SchemaToJson(const Schema& schema);
Result<Schema> SchemaFromJson(DatasetType dataset, const Json& body);

// ---- properties (json_codec_properties.cc)
// The "properties" object of `row`, checked against `schema` as the CSV import checks a row's
// declared columns (same checker, same stored JSON: numbers as numbers, multi_categorical as
// arrays, timestamps as epoch seconds). Keys match declared fields case-insensitively and are
// stored with the schema's spelling; a reserved or undeclared key is an error. Values are strings,
// numbers, booleans or (multi_categorical) arrays of strings; null or "" means absent.
// "" when `row` has no properties; errors name the JSON path:
// `events[3].properties.WORDS: expected a number, got "abc"`.
Result<std::string> DecodeProperties(const FieldReader& row, const Schema& schema);

// ---- records (json_codec_records.cc): every value is checked against the dataset's schema.
// An item: {"item_id": "a1", "creation_timestamp": 1700000000 | "2023-11-14T22:13:20Z",
//           "properties": {"CATEGORY": "sport", "TAGS": ["a", "b"] | "a|b", "WORDS": 120}}.
// A user:  {"user_id": "u1", "properties": {...}}. Property names match the schema
// case-insensitively and are stored with the schema's spelling.
Result<ItemRecord> DecodeItem(const Json& row, const std::string& path, const Schema& schema);
Result<UserRecord> DecodeUser(const Json& row, const std::string& path, const Schema& schema);

// ---- events (json_codec_events.cc)
// {"user_id", "session_id", "events": [{"event_id", "event_type", "item_id", "event_value",
//  "timestamp", "recommendation_id", "impression", "properties"}]}. A missing timestamp is
// `now_seconds`; properties are checked against `schema` (the group's interactions schema).
// Any other key is an error. InvalidArgument names the JSON path; ResourceExhausted when over
// `max_batch`.
Result<std::vector<Interaction>> DecodeEventBatch(const Json& body, const Schema& schema,
                                                  int64_t now_seconds, int max_batch);

}  // namespace attune::http

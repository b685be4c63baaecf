// Schema: the fields of one dataset (interactions, items or users) of a dataset group.
//
// A schema is the dataset's reserved fields plus the fields the user declared. Reserved fields:
//   interactions: USER_ID, ITEM_ID, EVENT_TYPE, TIMESTAMP (required); EVENT_VALUE, SESSION_ID,
//                 EVENT_ID, RECOMMENDATION_ID, IMPRESSION (optional)
//   items:        ITEM_ID (required); CREATION_TIMESTAMP (optional)
//   users:        USER_ID (required)
// Declared fields have one of the types categorical, multi_categorical (values joined by '|'),
// numeric, text, timestamp, and are never required. Field names match case-insensitively
// ("item_id" in a CSV header is ITEM_ID); declared names keep the spelling they were declared with.
// When a user never declared a schema, Schema::Default(dataset) applies (items: CATEGORY
// categorical, TAGS multi_categorical, SOURCE categorical, TITLE text).
//
// Serialisation: core has no JSON library. A schema is fully described by (dataset,
// declared_fields()), which Schema::Create rebuilds; the store keeps that as JSON text and the
// HTTP layer converts the same struct.
// Thread safety: an immutable value after construction; const methods may run concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace attune {

enum class DatasetType { kInteractions, kItems, kUsers };
// "interactions", "items", "users".
std::string_view DatasetTypeName(DatasetType dataset);
// Case-insensitive inverse of DatasetTypeName; InvalidArgument names the three choices.
Result<DatasetType> ParseDatasetType(std::string_view name);

enum class FieldType { kCategorical, kMultiCategorical, kNumeric, kText, kTimestamp };
// "categorical", "multi_categorical", "numeric", "text", "timestamp".
std::string_view FieldTypeName(FieldType type);
Result<FieldType> ParseFieldType(std::string_view name);

struct Field {
  std::string name;  // reserved fields in upper case; declared fields as declared
  FieldType type = FieldType::kCategorical;
  bool required = false;  // only reserved fields can be required
  bool reserved = false;
};

// Which schema field each CSV column feeds; -1 for a column the schema does not know (ignored).
struct HeaderMapping {
  std::vector<int> column_to_field;  // indexed by column, value indexes Schema::fields()
  std::vector<int> field_to_column;  // indexed by field, -1 when the file lacks it
  std::vector<std::string> ignored_columns;
};

class Schema {
 public:
  // Reserved fields of `dataset` plus `declared`. InvalidArgument when a declared name is empty,
  // not [A-Za-z_][A-Za-z0-9_]*, longer than 64 characters, repeated, or a reserved name.
  static Result<Schema> Create(DatasetType dataset, std::vector<Field> declared);
  // The schema used when the user never declared one.
  static Schema Default(DatasetType dataset);
  // The reserved names of a dataset, in order (USER_ID, ITEM_ID, ...).
  static std::vector<Field> ReservedFields(DatasetType dataset);

  DatasetType dataset() const { return dataset_; }
  // Reserved fields first (in the order above), then declared fields in declaration order.
  const std::vector<Field>& fields() const { return fields_; }
  // The declared (non-reserved) fields only: what Create() needs to rebuild this schema.
  std::vector<Field> declared_fields() const;
  // Index into fields() of `name` (case-insensitive), or -1.
  int FindField(std::string_view name) const;
  std::vector<std::string> RequiredFieldNames() const;

  // Maps a CSV header. InvalidArgument when a required field has no column ("missing required
  // column TIMESTAMP; the header has: user_id, item_id, ...") or two columns name one field.
  Result<HeaderMapping> MatchHeader(const std::vector<std::string>& header) const;

  // Checks one value for fields()[field_index]. An empty value is OK for optional fields and an
  // error for required ones. Errors are prefixed with the field name:
  // `TIMESTAMP: expected epoch seconds, epoch milliseconds or ISO-8601, got "yesterday"`.
  Status ValidateValue(int field_index, std::string_view value) const;

 private:
  Schema(DatasetType dataset, std::vector<Field> fields) : dataset_(dataset), fields_(std::move(fields)) {}
  DatasetType dataset_;
  std::vector<Field> fields_;
};

// Checks `value` against `type` (no field name in the message). Numeric: a finite decimal number.
// Timestamp: see core/timestamp.h. Categorical and multi_categorical: no control characters.
Status ValidateFieldValue(FieldType type, std::string_view value);

}  // namespace attune

#include "core/schema.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/timestamp.h"

namespace attune {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

Field Reserved(std::string name, FieldType type, bool required) {
  return Field{std::move(name), type, required, true};
}

Status CheckDeclaredName(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return InvalidArgument("field name \"" + name + "\" must have 1 to 64 characters");
  }
  const bool bad_first = !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    if (bad_first || !(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      return InvalidArgument("field name \"" + name +
                             "\" must start with a letter or '_' and hold only letters, digits and '_'");
    }
  }
  return Status::Ok();
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

std::string_view DatasetTypeName(DatasetType dataset) {
  switch (dataset) {
    case DatasetType::kInteractions: return "interactions";
    case DatasetType::kItems: return "items";
    case DatasetType::kUsers: return "users";
  }
  return "unknown";
}

Result<DatasetType> ParseDatasetType(std::string_view name) {
  for (auto d : {DatasetType::kInteractions, DatasetType::kItems, DatasetType::kUsers}) {
    if (EqualsIgnoreCase(name, DatasetTypeName(d))) return d;
  }
  return InvalidArgument("unknown dataset \"" + std::string(name) +
                         "\"; expected interactions, items or users");
}

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kCategorical: return "categorical";
    case FieldType::kMultiCategorical: return "multi_categorical";
    case FieldType::kNumeric: return "numeric";
    case FieldType::kText: return "text";
    case FieldType::kTimestamp: return "timestamp";
  }
  return "unknown";
}

Result<FieldType> ParseFieldType(std::string_view name) {
  for (auto t : {FieldType::kCategorical, FieldType::kMultiCategorical, FieldType::kNumeric,
                 FieldType::kText, FieldType::kTimestamp}) {
    if (EqualsIgnoreCase(name, FieldTypeName(t))) return t;
  }
  return InvalidArgument("unknown field type \"" + std::string(name) +
                         "\"; expected categorical, multi_categorical, numeric, text or timestamp");
}

std::vector<Field> Schema::ReservedFields(DatasetType dataset) {
  using T = FieldType;
  switch (dataset) {
    case DatasetType::kInteractions:
      return {Reserved("USER_ID", T::kCategorical, true), Reserved("ITEM_ID", T::kCategorical, true),
              Reserved("EVENT_TYPE", T::kCategorical, true), Reserved("TIMESTAMP", T::kTimestamp, true),
              Reserved("EVENT_VALUE", T::kNumeric, false), Reserved("SESSION_ID", T::kCategorical, false),
              Reserved("EVENT_ID", T::kCategorical, false),
              Reserved("RECOMMENDATION_ID", T::kCategorical, false),
              Reserved("IMPRESSION", T::kMultiCategorical, false)};
    case DatasetType::kItems:
      return {Reserved("ITEM_ID", T::kCategorical, true),
              Reserved("CREATION_TIMESTAMP", T::kTimestamp, false)};
    case DatasetType::kUsers:
      return {Reserved("USER_ID", T::kCategorical, true)};
  }
  return {};
}

Result<Schema> Schema::Create(DatasetType dataset, std::vector<Field> declared) {
  Schema schema(dataset, ReservedFields(dataset));
  for (Field& field : declared) {
    ATTUNE_RETURN_IF_ERROR(CheckDeclaredName(field.name));
    const int existing = schema.FindField(field.name);
    if (existing >= 0) {
      const Field& other = schema.fields_[static_cast<size_t>(existing)];
      return InvalidArgument("field \"" + field.name + "\" " +
                             (other.reserved ? "is reserved in the " + std::string(DatasetTypeName(dataset)) +
                                                   " dataset; remove it from the declared fields"
                                             : "is declared twice (names ignore case)"));
    }
    field.required = false;
    field.reserved = false;
    schema.fields_.push_back(std::move(field));
  }
  return schema;
}

Schema Schema::Default(DatasetType dataset) {
  std::vector<Field> declared;
  if (dataset == DatasetType::kItems) {
    declared = {{"CATEGORY", FieldType::kCategorical}, {"TAGS", FieldType::kMultiCategorical},
                {"SOURCE", FieldType::kCategorical}, {"TITLE", FieldType::kText}};
  }
  return std::move(Create(dataset, std::move(declared))).value();
}

std::vector<Field> Schema::declared_fields() const {
  std::vector<Field> out;
  for (const Field& field : fields_) {
    if (!field.reserved) out.push_back(field);
  }
  return out;
}

int Schema::FindField(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (EqualsIgnoreCase(fields_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Schema::RequiredFieldNames() const {
  std::vector<std::string> out;
  for (const Field& field : fields_) {
    if (field.required) out.push_back(field.name);
  }
  return out;
}

Result<HeaderMapping> Schema::MatchHeader(const std::vector<std::string>& header) const {
  HeaderMapping mapping;
  mapping.column_to_field.assign(header.size(), -1);
  mapping.field_to_column.assign(fields_.size(), -1);
  for (size_t column = 0; column < header.size(); ++column) {
    const std::string name = Trimmed(header[column]);
    const int field = FindField(name);
    if (field < 0) {
      mapping.ignored_columns.push_back(name);
      continue;
    }
    int& seen = mapping.field_to_column[static_cast<size_t>(field)];
    if (seen >= 0) {
      return InvalidArgument("columns " + std::to_string(seen + 1) + " and " + std::to_string(column + 1) +
                             " both name field " + fields_[static_cast<size_t>(field)].name +
                             "; keep one of them");
    }
    seen = static_cast<int>(column);
    mapping.column_to_field[column] = field;
  }
  for (size_t field = 0; field < fields_.size(); ++field) {
    if (fields_[field].required && mapping.field_to_column[field] < 0) {
      return InvalidArgument("missing required column " + fields_[field].name + " for the " +
                             std::string(DatasetTypeName(dataset_)) + " dataset; the header has: " +
                             JoinNames(header));
    }
  }
  return mapping;
}

Status Schema::ValidateValue(int field_index, std::string_view value) const {
  const Field& field = fields_.at(static_cast<size_t>(field_index));
  if (value.empty()) {
    if (!field.required) return Status::Ok();
    return InvalidArgument(field.name + ": required, but empty");
  }
  Status status = ValidateFieldValue(field.type, value);
  return status.ok() ? status : status.WithContext(field.name);
}

Status ValidateFieldValue(FieldType type, std::string_view value) {
  switch (type) {
    case FieldType::kNumeric: {
      double number = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
        return InvalidArgument("expected a number, got \"" + std::string(value) + "\"");
      }
      return Status::Ok();
    }
    case FieldType::kTimestamp: return ParseTimestamp(value).status();
    case FieldType::kCategorical:
    case FieldType::kMultiCategorical:
      for (char c : value) {
        if (static_cast<unsigned char>(c) < 0x20) {
          return InvalidArgument("control character in \"" + std::string(value) + "\"");
        }
      }
      return Status::Ok();
    case FieldType::kText: return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace attune

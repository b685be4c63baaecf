#include "jobs/import_rows.h"

#include <charconv>
#include <cmath>

#include "core/timestamp.h"
#include "store/record_json.h"

namespace attune {

RowConverter::RowConverter(Schema schema, HeaderMapping mapping, std::string default_event_type)
    : schema_(std::move(schema)),
      mapping_(std::move(mapping)),
      default_event_type_(std::move(default_event_type)) {
  user_id_ = schema_.FindField("USER_ID");
  item_id_ = schema_.FindField("ITEM_ID");
  event_type_ = schema_.FindField("EVENT_TYPE");
  timestamp_ = schema_.FindField("TIMESTAMP");
  event_value_ = schema_.FindField("EVENT_VALUE");
  session_id_ = schema_.FindField("SESSION_ID");
  event_id_ = schema_.FindField("EVENT_ID");
  recommendation_id_ = schema_.FindField("RECOMMENDATION_ID");
  impression_ = schema_.FindField("IMPRESSION");
  creation_timestamp_ = schema_.FindField("CREATION_TIMESTAMP");
  for (size_t field = 0; field < schema_.fields().size(); ++field) {
    if (!schema_.fields()[field].reserved && mapping_.field_to_column[field] >= 0) {
      declared_.push_back(static_cast<int>(field));
    }
  }
  // The values To*() parse anyway are checked there, so each is parsed once.
  converted_.assign(mapping_.column_to_field.size(), 0);
  for (int field : {timestamp_, event_value_, creation_timestamp_}) {
    if (field < 0) continue;
    const int column = mapping_.field_to_column[static_cast<size_t>(field)];
    if (column >= 0 && static_cast<size_t>(column) < converted_.size()) {
      converted_[static_cast<size_t>(column)] = 1;
    }
  }
}

std::string_view RowConverter::Value(const CsvRow& row, int field) const {
  if (field < 0) return {};
  int column = mapping_.field_to_column[static_cast<size_t>(field)];
  if (column < 0) return {};
  if (static_cast<size_t>(column) >= row.fields.size()) return default_event_type_;  // virtual
  return row.fields[static_cast<size_t>(column)];
}

RowError RowConverter::FieldError(const CsvRow& row, int field, const Status& status) const {
  return RowError{row.line, schema_.fields()[static_cast<size_t>(field)].name, status.message()};
}

// Column count, then every mapped value against its field's type.
std::optional<RowError> RowConverter::CheckRow(const CsvRow& row) const {
  const size_t expected = mapping_.column_to_field.size();
  if (row.fields.size() != expected) {
    return RowError{row.line, "",
                    "expected " + std::to_string(expected) + " columns, got " +
                        std::to_string(row.fields.size()) +
                        "; quote values that contain the delimiter"};
  }
  for (size_t column = 0; column < expected; ++column) {
    int field = mapping_.column_to_field[column];
    if (field < 0 || converted_[column]) continue;
    Status status = schema_.ValidateValue(field, row.fields[column]);
    if (!status.ok()) return FieldError(row, field, status);
  }
  return std::nullopt;
}

// An empty value is absent (or an error, for a required field); a value `parse` (text -> optional
// value) rejects is reported as the schema check reports it, so the message is the same whichever
// path found it.
template <typename T, typename Parse>
std::optional<RowError> RowConverter::Convert(const CsvRow& row, int field, Parse parse,
                                              std::optional<T>& out) const {
  out.reset();
  if (field < 0 || mapping_.field_to_column[static_cast<size_t>(field)] < 0) return std::nullopt;
  std::string_view text = Value(row, field);
  if (!text.empty()) {
    out = parse(text);
    if (out) return std::nullopt;
  }
  Status status = schema_.ValidateValue(field, text);
  return status.ok() ? std::nullopt : std::optional<RowError>(FieldError(row, field, status));
}

std::optional<RowError> RowConverter::ToTimestamp(const CsvRow& row, int field,
                                                  std::optional<int64_t>& out) const {
  return Convert(row, field, [](std::string_view text) -> std::optional<int64_t> {
    Result<int64_t> seconds = ParseTimestamp(text);
    return seconds.ok() ? std::optional<int64_t>(*seconds) : std::nullopt;
  }, out);
}

std::optional<RowError> RowConverter::ToNumber(const CsvRow& row, int field,
                                               std::optional<double>& out) const {
  return Convert(row, field, [](std::string_view text) -> std::optional<double> {
    double number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(number)) return std::nullopt;
    return number;
  }, out);
}

std::optional<RowError> RowConverter::ToInteraction(const CsvRow& row, Interaction& out) const {
  if (auto error = CheckRow(row)) return error;
  out.user_id.assign(Value(row, user_id_));
  out.item_id.assign(Value(row, item_id_));
  out.event_type.assign(Value(row, event_type_));
  if (out.event_type.empty()) {
    return FieldError(row, event_type_, InvalidArgument("EVENT_TYPE: required, but empty"));
  }
  std::optional<int64_t> time;
  if (auto error = ToTimestamp(row, timestamp_, time)) return error;
  out.timestamp = time.value_or(0);
  if (auto error = ToNumber(row, event_value_, out.event_value)) return error;
  out.session_id.assign(Value(row, session_id_));
  out.event_id.assign(Value(row, event_id_));
  out.recommendation_id.assign(Value(row, recommendation_id_));
  out.impression.assign(Value(row, impression_));
  out.properties_json.clear();
  if (!declared_.empty()) return PropertiesJson(row, out.properties_json);
  return std::nullopt;
}

std::optional<RowError> RowConverter::ToItem(const CsvRow& row, ItemRecord& out) const {
  if (auto error = CheckRow(row)) return error;
  out.item_id.assign(Value(row, item_id_));
  if (auto error = ToTimestamp(row, creation_timestamp_, out.creation_timestamp)) return error;
  return PropertiesJson(row, out.properties_json);
}

std::optional<RowError> RowConverter::ToUser(const CsvRow& row, UserRecord& out) const {
  if (auto error = CheckRow(row)) return error;
  out.user_id.assign(Value(row, user_id_));
  return PropertiesJson(row, out.properties_json);
}

// Values were validated by CheckRow, so this cannot fail on them; any error is reported anyway.
std::optional<RowError> RowConverter::PropertiesJson(const CsvRow& row, std::string& out) const {
  std::vector<std::string_view> values(schema_.fields().size());
  for (int field : declared_) values[static_cast<size_t>(field)] = Value(row, field);
  Result<std::string> json = attune::PropertiesJson(schema_, values);
  if (!json.ok()) return RowError{row.line, "", json.status().message()};
  out = std::move(*json);
  return std::nullopt;
}

}  // namespace attune

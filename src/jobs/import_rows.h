// RowConverter: turns one CSV record into a store record (Interaction, ItemRecord, UserRecord),
// checking every value against the dataset's schema.
//
// Built once per import from the schema and the header mapping; then Convert*() per row. A bad
// row yields a RowError naming the field (column) and the reason; nothing is half-filled in a way
// that matters, since the caller drops the record. Declared (non-reserved) fields become the
// record's properties JSON: categorical/text as strings, multi_categorical as arrays (split on
// '|'), numeric as numbers, timestamp as epoch seconds.
// Thread safety: const methods only after construction; one converter may serve many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/csv.h"
#include "core/schema.h"
#include "store/store.h"

namespace attune {

class RowConverter {
 public:
  // `mapping.column_to_field` may be shorter than field_to_column suggests: a field mapped to a
  // column index >= the number of columns is "virtual" and takes `default_event_type` (used for
  // files without an EVENT_TYPE column).
  RowConverter(Schema schema, HeaderMapping mapping, std::string default_event_type);

  std::optional<RowError> ToInteraction(const CsvRow& row, Interaction& out) const;
  std::optional<RowError> ToItem(const CsvRow& row, ItemRecord& out) const;
  std::optional<RowError> ToUser(const CsvRow& row, UserRecord& out) const;

 private:
  std::optional<RowError> CheckRow(const CsvRow& row) const;
  std::string_view Value(const CsvRow& row, int field) const;  // "" when the file lacks it
  std::optional<RowError> PropertiesJson(const CsvRow& row, std::string& out) const;
  RowError FieldError(const CsvRow& row, int field, const Status& status) const;
  template <typename T, typename Parse>  // defined and used in import_rows.cc only
  std::optional<RowError> Convert(const CsvRow& row, int field, Parse parse, std::optional<T>& out) const;
  std::optional<RowError> ToTimestamp(const CsvRow& row, int field, std::optional<int64_t>& out) const;
  std::optional<RowError> ToNumber(const CsvRow& row, int field, std::optional<double>& out) const;

  Schema schema_;
  HeaderMapping mapping_;
  std::string default_event_type_;
  std::vector<int> declared_;  // indices of declared fields present in the file
  std::vector<uint8_t> converted_;  // per column: checked by To*() as it converts, not by CheckRow
  int user_id_, item_id_, event_type_, timestamp_, event_value_, session_id_, event_id_,
      recommendation_id_, impression_, creation_timestamp_;
};

}  // namespace attune

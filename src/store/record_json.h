// PropertiesJson: the JSON object text kept in ItemRecord/UserRecord/Interaction::properties_json,
// built from raw (CSV-like) text values of a schema's declared fields.
//
// values[i] is the raw text for schema.fields()[i] (values may be shorter; missing = absent).
// Reserved fields are skipped (they have their own columns); empty values are left out.
// Types: numeric -> JSON number; multi_categorical -> array of the '|'-separated parts (empty
// parts dropped); timestamp -> epoch seconds (number); categorical and text -> string.
// Invalid values give InvalidArgument prefixed with the field name (as Schema::ValidateValue).
// Invalid UTF-8 is replaced by U+FFFD rather than rejected.
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/schema.h"

namespace attune {

Result<std::string> PropertiesJson(const Schema& schema, const std::vector<std::string_view>& values);

}  // namespace attune

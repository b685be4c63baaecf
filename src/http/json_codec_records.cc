// Items and users from JSON, validated against the dataset's schema (json_codec_properties.cc).
#include "http/json_codec.h"

namespace attune::http {
namespace {

// Items and users always carry a properties object, even an empty one.
Result<std::string> RecordProperties(const FieldReader& row, const Schema& schema) {
  ATTUNE_ASSIGN_OR_RETURN(std::string properties, DecodeProperties(row, schema));
  return properties.empty() ? std::string("{}") : properties;
}

}  // namespace

Result<ItemRecord> DecodeItem(const Json& row, const std::string& path, const Schema& schema) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(row, path));
  ItemRecord item;
  ATTUNE_ASSIGN_OR_RETURN(item.item_id, reader.RequiredString("item_id"));
  ATTUNE_ASSIGN_OR_RETURN(item.creation_timestamp, reader.OptionalTimestamp("creation_timestamp"));
  ATTUNE_ASSIGN_OR_RETURN(item.properties_json, RecordProperties(reader, schema));
  return item;
}

Result<UserRecord> DecodeUser(const Json& row, const std::string& path, const Schema& schema) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(row, path));
  UserRecord user;
  ATTUNE_ASSIGN_OR_RETURN(user.user_id, reader.RequiredString("user_id"));
  ATTUNE_ASSIGN_OR_RETURN(user.properties_json, RecordProperties(reader, schema));
  return user;
}

}  // namespace attune::http

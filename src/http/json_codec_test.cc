#include "http/json_codec.h"

#include <gtest/gtest.h>

#include "store/record_json.h"

namespace attune::http {
namespace {

constexpr int64_t kNow = 1'700'000'000;

// The interactions schema of the event tests: DEVICE, WORDS and SEEN_AT declared.
Schema EventSchema() {
  return Schema::Create(DatasetType::kInteractions,
                        {{"DEVICE", FieldType::kCategorical, false, false},
                         {"WORDS", FieldType::kNumeric, false, false},
                         {"SEEN_AT", FieldType::kTimestamp, false, false}})
      .value();
}

Result<std::vector<Interaction>> Decode(const std::string& body, int max_batch = 1000) {
  auto json = ParseJsonBody(body);
  if (!json.ok()) return json.status();
  return DecodeEventBatch(*json, EventSchema(), kNow, max_batch);
}

TEST(JsonCodecTest, ParseErrorNamesThePosition) {
  auto json = ParseJsonBody("{\"a\": 1,\n \"b\": }");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(json.status().message().find("line 2"), std::string::npos) << json.status().message();
  EXPECT_NE(json.status().message().find("at byte"), std::string::npos);
}

TEST(JsonCodecTest, DecodesAFullEventBatch) {
  auto events = Decode(R"({"user_id": "u1", "session_id": "s1", "events": [
      {"event_id": "e1", "event_type": "read", "item_id": "i1", "event_value": 0.5,
       "timestamp": "2023-11-14T22:13:20Z", "recommendation_id": "r1",
       "impression": ["i1", "i2"], "properties": {"device": "phone"}},
      {"event_type": "open", "item_id": "i2", "timestamp": 1600000000}]})");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 2u);
  const Interaction& first = (*events)[0];
  EXPECT_EQ(first.user_id, "u1");
  EXPECT_EQ(first.session_id, "s1");
  EXPECT_EQ(first.event_id, "e1");
  EXPECT_EQ(first.timestamp, 1'700'000'000);
  ASSERT_TRUE(first.event_value.has_value());
  EXPECT_DOUBLE_EQ(*first.event_value, 0.5);
  EXPECT_EQ(first.impression, "i1|i2");
  EXPECT_EQ(first.properties_json, R"({"DEVICE":"phone"})");  // the schema's spelling
  EXPECT_EQ((*events)[1].timestamp, 1'600'000'000);
  EXPECT_FALSE((*events)[1].event_value.has_value());
}

TEST(JsonCodecTest, MissingTimestampIsNow) {
  auto events = Decode(R"({"user_id": "u", "events": [{"event_type": "read", "item_id": "i"}]})");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ((*events)[0].timestamp, kNow);
}

TEST(JsonCodecTest, BadTimestampNamesTheJsonPath) {
  auto events = Decode(R"({"user_id": "u", "events": [
      {"event_type": "read", "item_id": "i"}, {"event_type": "read", "item_id": "i"},
      {"event_type": "read", "item_id": "i"},
      {"event_type": "read", "item_id": "i", "timestamp": "yesterday"}]})");
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().message(),
            "events[3].timestamp: expected epoch seconds or ISO-8601, got \"yesterday\"");
}

TEST(JsonCodecTest, MissingRequiredFieldsNameTheirPath) {
  auto no_user = Decode(R"({"events": [{"event_type": "read", "item_id": "i"}]})");
  ASSERT_FALSE(no_user.ok());
  EXPECT_NE(no_user.status().message().find("user_id: required"), std::string::npos);
  auto no_item = Decode(R"({"user_id": "u", "events": [{"event_type": "read"}]})");
  ASSERT_FALSE(no_item.ok());
  EXPECT_NE(no_item.status().message().find("events[0].item_id: required"), std::string::npos);
  auto wrong_type = Decode(R"({"user_id": "u", "events": [{"event_type": 3, "item_id": "i"}]})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.status().message().find("events[0].event_type: expected a string"),
            std::string::npos);
}

TEST(JsonCodecTest, EventPropertiesAreCheckedAgainstTheInteractionsSchema) {
  auto events = Decode(R"({"user_id": "u", "events": [
      {"event_type": "read", "item_id": "i"}, {"event_type": "read", "item_id": "i"},
      {"event_type": "read", "item_id": "i", "properties": {"WORDS": 12}},
      {"event_type": "read", "item_id": "i", "properties": {"WORDS": "abc"}}]})");
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(events.status().message(), "events[3].properties.WORDS: expected a number, got \"abc\"");
  auto bad_time = Decode(R"({"user_id": "u", "events": [
      {"event_type": "read", "item_id": "i", "properties": {"SEEN_AT": "yesterday"}}]})");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.status().message().find("events[0].properties.SEEN_AT: expected epoch"),
            std::string::npos) << bad_time.status().message();
}

TEST(JsonCodecTest, UndeclaredOrReservedEventPropertyIsAnError) {
  auto undeclared = Decode(R"({"user_id": "u", "events": [
      {"event_type": "read", "item_id": "i", "properties": {"COLOUR": "red"}}]})");
  ASSERT_FALSE(undeclared.ok());
  EXPECT_NE(undeclared.status().message().find(
                "events[0].properties.COLOUR: not a declared field of the interactions schema"),
            std::string::npos) << undeclared.status().message();
  auto reserved = Decode(R"({"user_id": "u", "events": [
      {"event_type": "read", "item_id": "i", "properties": {"ITEM_ID": "j"}}]})");
  ASSERT_FALSE(reserved.ok());
  EXPECT_NE(reserved.status().message().find("events[0].properties.ITEM_ID: not a declared"),
            std::string::npos) << reserved.status().message();
  auto twice = Decode(R"({"user_id": "u", "events": [
      {"event_type": "read", "item_id": "i", "properties": {"words": 1, "WORDS": 2}}]})");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("a second key for field WORDS"), std::string::npos)
      << twice.status().message();
}

TEST(JsonCodecTest, EventPropertiesAreStoredAsTheCsvImportStoresThem) {
  auto events = Decode(R"({"user_id": "u", "events": [{"event_type": "read", "item_id": "i",
      "properties": {"WORDS": "120", "SEEN_AT": "2023-11-14T22:13:20Z", "DEVICE": null}}]})");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  // The CSV path: RowConverter hands the cells of the declared columns to PropertiesJson.
  const Schema schema = EventSchema();
  std::vector<std::string_view> cells(schema.fields().size());
  cells[size_t(schema.FindField("WORDS"))] = "120";
  cells[size_t(schema.FindField("SEEN_AT"))] = "2023-11-14T22:13:20Z";
  auto csv = PropertiesJson(schema, cells);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ((*events)[0].properties_json, *csv);
  EXPECT_EQ(Json::parse(*csv)["SEEN_AT"], 1'700'000'000);
}

TEST(JsonCodecTest, UnknownEventFieldsAreErrorsNamingTheField) {
  auto in_event = Decode(R"({"user_id": "u", "events": [{"event_type": "read", "item_id": "i"},
      {"event_type": "read", "item_id": "i", "evnt_value": 1}]})");
  ASSERT_FALSE(in_event.ok());
  EXPECT_EQ(in_event.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(in_event.status().message().find("events[1].evnt_value: unknown field; expected one of: "
                                             "event_id, event_type"),
            std::string::npos) << in_event.status().message();
  auto top_level = Decode(R"({"user_id": "u", "sesion_id": "s",
      "events": [{"event_type": "read", "item_id": "i"}]})");
  ASSERT_FALSE(top_level.ok());
  EXPECT_NE(top_level.status().message().find("sesion_id: unknown field"), std::string::npos)
      << top_level.status().message();
}

TEST(JsonCodecTest, BatchOverTheLimitIsResourceExhausted) {
  std::string body = R"({"user_id": "u", "events": [)";
  for (int i = 0; i < 3; ++i) body += std::string(i ? "," : "") + R"({"event_type": "r", "item_id": "i"})";
  body += "]}";
  auto events = Decode(body, 2);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(Decode(body, 3).ok());
}

TEST(JsonCodecTest, EmptyBatchIsAnError) {
  EXPECT_FALSE(Decode(R"({"user_id": "u", "events": []})").ok());
}

Schema ItemSchema() {
  return Schema::Create(DatasetType::kItems, {{"CATEGORY", FieldType::kCategorical, false, false},
                                              {"TAGS", FieldType::kMultiCategorical, false, false},
                                              {"WORDS", FieldType::kNumeric, false, false}})
      .value();
}

TEST(JsonCodecTest, DecodesItemWithSchemaSpelling) {
  auto item = DecodeItem(Json::parse(R"({"item_id": "a", "creation_timestamp": 1700000000,
      "properties": {"category": "sport", "TAGS": ["x", "y"], "words": 120}})"),
                         "items[0]", ItemSchema());
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->item_id, "a");
  EXPECT_EQ(item->creation_timestamp, 1'700'000'000);
  auto properties = Json::parse(item->properties_json);
  EXPECT_EQ(properties["CATEGORY"], "sport");
  EXPECT_EQ(properties["TAGS"], Json::array({"x", "y"}));
  EXPECT_EQ(properties["WORDS"], 120);
}

TEST(JsonCodecTest, UnknownOrInvalidPropertyNamesItsPath) {
  auto unknown = DecodeItem(Json::parse(R"({"item_id": "a", "properties": {"COLOR": "red"}})"),
                            "items[4]", ItemSchema());
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("items[4].properties.COLOR: not a declared field"),
            std::string::npos) << unknown.status().message();
  auto bad_number = DecodeItem(Json::parse(R"({"item_id": "a", "properties": {"WORDS": "many"}})"),
                               "items[1]", ItemSchema());
  ASSERT_FALSE(bad_number.ok());
  EXPECT_NE(bad_number.status().message().find("items[1].properties.WORDS"), std::string::npos);
}

TEST(JsonCodecTest, SchemaRoundTripsThroughJson) {
  Schema schema = ItemSchema();
  auto back = SchemaFromJson(DatasetType::kItems, SchemaToJson(schema));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->fields().size(), schema.fields().size());
  for (size_t i = 0; i < schema.fields().size(); ++i) {
    EXPECT_EQ(back->fields()[i].name, schema.fields()[i].name);
    EXPECT_EQ(back->fields()[i].type, schema.fields()[i].type);
  }
}

TEST(JsonCodecTest, SchemaWithBadTypeNamesTheField) {
  auto schema = SchemaFromJson(DatasetType::kItems,
                               Json::parse(R"({"fields": [{"name": "X", "type": "colour"}]})"));
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("fields[0].type"), std::string::npos);
}

}  // namespace
}  // namespace attune::http

#include "store/record_json.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(RecordJsonTest, ConvertsByDeclaredType) {
  auto schema = Schema::Create(DatasetType::kItems, {{"CATEGORY", FieldType::kCategorical},
                                                      {"TAGS", FieldType::kMultiCategorical},
                                                      {"WORDS", FieldType::kNumeric},
                                                      {"UPDATED", FieldType::kTimestamp},
                                                      {"TITLE", FieldType::kText}});
  ASSERT_TRUE(schema.ok());
  // fields: ITEM_ID, CREATION_TIMESTAMP, then the declared ones.
  auto json = PropertiesJson(*schema, {"item-1", "1700000000", "sport", "a||b|", "350", "2023-11-14T22:13:20Z",
                                       "Say \"hi\""});
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(*json, R"({"CATEGORY":"sport","TAGS":["a","b"],"TITLE":"Say \"hi\"","UPDATED":1700000000,"WORDS":350.0})");
}

TEST(RecordJsonTest, SkipsEmptyAndMissingValues) {
  Schema schema = Schema::Default(DatasetType::kItems);
  EXPECT_EQ(*PropertiesJson(schema, {"i", "", "", "x"}), R"({"TAGS":["x"]})");
  EXPECT_EQ(*PropertiesJson(schema, {"i"}), "{}");
}

TEST(RecordJsonTest, InvalidValueNamesTheField) {
  auto schema = Schema::Create(DatasetType::kUsers, {{"AGE", FieldType::kNumeric}});
  auto json = PropertiesJson(*schema, {"u1", "old"});
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().message(), "AGE: expected a number, got \"old\"");
}

}  // namespace
}  // namespace attune

#include "core/schema.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(SchemaTest, InteractionsReservedFieldsAndRequired) {
  Schema s = Schema::Default(DatasetType::kInteractions);
  EXPECT_EQ(s.RequiredFieldNames(), (std::vector<std::string>{"USER_ID", "ITEM_ID", "EVENT_TYPE", "TIMESTAMP"}));
  EXPECT_GE(s.FindField("impression"), 0);
  EXPECT_GE(s.FindField("Recommendation_Id"), 0);
  EXPECT_TRUE(s.declared_fields().empty());
}

TEST(SchemaTest, ItemsDefaultDeclaresNewsFields) {
  Schema s = Schema::Default(DatasetType::kItems);
  auto declared = s.declared_fields();
  ASSERT_EQ(declared.size(), 4u);
  EXPECT_EQ(declared[0].name, "CATEGORY");
  EXPECT_EQ(declared[1].type, FieldType::kMultiCategorical);
  EXPECT_EQ(declared[3].type, FieldType::kText);
  EXPECT_EQ(s.RequiredFieldNames(), std::vector<std::string>{"ITEM_ID"});
  EXPECT_GE(s.FindField("creation_timestamp"), 0);
}

TEST(SchemaTest, CreateRejectsReservedDuplicateAndBadNames) {
  auto reserved = Schema::Create(DatasetType::kItems, {{"item_id", FieldType::kText}});
  ASSERT_FALSE(reserved.ok());
  EXPECT_NE(reserved.status().message().find("reserved"), std::string::npos);
  auto twice = Schema::Create(DatasetType::kUsers, {{"AGE", FieldType::kNumeric}, {"age", FieldType::kText}});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("twice"), std::string::npos);
  EXPECT_FALSE(Schema::Create(DatasetType::kUsers, {{"1abc", FieldType::kText}}).ok());
  EXPECT_FALSE(Schema::Create(DatasetType::kUsers, {{"a b", FieldType::kText}}).ok());
  EXPECT_TRUE(Schema::Create(DatasetType::kUsers, {{"_x1", FieldType::kText}}).ok());
}

TEST(SchemaTest, DeclaredFieldsAreNeverRequired) {
  auto s = Schema::Create(DatasetType::kUsers, {{"AGE", FieldType::kNumeric, /*required=*/true}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->RequiredFieldNames(), std::vector<std::string>{"USER_ID"});
}

TEST(SchemaTest, MatchHeaderCaseInsensitiveAndIgnoresUnknown) {
  Schema s = Schema::Default(DatasetType::kInteractions);
  auto m = s.MatchHeader({"user_id", " Item_Id ", "event_type", "timestamp", "colour"});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->column_to_field[1], s.FindField("ITEM_ID"));
  EXPECT_EQ(m->column_to_field[4], -1);
  EXPECT_EQ(m->ignored_columns, std::vector<std::string>{"colour"});
  EXPECT_EQ(m->field_to_column[static_cast<size_t>(s.FindField("TIMESTAMP"))], 3);
  EXPECT_EQ(m->field_to_column[static_cast<size_t>(s.FindField("EVENT_VALUE"))], -1);
}

TEST(SchemaTest, MatchHeaderNamesMissingAndDuplicateColumns) {
  Schema s = Schema::Default(DatasetType::kInteractions);
  auto missing = s.MatchHeader({"user_id", "item_id", "event_type"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing required column TIMESTAMP"), std::string::npos);
  auto dup = s.MatchHeader({"user_id", "USER_ID", "item_id", "event_type", "timestamp"});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("columns 1 and 2"), std::string::npos);
}

TEST(SchemaTest, ValidateValueByType) {
  auto s = Schema::Create(DatasetType::kItems, {{"PRICE", FieldType::kNumeric}, {"AT", FieldType::kTimestamp}});
  ASSERT_TRUE(s.ok());
  const int price = s->FindField("price"), at = s->FindField("at"), id = s->FindField("ITEM_ID");
  EXPECT_TRUE(s->ValidateValue(price, "3.5").ok());
  EXPECT_TRUE(s->ValidateValue(price, "").ok());
  Status bad = s->ValidateValue(price, "cheap");
  EXPECT_EQ(bad.message(), "PRICE: expected a number, got \"cheap\"");
  EXPECT_FALSE(s->ValidateValue(price, "inf").ok());
  EXPECT_TRUE(s->ValidateValue(at, "2024-01-01T00:00:00Z").ok());
  EXPECT_FALSE(s->ValidateValue(id, "").ok());
  EXPECT_FALSE(s->ValidateValue(id, "a\nb").ok());
}

TEST(SchemaTest, TimestampErrorMessageNamesField) {
  Schema s = Schema::Default(DatasetType::kInteractions);
  Status st = s.ValidateValue(s.FindField("TIMESTAMP"), "yesterday");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "TIMESTAMP: expected epoch seconds, epoch milliseconds or ISO-8601, got \"yesterday\"");
}

TEST(SchemaTest, ParseNames) {
  EXPECT_EQ(*ParseDatasetType("Items"), DatasetType::kItems);
  EXPECT_FALSE(ParseDatasetType("events").ok());
  EXPECT_EQ(*ParseFieldType("MULTI_CATEGORICAL"), FieldType::kMultiCategorical);
  EXPECT_FALSE(ParseFieldType("float").ok());
}

TEST(SchemaTest, RebuildsFromDeclaredFields) {
  auto s = Schema::Create(DatasetType::kUsers, {{"Age", FieldType::kNumeric}});
  auto again = Schema::Create(s->dataset(), s->declared_fields());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->fields().size(), s->fields().size());
  EXPECT_EQ(again->fields()[1].name, "Age");
}

}  // namespace
}  // namespace attune

#include "core/item_content.h"

#include <gtest/gtest.h>

#include <cmath>

namespace attune {
namespace {

double RowNorm(const CsrMatrix& m, int32_t row) {
  double norm = 0;
  for (float v : m.RowValues(row)) norm += double(v) * v;
  return std::sqrt(norm);
}

TEST(ItemContentTest, TokenisesCategoriesTagsAndTitleWords) {
  ItemContentBuilder builder(1 << 20);
  builder.AddField(0, "CATEGORY", "politics");
  builder.AddField(0, "TAGS", "election | europe");
  builder.AddField(0, "TITLE", "Election: Europe votes, EU reacts");
  builder.AddField(0, "AGE", "42");  // numbers are not content
  builder.AddField(1, "CATEGORY", "sport");
  const ItemContent content = builder.Build(3);
  const CsrMatrix& f = content.features;
  ASSERT_EQ(f.rows, 3);
  // politics, election, europe (tags), and the title words election, europe, votes, reacts
  // ("EU" is too short).
  EXPECT_EQ(f.RowIndices(0).size(), 7u);
  EXPECT_EQ(f.RowIndices(1).size(), 1u);
  EXPECT_TRUE(f.RowIndices(2).empty());
  EXPECT_NEAR(RowNorm(f, 0), 1.0, 1e-6);
  EXPECT_NEAR(RowNorm(f, 1), 1.0, 1e-6);
  EXPECT_GT(f.At(0, ContentFeature("TAGS", "election", content.dims)), 0.0f);
  EXPECT_GT(f.At(0, ContentFeature("TITLE:word", "votes", content.dims)), 0.0f);
  EXPECT_EQ(f.At(0, ContentFeature("CATEGORY", "sport", content.dims)), 0.0f);
}

TEST(ItemContentTest, RareFeaturesWeighMoreThanCommonOnes) {
  ItemContentBuilder builder(1 << 20);
  for (int32_t item = 0; item < 10; ++item) builder.AddField(item, "SOURCE", "wire");
  builder.AddField(0, "CATEGORY", "science");
  const ItemContent content = builder.Build(10);
  EXPECT_GT(content.features.At(0, ContentFeature("CATEGORY", "science", content.dims)),
            content.features.At(0, ContentFeature("SOURCE", "wire", content.dims)));
}

}  // namespace
}  // namespace attune

// The evaluator's self-check on the shared Gowalla split (LightGCN/NGCF protocol): most-popular
// must reproduce the numbers published with the dataset (README.md; they match the BARS
// benchmark). A wrong catalogue size, history mask, tie rule or metric formula moves them.
#include <gtest/gtest.h>

#include "eval/dataset_files.h"
#include "eval/evaluator.h"
#include "eval/split.h"

namespace attune {
namespace {

const std::string kDir = std::string(ATTUNE_SHARED_DIR) + "/datasets/gowalla-lightgcn/";

TEST(GowallaTest, PopularityMatchesPublishedNumbers) {
  auto train = ReadLightGcnFile(kDir + "train.txt");
  auto test = ReadLightGcnFile(kDir + "test.txt");
  ASSERT_TRUE(train.ok()) << train.status().ToString();
  ASSERT_TRUE(test.ok()) << test.status().ToString();
  EXPECT_EQ(train->size(), 810128u);
  EXPECT_EQ(test->size(), 217242u);
  const Split split = SplitFromFiles(*train, *test);
  EXPECT_EQ(split.train.rows, 29858);
  EXPECT_EQ(split.train.cols, 40981);
  EvalOptions options;
  options.ks = {20};
  auto report = FitAndEvaluate("popularity-count", Params(), split, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->eval.users, 29858);
  const MetricsAtK* at20 = report->eval.At(20);
  ASSERT_NE(at20, nullptr);
  EXPECT_NEAR(at20->recall, 0.0416310, 1e-6);
  EXPECT_NEAR(at20->ndcg, 0.0316899, 1e-6);
  EXPECT_NEAR(at20->hit_rate, 0.2038315, 1e-6);
}

// The CSV path on MovieLens-100K u1 (every rating an interaction; ids through IdMaps shared by
// both files): most-popular must give the numbers in ml-100k/README.md.
TEST(MovieLensTest, PopularityOnU1MatchesReadme) {
  const std::string dir = std::string(ATTUNE_SHARED_DIR) + "/datasets/ml-100k/";
  CsvLogOptions options;
  options.delimiter = '\t';
  options.header = false;
  options.columns = ParseColumnList("USER_ID,ITEM_ID,RATING,TIMESTAMP");
  IdMaps ids;
  auto train = ReadCsvLogFile(dir + "u1.base", options, ids);
  auto test = ReadCsvLogFile(dir + "u1.test", options, ids);
  ASSERT_TRUE(train.ok() && test.ok()) << train.status().ToString() << test.status().ToString();
  EXPECT_EQ(train->size() + test->size(), 100000u);
  auto report = FitAndEvaluate("popularity-count", Params(), SplitFromFiles(*train, *test), EvalOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const MetricsAtK* at20 = report->eval.At(20);
  ASSERT_NE(at20, nullptr);
  EXPECT_NEAR(at20->recall, 0.1482, 5e-5);  // the README gives four decimals
  EXPECT_NEAR(at20->ndcg, 0.3004, 5e-5);
  EXPECT_NEAR(at20->hit_rate, 0.9150, 5e-5);
}

}  // namespace
}  // namespace attune

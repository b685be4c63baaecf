#include "eval/dataset_files.h"

#include <gtest/gtest.h>

#include <fstream>

namespace attune {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + "/attune_eval_" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(LightGcnFileTest, ReadsUserItemLists) {
  const std::string path = WriteTemp("lgcn.txt", "0 3 1\n1\n2 0\n");
  auto log = ReadLightGcnFile(path);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->size(), 3u);
  EXPECT_EQ(log->num_users, 3);
  EXPECT_EQ(log->num_items, 4);
  EXPECT_EQ(log->items, (std::vector<int32_t>{3, 1, 0}));
  EXPECT_FALSE(log->has_timestamps());
}

TEST(LightGcnFileTest, BadIdNamesFileAndLine) {
  const std::string path = WriteTemp("lgcn_bad.txt", "0 1\n1 x2\n");
  auto log = ReadLightGcnFile(path);
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("lgcn_bad.txt:2: bad id \"x2\""), std::string::npos)
      << log.status().message();
  EXPECT_FALSE(ReadLightGcnFile(path + ".missing").ok());
}

TEST(LightGcnFileTest, RejectsSparseIdsFromAnotherFormat) {
  // A MovieLens `user item rating timestamp` row read as a LightGCN list.
  const std::string path = WriteTemp("lgcn_ml.txt", "1\t1\t5\t874965758\n");
  auto log = ReadLightGcnFile(path);
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("--format csv"), std::string::npos) << log.status().message();
}

TEST(CsvLogFileTest, HeaderNamesColumnsAndIdsAreShared) {
  IdMaps ids;
  const std::string train = WriteTemp("train.csv", "ITEM_ID,USER_ID,TIMESTAMP,EVENT_TYPE\n"
                                                    "a,u1,100,read\nb,u2,200,read\n");
  const std::string test = WriteTemp("test.csv", "USER_ID,ITEM_ID,TIMESTAMP\nu2,a,300\nu3,c,400\n");
  auto a = ReadCsvLogFile(train, CsvLogOptions(), ids);
  auto b = ReadCsvLogFile(test, CsvLogOptions(), ids);
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString() << b.status().ToString();
  EXPECT_EQ(a->users, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(b->users, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(b->items, (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(b->timestamps, (std::vector<int64_t>{300, 400}));
  EXPECT_EQ(b->num_items, 3);
}

TEST(CsvLogFileTest, QuotedFieldsAndIsoTimestamps) {
  IdMaps ids;
  const std::string path = WriteTemp("quoted.csv", "USER_ID,ITEM_ID,TIMESTAMP\n"
                                                   "\"u,1\",story,2023-11-14T22:13:20Z\n");
  auto log = ReadCsvLogFile(path, CsvLogOptions(), ids);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(ids.users.Name(0), "u,1");
  EXPECT_EQ(log->timestamps, (std::vector<int64_t>{1700000000}));
}

TEST(CsvLogFileTest, TabSeparatedWithoutHeader) {
  IdMaps ids;
  CsvLogOptions options;
  options.delimiter = '\t';
  options.header = false;
  options.columns = ParseColumnList("USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP");
  const std::string path = WriteTemp("u.data", "1\t1\t5\t874965758\n1\t2\t3\t876893171\n");
  auto log = ReadCsvLogFile(path, options, ids);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->weights, (std::vector<float>{5, 3}));
  EXPECT_EQ(log->timestamps[1], 876893171);
}

// As `attune generate` writes them: EVENT_VALUE only for reads; an empty one weighs 1.
TEST(CsvLogFileTest, EmptyEventValueWeighsOneAndNewestTimesAlignWithTheMatrix) {
  IdMaps ids;
  const std::string path = WriteTemp("generated.csv",
                                     "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE\n"
                                     "u1,i1,open,100,\n"
                                     "u1,i1,read,160,0.5\n"
                                     "u1,i0,open,50,\n"
                                     "u2,i1,open,70,\n");
  auto log = ReadCsvLogFile(path, CsvLogOptions(), ids);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->weights, (std::vector<float>{1, 0.5f, 1, 1}));
  const CsrMatrix m = log->ToMatrix(0, 0);
  // Cells in matrix order: (u1, i1) [index 0, 0], (u1, i0) [0, 1], (u2, i1) [1, 0].
  ASSERT_EQ(m.nnz(), 3);
  EXPECT_EQ(m.At(0, 0), 1.5f);
  EXPECT_EQ(log->NewestTimes(), (std::vector<int64_t>{160, 50, 70}));
  EXPECT_EQ(log->NewestTimes({0, 1, 1, 0}), (std::vector<int64_t>{160, 50}));
}

TEST(CsvLogFileTest, ErrorsSayWhereAndHowToFix) {
  IdMaps ids;
  const std::string bad_time = WriteTemp("bad_time.csv", "USER_ID,ITEM_ID,TIMESTAMP\nu,i,12\nu,j,noon\n");
  auto log = ReadCsvLogFile(bad_time, CsvLogOptions(), ids);
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("bad_time.csv:3: bad TIMESTAMP"), std::string::npos)
      << log.status().message();
  EXPECT_NE(log.status().message().find("\"noon\""), std::string::npos) << log.status().message();
  const std::string no_user = WriteTemp("no_user.csv", "ITEM_ID\ni\n");
  auto missing = ReadCsvLogFile(no_user, CsvLogOptions(), ids);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("--columns"), std::string::npos);
  CsvLogOptions tabs;
  tabs.header = false;
  tabs.columns = ParseColumnList("USER_ID,ITEM_ID");
  auto wrong_delimiter = ReadCsvLogFile(WriteTemp("tabs.tsv", "1\t2\n"), tabs, ids);
  ASSERT_FALSE(wrong_delimiter.ok());
  EXPECT_NE(wrong_delimiter.status().message().find("--delimiter"), std::string::npos);
}

}  // namespace
}  // namespace attune

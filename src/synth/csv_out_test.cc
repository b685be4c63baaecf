#include "synth/csv_out.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace attune::synth {
namespace {

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/csv_out_test_" + std::to_string(getpid()) + "_" + name;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CsvFieldTest, QuotesOnlyWhenNeededAndDoublesQuotes) {
  EXPECT_EQ(CsvField("plain title"), "plain title");
  EXPECT_EQ(CsvField("a, b"), "\"a, b\"");
  EXPECT_EQ(CsvField("\"Hi\": there"), "\"\"\"Hi\"\": there\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(CsvOutTest, WritesFieldsRowsAndNumbers) {
  const std::string path = TempPath("rows.csv");
  CsvOut out;
  ASSERT_TRUE(out.Open(path).ok());
  out.PrefixedInt('u', 42), out.Int(-7), out.Hundredths(5), out.Empty(), out.EndRow();
  out.Hundredths(100), out.Hundredths(73), out.Quoted("x, y"), out.Text("z"), out.EndRow();
  ASSERT_TRUE(out.Close().ok());
  EXPECT_EQ(ReadAll(path), "u42,-7,0.05,\n1.00,0.73,\"x, y\",z\n");
  std::remove(path.c_str());
}

TEST(CsvOutTest, OpenFailureNamesThePath) {
  CsvOut out;
  const Status status = out.Open("/nonexistent-dir-for-attune/x.csv");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("/nonexistent-dir-for-attune/x.csv"), std::string::npos);
}

TEST(CsvOutTest, LargeOutputSurvivesSeveralFlushes) {
  const std::string path = TempPath("big.csv");
  CsvOut out;
  ASSERT_TRUE(out.Open(path).ok());
  const int rows = 500000;  // about 7 MB: more than one 4 MiB buffer
  for (int row = 0; row < rows; ++row) out.PrefixedInt('e', row), out.Int(row), out.EndRow();
  const uint64_t expected = out.bytes_written();
  ASSERT_TRUE(out.Close().ok());
  const std::string text = ReadAll(path);
  EXPECT_EQ(text.size(), expected);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), rows);
  EXPECT_TRUE(text.ends_with("\ne499999,499999\n"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace attune::synth

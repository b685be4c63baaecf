// A generated file of a few hundred thousand rows: counts must be exact, with bad rows spread
// through it. (Constant memory is measured by bench/import/run.sh, which reports peak RSS.)
#include <random>

#include "import_test_util.h"

namespace attune {
namespace {

using ImportLargeTest = ImportTestBase;

#ifdef ATTUNE_SANITIZE
constexpr int kRows = 40'000;
#else
constexpr int kRows = 300'000;
#endif

TEST_F(ImportLargeTest, CountsAreExactOnAGeneratedFile) {
  std::mt19937 rng(42);
  std::string csv = "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE\n";
  csv.reserve(size_t{kRows} * 40);
  int bad = 0;
  for (int row = 0; row < kRows; ++row) {
    csv += "user" + std::to_string(rng() % 5000) + ",item" + std::to_string(rng() % 20000) +
           ",read,";
    if (row % 1000 == 999) {
      csv += "never,1\n";
      ++bad;
    } else {
      csv += std::to_string(1700000000 + row) + "," + std::to_string(rng() % 5) + "\n";
    }
  }
  ImportSummary s = Import(Request(WriteFile("large.csv", csv)));
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, kRows);
  EXPECT_EQ(s.rows_rejected, bad);
  EXPECT_EQ(s.rows_imported, kRows - bad);
  EXPECT_EQ(s.errors.size(), std::min<size_t>(bad, kMaxRowErrors));
  EXPECT_EQ(s.errors[0].line, 1001);
  EXPECT_EQ(Interactions(), kRows - bad);
}

}  // namespace
}  // namespace attune

// Real public data from the shared folder, imported as it is published.
#include <fstream>

#include "import_test_util.h"

namespace attune {
namespace {

const std::string kShared = ATTUNE_SHARED_DIR "/datasets";

using ImportDatasetsTest = ImportTestBase;

// MovieLens 100K u.data: "user \t item \t rating \t unix time", no header, no event type.
TEST_F(ImportDatasetsTest, MovieLensUDataWithExplicitColumnsAndTabs) {
  ImportRequest request = Request(kShared + "/ml-100k/u.data");
  request.has_header = false;
  request.columns = {"USER_ID", "ITEM_ID", "EVENT_VALUE", "TIMESTAMP"};
  request.csv.delimiter = '\t';
  ImportSummary s = Import(request);
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, 100'000);
  EXPECT_EQ(s.rows_imported, 100'000);
  EXPECT_EQ(s.rows_rejected, 0);
  EXPECT_EQ(Interactions(), 100'000);
  auto [users, items] = DistinctUsersAndItems();
  EXPECT_EQ(users, 943u);
  EXPECT_EQ(items, 1682u);
  // First line of u.data: 196 242 3 881250949.
  auto events = store_->UserInteractions("g", "196", 1000);
  ASSERT_TRUE(events.ok());
  bool found = false;
  for (const StoredInteraction& e : *events) {
    if (e.item_id != "242") continue;
    found = true;
    EXPECT_EQ(e.event_value, 3.0);
    EXPECT_EQ(e.timestamp, 881250949);
    EXPECT_EQ(e.event_type, "interaction");
  }
  EXPECT_TRUE(found);
}

// Gowalla (LightGCN split) train.txt: 810,128 user-item pairs. Under the sanitizers the first
// 3,000 lines are used and the expected count is taken from those lines.
TEST_F(ImportDatasetsTest, GowallaLightGcnTrain) {
  std::string path = kShared + "/gowalla-lightgcn/train.txt";
  int64_t expected = 810'128;
#ifdef ATTUNE_SANITIZE
  std::ifstream in(path);
  std::string line, slice;
  expected = 0;
  for (int n = 0; n < 3000 && std::getline(in, line); ++n) {
    slice += line + "\n";
    for (char c : line) expected += (c == ' ');
  }
  path = WriteFile("gowalla_slice.txt", slice);
#endif
  ImportRequest request = Request(path);
  request.format = ImportFormat::kLightGcn;
  ImportSummary s = Import(request);
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, expected);
  EXPECT_EQ(s.rows_imported, expected);
  EXPECT_EQ(Interactions(), expected);
#ifndef ATTUNE_SANITIZE
  auto [users, items] = DistinctUsersAndItems();
  EXPECT_EQ(users, 29'858u);
  EXPECT_EQ(items, 40'981u);
#endif
}

}  // namespace
}  // namespace attune

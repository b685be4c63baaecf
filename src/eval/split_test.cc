#include "eval/split.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

// `users` users with `per_user` events each, item = event number, timestamps increasing but
// written newest first, so the split must sort by time rather than trust file order.
InteractionLog TimedLog(int users, int per_user) {
  InteractionLog log;
  for (int user = 0; user < users; ++user) {
    for (int event = per_user - 1; event >= 0; --event) {
      log.users.push_back(user);
      log.items.push_back(event);
      log.weights.push_back(1.0f);
      log.timestamps.push_back(1000 + event);
    }
  }
  log.num_users = users;
  log.num_items = per_user;
  return log;
}

TEST(PersonalizeSplitTest, HoldsOutNewestTenthOfTenPercentOfUsers) {
  InteractionLog log = TimedLog(50, 20);
  auto split = PersonalizeSplit(log, PersonalizeSplitOptions());
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  int test_users = 0;
  for (int32_t user = 0; user < 50; ++user) {
    if (split->test.RowSize(user) == 0) {
      EXPECT_EQ(split->train.RowSize(user), 20);  // training users keep everything
      continue;
    }
    ++test_users;
    EXPECT_EQ(split->train.RowSize(user), 0);     // test users do not train
    EXPECT_EQ(split->history.RowSize(user), 18);  // their older 90% is history
    const auto held = split->test.RowIndices(user);
    EXPECT_EQ(std::vector<int32_t>(held.begin(), held.end()), (std::vector<int32_t>{18, 19}));
  }
  EXPECT_EQ(test_users, 5);
}

TEST(PersonalizeSplitTest, SeedChoosesUsersReproducibly) {
  InteractionLog log = TimedLog(40, 3);
  PersonalizeSplitOptions options;
  auto a = PersonalizeSplit(log, options);
  auto b = PersonalizeSplit(log, options);
  options.seed = 99;
  auto c = PersonalizeSplit(log, options);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->test.indptr, b->test.indptr);
  EXPECT_NE(a->test.indptr, c->test.indptr);
  EXPECT_EQ(a->test.nnz(), 4);  // 4 users, at least one event each (10% of 3 rounds down)
}

TEST(PersonalizeSplitTest, NeedsTimestamps) {
  InteractionLog log = TimedLog(10, 3);
  log.timestamps.clear();
  auto split = PersonalizeSplit(log, PersonalizeSplitOptions());
  ASSERT_FALSE(split.ok());
  EXPECT_NE(split.status().message().find("TIMESTAMP"), std::string::npos);
}

TEST(TemporalSplitTest, EventsAfterCutoffAreTestAndRereadsAreDropped) {
  InteractionLog log = TimedLog(2, 4);  // times 1000..1003
  log.users.push_back(0);               // user 0 re-reads item 0 after the cut-off
  log.items.push_back(0);
  log.weights.push_back(1.0f);
  log.timestamps.push_back(2000);
  auto split = TemporalSplit(log, 1001);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  EXPECT_EQ(split->train.RowSize(0), 2);
  const auto test0 = split->test.RowIndices(0);
  EXPECT_EQ(std::vector<int32_t>(test0.begin(), test0.end()), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(CutoffForLastDays(log, 0), 2000);
  EXPECT_FALSE(TemporalSplit(log, 5000).ok());  // nothing after the cut-off
}

TEST(FilesSplitTest, CatalogueCountsTestOnlyItems) {
  InteractionLog train, test;
  train.users = {0, 1};
  train.items = {0, 1};
  train.weights = {1, 1};
  train.num_users = 2;
  train.num_items = 2;
  test.users = {0, 1};
  test.items = {4, 1};  // item 4 appears only in test; user 1 re-reads item 1
  test.weights = {1, 1};
  test.num_users = 2;
  test.num_items = 5;
  Split split = SplitFromFiles(train, test);
  EXPECT_EQ(split.train.cols, 5);
  EXPECT_EQ(split.test.nnz(), 1);
  EXPECT_EQ(split.test.At(0, 4), 1.0f);
}

TEST(ValidationTest, CarvesFromTrainOnlyAndKeepsHistory) {
  InteractionLog log = TimedLog(30, 10);
  CsrMatrix train = log.ToMatrix(30, 10);
  Split validation = CarveValidation(train, ValidationOptions());
  EXPECT_EQ(validation.train.nnz() + validation.test.nnz(), train.nnz());
  for (int32_t user = 0; user < 30; ++user) {
    EXPECT_EQ(validation.test.RowSize(user), 2);  // 20% of 10
    for (int32_t item : validation.test.RowIndices(user)) EXPECT_EQ(validation.train.At(user, item), 0.0f);
  }
  CsrMatrix single = CsrMatrix::FromTriplets(1, 3, {{0, 1, 1}});
  EXPECT_EQ(CarveValidation(single, ValidationOptions()).test.nnz(), 0);  // never empties a user
}

}  // namespace
}  // namespace attune

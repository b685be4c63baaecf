// trending-now and TrendingCounters: a story that takes off rises above one that is merely big.
#include <gtest/gtest.h>

#include <cmath>

#include "model/registry.h"
#include "model/trending.h"
#include "model/trending_counters.h"

namespace attune {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kNow = 1'700'000'000;

TrendWindow HourWindow() {
  TrendWindow window;
  window.window_seconds = kHour;
  window.baseline_windows = 4;
  window.buckets_per_window = 4;
  return window;
}

TEST(TrendingCountersTest, RisingStoryOutranksSteadyBigStory) {
  TrendingCounters counters(HourWindow());
  // Story 0: 20 events an hour for the last five hours (big, steady).
  for (int64_t hour = 0; hour < 5; ++hour) {
    for (int i = 0; i < 20; ++i) counters.Add(0, kNow - hour * kHour - 60 * i, 1.0f);
  }
  // Story 1: 2 events an hour before, 15 in the last hour (taking off).
  for (int64_t hour = 1; hour < 5; ++hour) {
    for (int i = 0; i < 2; ++i) counters.Add(1, kNow - hour * kHour - 60 * i, 1.0f);
  }
  for (int i = 0; i < 15; ++i) counters.Add(1, kNow - 60 * i, 1.0f);
  // Story 2: nothing recent, busy before (falling).
  for (int i = 0; i < 30; ++i) counters.Add(2, kNow - 3 * kHour - 60 * i, 1.0f);

  EXPECT_NEAR(counters.Score(0, kNow), 0.0f, 1e-5);  // recent == usual rate
  EXPECT_NEAR(counters.Score(1, kNow), (15.0 - 2.0) / std::sqrt(2.0 + 1.0), 1e-5);
  EXPECT_LT(counters.Score(2, kNow), 0.0f);
  EXPECT_EQ(counters.Score(7, kNow), 0.0f);  // never seen
  const std::vector<ScoredItem> top = counters.Top(kNow, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].item, 1);
  EXPECT_EQ(top[1].item, 0);
  EXPECT_EQ(top[2].item, 2);
}

TEST(TrendingCountersTest, OldBucketsExpireAsTimePasses) {
  TrendingCounters counters(HourWindow());
  for (int i = 0; i < 10; ++i) counters.Add(0, kNow - 60 * i, 1.0f);
  EXPECT_NEAR(counters.Score(0, kNow), 10.0f, 1e-5);  // all recent, no baseline
  // Two hours later the burst is baseline: rate 10 / 4 windows, nothing recent.
  EXPECT_NEAR(counters.Score(0, kNow + 2 * kHour), (0.0 - 2.5) / std::sqrt(2.5 + 1.0), 1e-5);
  // Six hours later it has left the ring (1 + 4 windows) entirely.
  EXPECT_EQ(counters.Score(0, kNow + 6 * kHour), 0.0f);
  // A new event reuses the slot; the old weight does not leak into it.
  counters.Add(0, kNow + 6 * kHour, 1.0f);
  EXPECT_NEAR(counters.Score(0, kNow + 6 * kHour), 1.0f, 1e-5);
}

TEST(TrendingCountersTest, EventsOlderThanAReusedBucketAreDropped) {
  TrendingCounters counters(HourWindow());
  counters.Add(0, kNow, 1.0f);
  // Exactly one ring (5 hours) earlier maps to the same slot, which holds newer time now.
  counters.Add(0, kNow - 5 * kHour, 100.0f);
  EXPECT_NEAR(counters.Score(0, kNow), 1.0f, 1e-5);
}

TEST(TrendingNowTest, FitsFromInteractionTimesAndSaysWhenThereAreNone) {
  // Users 0-3 read story 0 four hours ago; users 4-7 read story 1 in the last hour.
  std::vector<Triplet> cells;
  std::vector<int64_t> times;
  for (int32_t user = 0; user < 8; ++user) cells.push_back({user, user < 4 ? 0 : 1, 1.0f});
  const CsrMatrix m = CsrMatrix::FromTriplets(8, 3, cells);
  for (int32_t user = 0; user < 8; ++user) times.push_back(user < 4 ? kNow - 4 * kHour : kNow - 60);
  Params params;
  params.Set("window_minutes", "60");
  auto model = MakeRecommender("trending-now", params);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  TrainingData data;
  data.user_items = &m;
  const Status without_times = (*model)->Fit(data);
  EXPECT_EQ(without_times.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(without_times.message().find("TIMESTAMP"), std::string::npos);
  data.interaction_times = times;
  ASSERT_TRUE((*model)->Fit(data).ok());
  const auto& trending = static_cast<const TrendingNow&>(**model);
  EXPECT_EQ(trending.reference_time(), kNow - 60);
  const std::vector<ScoredItem> top = RecommendForUser(**model, m, 0, 3, /*exclude_history=*/false);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].item, 1);  // rising now
  EXPECT_EQ(top[1].item, 2);  // no events: 0
  EXPECT_EQ(top[2].item, 0);  // was busy, now quiet: negative
}

TEST(TrendingNowTest, RejectsAWindowOutsideHalfAnHourToADay) {
  Params params;
  params.Set("window_minutes", "5");
  auto model = MakeRecommender("trending-now", params);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("window_minutes"), std::string::npos);
}

}  // namespace
}  // namespace attune

#include "synth/timeline.h"

#include <gtest/gtest.h>

namespace attune::synth {
namespace {

constexpr int64_t kStart = 1'700'000'000 - 1'700'000'000 % 86400;  // a midnight, UTC

TEST(TimelineTest, CoversTheWindowInOrder) {
  const Timeline timeline(kStart, kStart + 3 * 86400, DailyRhythm::kReading);
  EXPECT_DOUBLE_EQ(timeline.At(0.0), static_cast<double>(kStart));
  EXPECT_DOUBLE_EQ(timeline.At(1.0), static_cast<double>(kStart + 3 * 86400));
  double previous = timeline.At(0.0);
  for (int step = 1; step <= 1000; ++step) {
    const double t = timeline.At(step / 1000.0);
    ASSERT_GE(t, previous);
    previous = t;
  }
}

TEST(TimelineTest, FollowsTheDailyRhythm) {
  const Timeline timeline(kStart, kStart + 10 * 86400, DailyRhythm::kReading);
  int at_night = 0, in_the_evening = 0;
  for (int step = 0; step < 100000; ++step) {
    const int64_t t = static_cast<int64_t>(timeline.At((step + 0.5) / 100000));
    const int hour = static_cast<int>((t - kStart) % 86400 / 3600);
    at_night += hour == 3;
    in_the_evening += hour == 20;
  }
  // Weights 1 (03:00) and 10 (20:00): the evening hour gets about ten times the night hour.
  EXPECT_GT(in_the_evening, 8 * at_night);
  EXPECT_GT(at_night, 0);
}

TEST(TimelineTest, ShortLastBinStaysInsideTheWindow) {
  const Timeline timeline(kStart, kStart + 5400, DailyRhythm::kNewsroom);  // 1.5 hours
  for (int step = 0; step <= 100; ++step) {
    const double t = timeline.At(step / 100.0);
    ASSERT_GE(t, kStart);
    ASSERT_LE(t, kStart + 5400);
  }
}

}  // namespace
}  // namespace attune::synth

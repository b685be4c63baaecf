// Timeline: spreads a count of things (stories, sessions) over a time window following a daily
// rhythm, so that reading peaks in the morning and evening and is quiet at night.
// At(fraction) is the inverse of the cumulative intensity: feeding it evenly spaced fractions
// yields timestamps whose density follows the rhythm, in increasing order, in one pass.
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <vector>

namespace attune::synth {

enum class DailyRhythm {
  kReading,     // readers: morning commute, lunch, a long evening peak
  kNewsroom,    // publishing: office hours, little at night
};

class Timeline {
 public:
  // The window is [start, end) in epoch seconds; end > start.
  Timeline(int64_t start, int64_t end, DailyRhythm rhythm);

  // fraction in [0, 1] -> a time in [start, end]; non-decreasing in fraction.
  double At(double fraction) const;
  int64_t start() const { return start_; }
  int64_t end() const { return end_; }

 private:
  int64_t start_;
  int64_t end_;
  std::vector<double> cumulative_;  // per hour bin boundary, normalised to end at 1
};

// Relative activity for an hour of the (UTC) day, 0..23.
double HourWeight(DailyRhythm rhythm, int hour_of_day);

}  // namespace attune::synth

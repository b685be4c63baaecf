#include "synth/timeline.h"

#include <algorithm>

namespace attune::synth {
namespace {

constexpr int64_t kHour = 3600;

// Shares of activity by hour of day; only the shape matters.
constexpr double kReadingByHour[24] = {3, 2, 1, 1, 1, 2, 5, 9, 10, 8, 6, 6,
                                       8, 8, 6, 6, 6, 7, 9, 10, 10, 9, 7, 5};
constexpr double kNewsroomByHour[24] = {1, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9,
                                        8, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1};

int HourOfDay(int64_t t) {
  const int64_t in_day = ((t % 86400) + 86400) % 86400;
  return static_cast<int>(in_day / kHour);
}

}  // namespace

double HourWeight(DailyRhythm rhythm, int hour_of_day) {
  return rhythm == DailyRhythm::kReading ? kReadingByHour[hour_of_day]
                                         : kNewsroomByHour[hour_of_day];
}

Timeline::Timeline(int64_t start, int64_t end, DailyRhythm rhythm) : start_(start), end_(end) {
  // Bins of one hour aligned to `start`; the last one may be shorter.
  cumulative_.push_back(0.0);
  for (int64_t bin = start; bin < end; bin += kHour) {
    const double width = static_cast<double>(std::min(kHour, end - bin)) / kHour;
    cumulative_.push_back(cumulative_.back() + width * HourWeight(rhythm, HourOfDay(bin)));
  }
  const double total = cumulative_.back();
  for (double& c : cumulative_) c /= total;
}

double Timeline::At(double fraction) const {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const auto upper = std::upper_bound(cumulative_.begin(), cumulative_.end(), fraction);
  if (upper == cumulative_.end()) return static_cast<double>(end_);
  const size_t bin = static_cast<size_t>(upper - cumulative_.begin()) - 1;
  const double lo = cumulative_[bin];
  const double hi = cumulative_[bin + 1];
  const double within = hi > lo ? (fraction - lo) / (hi - lo) : 0.0;
  const double bin_start = static_cast<double>(start_) + static_cast<double>(bin) * kHour;
  const double bin_end = std::min(bin_start + kHour, static_cast<double>(end_));
  return bin_start + within * (bin_end - bin_start);
}

}  // namespace attune::synth

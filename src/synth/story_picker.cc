#include "synth/story_picker.h"

#include <algorithm>

#include "synth/vocabulary.h"

namespace attune::synth {
namespace {

constexpr double kHour = 3600.0;
constexpr int kMaxTries = 8;

bool HasFavouriteTag(const Reader& reader, const Story& story) {
  for (uint8_t fav = 0; fav < reader.favourite_count; ++fav) {
    if (reader.favourite_category[fav] != story.category) continue;
    for (uint8_t slot = 0; slot < story.tag_count; ++slot) {
      if (story.tags[slot] == reader.favourite_tag[fav]) return true;
    }
  }
  return false;
}

}  // namespace

StoryPicker::StoryPicker(const std::vector<Story>& stories)
    : stories_(stories),
      by_category_(Categories().size()),
      published_(Categories().size()) {
  for (uint32_t idx = 0; idx < stories.size(); ++idx) {
    by_category_[stories[idx].category].push_back(idx);
    published_[stories[idx].category].push_back(stories[idx].published);
  }
}

double StoryPicker::SampleAge(Rng& rng) {
  // Breaking news (hours), the day's stories (a day), and the long tail (days).
  const double kind = rng.Uniform();
  if (kind < 0.55) return rng.Exponential(5 * kHour);
  if (kind < 0.90) return rng.Exponential(20 * kHour);
  return rng.Exponential(96 * kHour);
}

int64_t StoryPicker::Nearest(uint8_t category, double target, int64_t now) const {
  const std::vector<int64_t>& times = published_[category];
  // The first story published after `now` bounds the search: nothing later is out yet.
  const size_t out = static_cast<size_t>(
      std::upper_bound(times.begin(), times.end(), now) - times.begin());
  if (out == 0) return kNoStory;
  size_t after = static_cast<size_t>(
      std::upper_bound(times.begin(), times.begin() + out, static_cast<int64_t>(target)) -
      times.begin());
  if (after == out) return by_category_[category][out - 1];
  if (after > 0 && target - times[after - 1] < times[after] - target) --after;
  return by_category_[category][after];
}

int64_t StoryPicker::Pick(uint8_t category, int64_t now, const Reader& reader,
                          Rng& rng) const {
  int64_t candidate = kNoStory;
  for (int attempt = 0; attempt < kMaxTries; ++attempt) {
    candidate = Nearest(category, static_cast<double>(now) - SampleAge(rng), now);
    if (candidate == kNoStory) return kNoStory;
    const Story& story = stories_[static_cast<size_t>(candidate)];
    const double take = story.quality * (HasFavouriteTag(reader, story) ? 1.0 : 0.6);
    if (rng.Chance(take)) return candidate;
  }
  return candidate;  // nobody is that picky forever: the last one offered
}

int64_t StoryPicker::PickAny(uint8_t category, int64_t now, const Reader& reader,
                             Rng& rng) const {
  const int64_t story = Pick(category, now, reader, rng);
  if (story != kNoStory) return story;
  const uint8_t count = static_cast<uint8_t>(Categories().size());
  for (uint8_t step = 1; step < count; ++step) {
    const int64_t other = Pick(static_cast<uint8_t>((category + step) % count), now, reader, rng);
    if (other != kNoStory) return other;
  }
  return kNoStory;
}

}  // namespace attune::synth

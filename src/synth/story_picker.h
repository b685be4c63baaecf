// StoryPicker: which story a reader opens next. News decays: the age of the story a reader
// picks follows a mix of short and long exponentials (most reading happens within a day or two
// of publication, a long tail after), and a story is taken in proportion to its quality, with a
// bonus when it carries one of the reader's favourite tags.
// The sampling is by rejection over a binary search of each category's publication times, so
// one pick costs a few O(log stories) steps whatever the catalogue size.
// Thread safety: immutable after construction; Pick() takes the caller's Rng.
#pragma once

#include <cstdint>
#include <vector>

#include "synth/people.h"
#include "synth/rng.h"
#include "synth/stories.h"

namespace attune::synth {

inline constexpr int64_t kNoStory = -1;

class StoryPicker {
 public:
  // `stories` must be in publication order and outlive the picker.
  explicit StoryPicker(const std::vector<Story>& stories);

  // A story of `category` published at or before `now`, or kNoStory when there is none yet.
  int64_t Pick(uint8_t category, int64_t now, const Reader& reader, Rng& rng) const;
  // Like Pick, but falls back to other categories when this one has nothing yet.
  int64_t PickAny(uint8_t category, int64_t now, const Reader& reader, Rng& rng) const;

  // How old the next story a reader opens is, in seconds (the decay of news).
  static double SampleAge(Rng& rng);

 private:
  // The story of the category published nearest to `target` among those out by `now`;
  // kNoStory when none is out yet.
  int64_t Nearest(uint8_t category, double target, int64_t now) const;

  const std::vector<Story>& stories_;
  std::vector<std::vector<uint32_t>> by_category_;    // story indices, publication order
  std::vector<std::vector<int64_t>> published_;       // the same stories' publication times
};

}  // namespace attune::synth

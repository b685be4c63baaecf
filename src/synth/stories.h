// The story catalogue of the synthetic site: when each story is published (continuously, with
// the newsroom's daily rhythm), its category, tags, source, title, how long a full read takes
// and its quality (how viral it is, heavy-tailed: most stories are ordinary, a few take off).
// Stories are returned in publication order; index i is written as ITEM_ID "i<i+1>".
// Thread safety: plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/rng.h"
#include "synth/timeline.h"
#include "synth/vocabulary.h"

namespace attune::synth {

struct Story {
  int64_t published = 0;    // CREATION_TIMESTAMP, epoch seconds
  uint8_t category = 0;     // index into Categories()
  uint8_t source = 0;       // index into Sources()
  uint8_t tag_count = 0;    // 1..3
  uint8_t tags[3] = {};     // indices into the category's tags, distinct
  float quality = 0.5f;     // (0, 1]: chance a reader who is offered it takes it
  uint16_t read_seconds = 0;  // time to read it all
  std::string title;
};

// `count` stories published over the timeline's window; the first at its very start.
std::vector<Story> MakeStories(uint32_t count, const Timeline& newsroom, Rng& rng);

// A plausible headline for the category; may hold commas and quotes (CSV quoting needed).
std::string MakeTitle(const CategoryWords& words, Rng& rng);

// Tags of a story joined by '|' (the multi_categorical form).
std::string JoinTags(const Story& story);

}  // namespace attune::synth

// The readers of the synthetic site: how active each one is (Pareto: a few heavy readers, a long
// tail of occasional ones), what they care about (one to three categories with weights, and a
// couple of favourite tags), and profile fields written to users.csv (REGION, AGE).
// Reader index i is written as USER_ID "u<i+1>".
// Thread safety: plain data and pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "synth/rng.h"
#include "synth/stories.h"

namespace attune::synth {

struct Reader {
  double activity = 1.0;       // relative rate of sessions; Pareto, capped
  uint8_t interest_count = 0;  // 1..3
  uint8_t interests[3] = {};   // category indices, distinct
  float interest_weight[3] = {};  // cumulative shares for picking, last = 1
  float affinity[3] = {};      // how much each interest matters, the strongest = 1
  uint8_t favourite_count = 0;  // 0..2 favourite tags, each within one of the interests
  uint8_t favourite_category[2] = {};
  uint8_t favourite_tag[2] = {};
  uint8_t region = 0;          // index into Regions()
  uint8_t age = 0;
};

// Tail index of reader activity: the top 1% of readers hold about a sixth of all sessions.
inline constexpr double kActivityAlpha = 1.5;
// Cap on activity (in units of the least active reader) so nobody reads around the clock.
inline constexpr double kActivityCap = 100.0;

std::vector<Reader> MakeReaders(uint32_t count, Rng& rng);

// How well a story fits a reader, in [0, 1]: mostly its category, plus a favourite tag.
double Match(const Reader& reader, const Story& story);

// A category for the reader's next story: one of their interests, or now and then any category
// (exploration, where most hides come from).
uint8_t NextCategory(const Reader& reader, Rng& rng);

}  // namespace attune::synth

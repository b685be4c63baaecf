// GenerateSite: writes a realistic synthetic news site as three CSV files that `attune import`
// takes as they are:
//   DIR/users.csv         USER_ID,REGION,AGE
//   DIR/items.csv         ITEM_ID,CREATION_TIMESTAMP,CATEGORY,TAGS,SOURCE,TITLE
//   DIR/interactions.csv  USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE,SESSION_ID,EVENT_ID
// Interactions come in time order, exactly `interactions` of them, all inside the window
// [end - days, end), none before its story's publication; EVENT_ID is unique ("e1", "e2", ...).
// The same options give byte-identical files. Each file is written under a temporary name and
// renamed when complete, so a file with the final name is never half-written.
// Thread safety: none needed; one call generates one site on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "synth/session_sim.h"

namespace attune::synth {

// 2026-11-01T00:00:00Z: a fixed default, so a seed alone decides the output.
inline constexpr int64_t kDefaultWindowEnd = 1793491200;

struct GenerateOptions {
  uint64_t seed = 42;             // same seed, same files
  int days = 30;                  // window length; stories are published throughout it
  int64_t end = kDefaultWindowEnd;  // window end, epoch seconds (e.g. now, for fresh data)
  uint32_t users = 0;             // 0: one per 50 interactions, at least 100
  uint32_t stories = 0;           // 0: 100 a day
  uint64_t interactions = 1'000'000;  // exact number of rows in interactions.csv
};

struct GenerateSummary {
  uint32_t users = 0;
  uint32_t stories = 0;
  uint64_t interactions = 0;
  uint64_t sessions = 0;
  int64_t window_start = 0;
  int64_t window_end = 0;
  uint64_t by_type[kEventTypeCount] = {};  // counts per EventType
  uint64_t bytes = 0;                      // of the three files together
};

// Called now and then with (interactions written, interactions wanted).
using GenerateProgress = std::function<void(uint64_t done, uint64_t total)>;

// Fills in the defaults (users, stories) and checks ranges; errors name the flag to fix.
Result<GenerateOptions> ResolveOptions(const GenerateOptions& options);

// Creates `out_dir` if needed and writes the three files into it.
Result<GenerateSummary> GenerateSite(const GenerateOptions& options, const std::string& out_dir,
                                     const GenerateProgress& progress = nullptr);

}  // namespace attune::synth

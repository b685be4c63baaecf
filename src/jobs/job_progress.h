// JobProgress: how far a long job is, for progress bars (CLI) and job status (HTTP).
//
// Jobs call a JobProgressFn from their own thread every so often (not per row); the callback
// must be cheap and must not call back into the job. `total` is 0 when unknown.
// Thread safety: plain values; the callback runs on the job's thread.
#pragma once

#include <cstdint>
#include <functional>

namespace attune {

struct JobProgress {
  uint64_t done = 0;   // units of work done (bytes for imports)
  uint64_t total = 0;  // same units; 0 if unknown
  int64_t rows = 0;    // records handled so far
};

using JobProgressFn = std::function<void(const JobProgress&)>;

}  // namespace attune

// Parallel loops for CPU-bound work (training, evaluation). Work is handed out in chunks from an
// atomic counter, so uneven rows (power-law users) balance themselves.
// Thread safety: `body` runs concurrently on up to `threads` threads; it must only write state
// owned by its index or by its thread slot (`thread_idx` < threads), e.g. per-thread scratch.
#pragma once

#include <cstddef>
#include <functional>

namespace attune {

// Number of hardware threads, at least 1.
int HardwareThreads();

// Calls body(thread_idx, i) for every i in [begin, end), with `threads` threads (<= 0: all
// hardware threads) taking `chunk` consecutive indices at a time. Returns when all are done.
// The calling thread takes part as thread 0.
void ParallelFor(size_t begin, size_t end, int threads,
                 const std::function<void(int thread_idx, size_t i)>& body, size_t chunk = 64);

}  // namespace attune

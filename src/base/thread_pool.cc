#include "base/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace attune {

int HardwareThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void ParallelFor(size_t begin, size_t end, int threads,
                 const std::function<void(int thread_idx, size_t i)>& body, size_t chunk) {
  if (end <= begin) return;
  if (threads <= 0) threads = HardwareThreads();
  chunk = std::max<size_t>(chunk, 1);
  const size_t chunks = (end - begin + chunk - 1) / chunk;
  threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads), chunks));
  std::atomic<size_t> next{begin};
  auto worker = [&](int thread_idx) {
    for (;;) {
      const size_t start = next.fetch_add(chunk);
      if (start >= end) return;
      const size_t stop = std::min(end, start + chunk);
      for (size_t i = start; i < stop; ++i) body(thread_idx, i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& th : pool) th.join();
}

}  // namespace attune

// Event ingestion through Store::AppendEvents in batches of 100 (the HTTP API's batch size), from
// several threads at once, as the HTTP server will call it. Prints events/s (wall clock).
//
//   bench_store_append [batches=2000] [threads=4] [work_dir=/tmp/attune-append-bench]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

int main(int argc, char** argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 4;
  const std::string dir = argc > 3 ? argv[3] : "/tmp/attune-append-bench";
  std::filesystem::remove_all(dir);
  attune::StoreOptions options;
  options.location = dir;
  auto store = attune::OpenStore(options);
  if (!store.ok() || !(*store)->CreateGroup("bench").ok()) return 1;
  std::atomic<int> next{0}, failures{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int batch; (batch = next++) < batches;) {
        std::vector<attune::Interaction> events(100);
        for (int i = 0; i < 100; ++i) {
          events[i].user_id = "user-" + std::to_string((batch * 100 + i) % 50'000);
          events[i].item_id = "story-" + std::to_string((batch * 7 + i * 13) % 20'000);
          events[i].event_type = i % 3 ? "open" : "read";
          events[i].timestamp = 1'700'000'000 + batch;
          events[i].event_id = "ev-" + std::to_string(batch) + "-" + std::to_string(i);
        }
        if (!(*store)->AppendEvents("bench", events).ok()) ++failures;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("batches=%d threads=%d events=%d failures=%d seconds=%.2f events_per_s=%.0f\n", batches, threads,
              batches * 100, failures.load(), seconds, batches * 100 / seconds);
  return failures.load() == 0 ? 0 : 1;
}

// IndexKeySorter: sorts an import's per-user index keys (user_idx, ts, seq) in bounded memory, so
// that the import can write interactions_by_user in key order (SQLite's own CREATE INDEX sort is
// bound by cache misses: 26 s for 10M rows on the benchmark machine, more than the whole
// sqlite3 .import of the file).
//
// Add() buffers keys; a full buffer is sorted and spilled as one run to a temporary file, which is
// created next to the database and unlinked at once (nothing is left behind, even after a crash).
// Finish() sorts the last buffer; Next() then yields every key in order, merging the runs.
// Memory: max_keys * 24 bytes plus a 64 KiB read buffer per spilled run.
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace attune {

struct IndexKey {
  IndexKey() = default;
  IndexKey(int32_t user, int64_t time, int64_t sequence) : user_idx(user), ts(time), seq(sequence) {}

  int32_t user_idx = 0;
  int32_t unused = 0;  // explicit padding: spilled keys are written byte for byte, all bytes set
  int64_t ts = 0;
  int64_t seq = 0;

  friend bool operator<(const IndexKey& a, const IndexKey& b) {
    if (a.user_idx != b.user_idx) return a.user_idx < b.user_idx;
    return a.ts != b.ts ? a.ts < b.ts : a.seq < b.seq;
  }
  friend bool operator==(const IndexKey& a, const IndexKey& b) = default;
};

class IndexKeySorter {
 public:
  // `spill_prefix`: path prefix of the temporary file (e.g. "<dir>/attune.db"); `max_keys` >= 1.
  IndexKeySorter(std::string spill_prefix, int64_t max_keys);
  ~IndexKeySorter();
  IndexKeySorter(const IndexKeySorter&) = delete;
  IndexKeySorter& operator=(const IndexKeySorter&) = delete;

  Status Add(const IndexKey& key);
  // Ends the adding; Next may be called after it.
  Status Finish();
  // The next key in order into *key; false when every key was returned.
  Result<bool> Next(IndexKey* key);

  int64_t spilled_runs() const { return static_cast<int64_t>(runs_.size()); }

 private:
  struct Run {
    uint64_t begin = 0, end = 0;  // byte range in the spill file
    std::vector<IndexKey> buffer;
    size_t pos = 0;
  };
  using Head = std::pair<IndexKey, size_t>;  // a run's next key and the run's index
  Status Spill();
  // Reads the run's next keys into its buffer; false when the run is drained.
  Result<bool> Refill(Run& run);
  Status PushHead(size_t run_index);

  std::string spill_prefix_;
  size_t max_keys_;
  std::vector<IndexKey> keys_;  // the buffer; after Finish, the last (unspilled) run
  size_t next_ = 0;             // Next's position in keys_ when nothing was spilled
  int fd_ = -1;                 // the spill file, once needed
  uint64_t spill_size_ = 0;
  std::vector<Run> runs_;
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads_;  // smallest first
  bool finished_ = false;
};

}  // namespace attune

// Helpers for the training tests: a temporary data directory, a store on it, generated events.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "store/store.h"

namespace attune {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDataDir {
 public:
  explicit TempDataDir(const std::string& name);
  ~TempDataDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Opens a SQLite store in `dir` (asserts success: tests cannot go on without one).
std::unique_ptr<Store> OpenTestStore(const std::string& dir, const Clock& clock);

Interaction MakeEvent(std::string user, std::string item, std::string type, int64_t ts,
                      std::optional<double> value = std::nullopt);

// Writes `users` users with `items_per_user` distinct "read" events each over `num_items` items,
// with a seeded community structure (users prefer items of their own cluster) so that real
// recipes learn something measurable.
void AppendClusteredEvents(Store& store, const std::string& group, int users, int num_items,
                           int items_per_user, uint64_t seed = 1);

}  // namespace attune

// Test helpers for the store suites: a temporary data directory and the backend factories the
// contract suite runs against (SQLite always; PostgreSQL when that backend exists).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "store/store.h"

namespace attune {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct StoreBackend {
  std::string name;
  // Opens (or reopens) the store kept under `dir`, stamping times from `clock`.
  std::function<Result<std::unique_ptr<Store>>(const std::string& dir, const Clock* clock)> open;
};

StoreBackend SqliteBackend();

}  // namespace attune

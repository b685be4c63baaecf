#include "store/store_test_util.h"

#include <cstdlib>
#include <filesystem>

namespace attune {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/attune-store-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

StoreBackend SqliteBackend() {
  return {"sqlite", [](const std::string& dir, const Clock* clock) {
            StoreOptions options;
            options.location = dir;
            options.clock = clock;
            options.reader_connections = 2;
            options.cache_mib = 8;
            options.busy_timeout_ms = 2000;
            options.import_sort_keys = 50;  // imports of more than 50 rows spill and merge sorted runs
            return OpenStore(options);
          }};
}

}  // namespace attune

#include "training_test_util.h"

#include <random>

#include <gtest/gtest.h>

namespace attune {

TempDataDir::TempDataDir(const std::string& name) {
  std::random_device random;
  path_ = (std::filesystem::temp_directory_path() /
           ("attune-training-" + name + "-" + std::to_string(random())))
              .string();
  std::filesystem::create_directories(path_);
}

TempDataDir::~TempDataDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::unique_ptr<Store> OpenTestStore(const std::string& dir, const Clock& clock) {
  StoreOptions options;
  options.location = dir;
  options.clock = &clock;
  options.reader_connections = 2;
  options.cache_mib = 4;
  auto store = OpenStore(options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

Interaction MakeEvent(std::string user, std::string item, std::string type, int64_t ts,
                      std::optional<double> value) {
  Interaction e;
  e.user_id = std::move(user);
  e.item_id = std::move(item);
  e.event_type = std::move(type);
  e.timestamp = ts;
  e.event_value = value;
  return e;
}

void AppendClusteredEvents(Store& store, const std::string& group, int users, int num_items,
                           int items_per_user, uint64_t seed) {
  constexpr int kClusters = 4;
  std::mt19937_64 random(seed);
  std::vector<Interaction> batch;
  int per_cluster = num_items / kClusters;
  for (int user = 0; user < users; ++user) {
    int cluster = user % kClusters;
    std::vector<bool> taken(static_cast<size_t>(num_items), false);
    for (int n = 0; n < items_per_user; ++n) {
      bool own = random() % 10 < 8;
      int item = own ? cluster * per_cluster + static_cast<int>(random() % per_cluster)
                     : static_cast<int>(random() % num_items);
      if (taken[static_cast<size_t>(item)]) continue;
      taken[static_cast<size_t>(item)] = true;
      batch.push_back(MakeEvent("user" + std::to_string(user), "item" + std::to_string(item), "read",
                                1'700'000'000 + user * 100 + n, 0.8));
    }
  }
  auto result = store.AppendEvents(group, batch);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
}

}  // namespace attune

// The store contract's fixture, shared by its suites (store_contract_test.cc: groups, schemas,
// items, users, interactions; store_contract_import_test.cc: import writers, import jobs, API
// keys). Each suite runs against every backend of kBackends; a PostgreSQL backend adds itself
// there when it exists. Included by test files only (definitions in an anonymous namespace).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/store_test_util.h"

namespace attune {
namespace {

class StoreContractTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    auto opened = GetParam().open(dir_.path(), &clock_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  void MakeGroup(const std::string& name = "news") { ASSERT_TRUE(store_->CreateGroup(name).ok()); }

  static Interaction Event(std::string user, std::string item, std::string type, int64_t ts,
                           std::string event_id = "") {
    Interaction e;
    e.user_id = std::move(user);
    e.item_id = std::move(item);
    e.event_type = std::move(type);
    e.timestamp = ts;
    e.event_id = std::move(event_id);
    return e;
  }

  AppendResult Append(const std::vector<Interaction>& events, const std::string& group = "news") {
    auto result = store_->AppendEvents(group, events);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : AppendResult{};
  }

  int64_t Interactions(const std::string& group = "news") {
    auto info = store_->GetGroup(group);
    EXPECT_TRUE(info.ok()) << info.status().ToString();
    return info.ok() ? info->num_interactions : -1;
  }

  ImportJob NewJob(DatasetType dataset, ImportMode mode, const std::string& hash = "h1") {
    auto job = store_->CreateImportJob({"news", dataset, mode, "/data/file.csv", hash});
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    return job.ok() ? *job : ImportJob{};
  }

  TempDir dir_;
  FakeClock clock_{1'700'000'000'000'000};
  std::unique_ptr<Store> store_;
};

ItemRecord Item(std::string id, std::optional<int64_t> created = std::nullopt, std::string properties = "{}") {
  ItemRecord item;
  item.item_id = std::move(id);
  item.creation_timestamp = created;
  item.properties_json = std::move(properties);
  return item;
}

UserRecord User(std::string id, std::string properties = "{}") {
  UserRecord user;
  user.user_id = std::move(id);
  user.properties_json = std::move(properties);
  return user;
}

const StoreBackend kBackends[] = {SqliteBackend()};

std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; }

}  // namespace
}  // namespace attune

// Helpers for the import tests: a fresh SQLite store in a temporary directory, files from
// strings, and small queries over what the store holds.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "jobs/import_job.h"
#include "store/store.h"

namespace attune {

class ImportTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("attune_import_") + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    StoreOptions options;
    options.location = (dir_ / "data").string();
    auto store = OpenStore(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->CreateGroup("g").ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  ImportRequest Request(const std::string& path,
                        DatasetType dataset = DatasetType::kInteractions) const {
    ImportRequest request;
    request.group = "g";
    request.dataset = dataset;
    request.path = path;
    return request;
  }

  ImportSummary Import(const ImportRequest& request) {
    auto summary = RunImport(*store_, request, nullptr);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }

  int64_t Interactions() {
    auto group = store_->GetGroup("g");
    EXPECT_TRUE(group.ok()) << group.status().ToString();
    return group.ok() ? group->num_interactions : -1;
  }

  // Distinct users and items that appear in interactions, from a training snapshot.
  std::pair<size_t, size_t> DistinctUsersAndItems() {
    TrainingSnapshot snapshot;
    std::set<int32_t> users, items;
    Status status = store_->ReadSnapshot("g", &snapshot, [&](const SnapshotInteraction& x) {
      users.insert(x.user_idx);
      items.insert(x.item_idx);
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return {users.size(), items.size()};
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace attune

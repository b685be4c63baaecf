// The store contract, part 2: import writers, import jobs and API keys. Every backend must pass
// it (store_contract_fixture.h; part 1 is store_contract_test.cc).
#include "store/store_contract_fixture.h"

namespace attune {
namespace {

// ---------------------------------------------------------------- import writer

TEST_P(StoreContractTest, ImportCommitWritesEverythingWithJobAsSource) {
  MakeGroup();
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto writer = store_->BeginImport(job.id);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->AddInteraction(Event("u1", "i1", "read", 1, "e1")).ok());
  ASSERT_TRUE((*writer)->AddInteraction(Event("u1", "i1", "read", 1, "e1")).ok());
  ASSERT_TRUE((*writer)->AddInteraction(Event("u2", "i2", "open", 2)).ok());
  EXPECT_EQ((*writer)->AddItem(Item("x")).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE((*writer)->Flush().ok());
  EXPECT_EQ((*writer)->imported(), 2);
  EXPECT_EQ((*writer)->duplicates(), 1);
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ((*writer)->AddInteraction(Event("u3", "i3", "read", 3)).code(), StatusCode::kFailedPrecondition);
  writer->reset();
  auto rows = store_->InteractionsAfter("news", 0, 10);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].source_job, job.id);
  EXPECT_EQ((*rows)[1].item_id, "i2");
  // The in-memory dictionaries were written: the API interns after them.
  Append({Event("u3", "i2", "read", 5)});
  EXPECT_EQ((*store_->UserInteractions("news", "u3", 1))[0].user_idx, 2);
  EXPECT_EQ((*store_->UserInteractions("news", "u3", 1))[0].item_idx, 1);
}

TEST_P(StoreContractTest, ImportAbortOrDestroyWritesNothing) {
  MakeGroup();
  Append({Event("api-user", "i1", "read", 1)});
  for (bool explicit_abort : {true, false}) {
    ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kFull);
    auto writer = store_->BeginImport(job.id);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->AddInteraction(Event("u9", "i9", "read", 1)).ok());
    if (explicit_abort) (*writer)->Abort();
    writer->reset();
  }
  EXPECT_EQ(Interactions(), 1);
  auto snapshot_users = store_->GetGroup("news")->num_users;
  EXPECT_EQ(snapshot_users, 1);  // u9 was never interned
  Append({Event("u9", "i1", "read", 2)});  // the writer released the lock
  EXPECT_EQ(Interactions(), 2);
}

TEST_P(StoreContractTest, FullImportReplacesImportedRowsButKeepsApiRows) {
  MakeGroup();
  Append({Event("api", "i1", "read", 1)});
  for (const char* user : {"first", "second"}) {
    ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kFull);
    auto writer = store_->BeginImport(job.id);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->AddInteraction(Event(user, "i1", "read", 1)).ok());
    ASSERT_TRUE((*writer)->AddInteraction(Event(user, "i2", "read", 2)).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  EXPECT_EQ(Interactions(), 3);
  EXPECT_TRUE(store_->UserInteractions("news", "first", 10)->empty());
  EXPECT_EQ(store_->UserInteractions("news", "second", 10)->size(), 2u);
  EXPECT_EQ(store_->UserInteractions("news", "api", 10)->size(), 1u);
}

TEST_P(StoreContractTest, BigImportKeepsUserQueriesAndDedupWorking) {
  MakeGroup();
  Append({Event("api", "i0", "read", 1, "dup")});
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto writer = store_->BeginImport(job.id);
  for (int row = 0; row < 300; ++row) {  // past the backend's index-rebuild threshold in tests
    ASSERT_TRUE((*writer)->AddInteraction(Event("u" + std::to_string(row % 7), "i" + std::to_string(row), "read",
                                                row, row == 299 ? "dup" : "")).ok());
  }
  ASSERT_TRUE((*writer)->Flush().ok());
  EXPECT_EQ((*writer)->duplicates(), 1);
  ASSERT_TRUE((*writer)->Commit().ok());
  auto recent = store_->UserInteractions("news", "u3", 2);
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].timestamp, 297);
  EXPECT_EQ((*recent)[1].timestamp, 290);
  EXPECT_EQ(Interactions(), 300);
  EXPECT_EQ(Append({Event("x", "y", "read", 1, "dup")}).duplicates, 1);
}

// Repeated event ids inside one batch, across batches and against stored rows are all skipped and
// counted, whatever the batch boundaries.
TEST_P(StoreContractTest, ImportDeduplicatesWithinAndAcrossBatches) {
  MakeGroup();
  Append({Event("api", "i0", "read", 1, "stored")});
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto writer = store_->BeginImport(job.id);
  int64_t expected_duplicates = 0;
  for (int row = 0; row < 700; ++row) {
    std::string event_id = "e" + std::to_string(row);
    if (row % 10 == 1) event_id = "e" + std::to_string(row - 1);  // the previous row: usually same batch
    if (row == 605) event_id = "e2";                                // a row from an earlier batch
    if (row == 699) event_id = "stored";                            // a row stored before the import
    expected_duplicates += row % 10 == 1 || row == 605 || row == 699;
    ASSERT_TRUE((*writer)->AddInteraction(Event("u1", "i" + std::to_string(row), "read", row, event_id)).ok());
  }
  ASSERT_TRUE((*writer)->Flush().ok());
  EXPECT_EQ((*writer)->duplicates(), expected_duplicates);
  EXPECT_EQ((*writer)->imported(), 700 - expected_duplicates);
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(Interactions(), 1 + 700 - expected_duplicates);
  EXPECT_EQ(Append({Event("x", "y", "read", 1, "e650")}).duplicates, 1);
}

TEST_P(StoreContractTest, AbortAfterWrittenBatchesLeavesNothing) {
  MakeGroup();
  auto before = Append({Event("api", "i0", "read", 1)});
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto writer = store_->BeginImport(job.id);
  for (int row = 0; row < 700; ++row) {
    ASSERT_TRUE((*writer)->AddInteraction(Event("u" + std::to_string(row), "i1", "read", row)).ok());
  }
  ASSERT_TRUE((*writer)->Flush().ok());
  (*writer)->Abort();
  writer->reset();
  EXPECT_EQ(Interactions(), 1);
  EXPECT_EQ(store_->GetGroup("news")->num_users, 1);
  EXPECT_TRUE(store_->UserInteractions("news", "u7", 10)->empty());
  auto next = Append({Event("u7", "i1", "read", 2)});
  EXPECT_GT(next.last_sequence, before.last_sequence);
  EXPECT_EQ((*store_->UserInteractions("news", "u7", 10)).size(), 1u);
}

TEST_P(StoreContractTest, IncrementalImportAppends) {
  MakeGroup();
  for (int round = 0; round < 2; ++round) {
    ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
    auto writer = store_->BeginImport(job.id);
    ASSERT_TRUE((*writer)->AddInteraction(Event("u1", "i1", "read", round)).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  EXPECT_EQ(Interactions(), 2);
}

TEST_P(StoreContractTest, ItemAndUserImportsFullMode) {
  MakeGroup();
  ASSERT_TRUE(store_->UpsertItems("news", {Item("old")}).ok());
  ImportJob job = NewJob(DatasetType::kItems, ImportMode::kFull);
  auto writer = store_->BeginImport(job.id);
  ASSERT_TRUE((*writer)->AddItem(Item("a", 7, R"({"CATEGORY":"x"})")).ok());
  ASSERT_TRUE((*writer)->AddItem(Item("a", 8, R"({"CATEGORY":"y"})")).ok());  // last wins
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(store_->GetItem("news", "old").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetItem("news", "a")->creation_timestamp, 8);
  ImportJob users = NewJob(DatasetType::kUsers, ImportMode::kIncremental);
  auto user_writer = store_->BeginImport(users.id);
  ASSERT_TRUE((*user_writer)->AddUser(User("u1", R"({"AGE":3})")).ok());
  ASSERT_TRUE((*user_writer)->Commit().ok());
  EXPECT_EQ(store_->GetUser("news", "u1")->properties_json, R"({"AGE":3})");
}

// ---------------------------------------------------------------- import jobs

TEST_P(StoreContractTest, ImportJobLifecycle) {
  MakeGroup();
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kFull, "abc");
  EXPECT_EQ(job.status, JobStatus::kQueued);
  EXPECT_EQ(job.spec.group, "news");
  EXPECT_EQ(job.spec.mode, ImportMode::kFull);
  EXPECT_EQ(job.created_at, 1'700'000'000);
  clock_.AdvanceSeconds(5);
  ImportJobUpdate update;
  update.status = JobStatus::kRunning;
  update.rows_read = 10;
  ASSERT_TRUE(store_->UpdateImportJob(job.id, update).ok());
  EXPECT_EQ(store_->GetImportJob(job.id)->started_at, 1'700'000'005);
  EXPECT_FALSE(store_->FindSucceededImport("news", DatasetType::kInteractions, "abc")->has_value());
  clock_.AdvanceSeconds(5);
  update.status = JobStatus::kSucceeded;
  update.rows_imported = 8;
  update.rows_rejected = 2;
  update.duplicates = 1;
  update.errors = {{3, "TIMESTAMP", "bad"}, {7, "", "too few columns"}};
  ASSERT_TRUE(store_->UpdateImportJob(job.id, update).ok());
  auto done = store_->GetImportJob(job.id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, JobStatus::kSucceeded);
  EXPECT_EQ(done->started_at, 1'700'000'005);
  EXPECT_EQ(done->finished_at, 1'700'000'010);
  EXPECT_EQ(done->rows_imported, 8);
  ASSERT_EQ(done->errors.size(), 2u);
  EXPECT_EQ(done->errors[0].line, 3);
  EXPECT_EQ(done->errors[0].column, "TIMESTAMP");
  EXPECT_EQ(done->errors[1].message, "too few columns");
  update.status = JobStatus::kFailed;
  EXPECT_EQ(store_->UpdateImportJob(job.id, update).code(), StatusCode::kFailedPrecondition);
  auto found = store_->FindSucceededImport("news", DatasetType::kInteractions, "abc");
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, job.id);
  EXPECT_FALSE(store_->FindSucceededImport("news", DatasetType::kItems, "abc")->has_value());
  EXPECT_EQ(store_->GetImportJob(9999).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->BeginImport(job.id).status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreContractTest, RowErrorsAreCappedAt100) {
  MakeGroup();
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  ImportJobUpdate update;
  update.status = JobStatus::kFailed;
  for (int i = 0; i < 150; ++i) update.errors.push_back({i + 2, "ITEM_ID", "empty"});
  ASSERT_TRUE(store_->UpdateImportJob(job.id, update).ok());
  EXPECT_EQ(store_->GetImportJob(job.id)->errors.size(), kMaxRowErrors);
}

TEST_P(StoreContractTest, ListImportJobsNewestFirst) {
  MakeGroup();
  MakeGroup("other");
  ImportJob a = NewJob(DatasetType::kItems, ImportMode::kFull);
  ImportJob b = NewJob(DatasetType::kUsers, ImportMode::kFull);
  ASSERT_TRUE(store_->CreateImportJob({"other", DatasetType::kItems, ImportMode::kFull, "f", "h"}).ok());
  auto jobs = store_->ListImportJobs("news", 10);
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ((*jobs)[0].id, b.id);
  EXPECT_EQ((*jobs)[1].id, a.id);
  EXPECT_EQ(store_->ListImportJobs("", 10)->size(), 3u);
  EXPECT_EQ(store_->ListImportJobs("", 1)->size(), 1u);
  EXPECT_EQ(store_->CreateImportJob({"zzz", DatasetType::kItems, ImportMode::kFull, "f", "h"}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContractTest, JobStatusWrittenInsideImportCommitsWithIt) {
  MakeGroup();
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto writer = store_->BeginImport(job.id);
  ASSERT_TRUE((*writer)->AddInteraction(Event("u1", "i1", "read", 1)).ok());
  ImportJobUpdate update;
  update.status = JobStatus::kSucceeded;
  update.rows_imported = 1;
  ASSERT_TRUE(store_->UpdateImportJob(job.id, update).ok());
  EXPECT_EQ(store_->GetImportJob(job.id)->status, JobStatus::kQueued);  // not visible before commit
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(store_->GetImportJob(job.id)->status, JobStatus::kSucceeded);

  ImportJob aborted = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto second = store_->BeginImport(aborted.id);
  ASSERT_TRUE(store_->UpdateImportJob(aborted.id, update).ok());
  (*second)->Abort();
  EXPECT_EQ(store_->GetImportJob(aborted.id)->status, JobStatus::kQueued);
  update.status = JobStatus::kFailed;
  ASSERT_TRUE(store_->UpdateImportJob(aborted.id, update).ok());
  EXPECT_EQ(store_->GetImportJob(aborted.id)->status, JobStatus::kFailed);
}

TEST_P(StoreContractTest, InterruptedJobsFailOnReopen) {
  MakeGroup();
  ImportJob queued = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  ImportJob running = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  ImportJob succeeded = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  ImportJobUpdate update;
  update.status = JobStatus::kRunning;
  ASSERT_TRUE(store_->UpdateImportJob(running.id, update).ok());
  update.status = JobStatus::kSucceeded;
  ASSERT_TRUE(store_->UpdateImportJob(succeeded.id, update).ok());
  Reopen();
  for (int64_t id : {queued.id, running.id}) {
    auto job = store_->GetImportJob(id);
    EXPECT_EQ(job->status, JobStatus::kFailed);
    EXPECT_EQ(job->message, kInterruptedJobMessage);
    EXPECT_GT(job->finished_at, 0);
  }
  EXPECT_EQ(store_->GetImportJob(succeeded.id)->status, JobStatus::kSucceeded);
}

// ---------------------------------------------------------------- API keys

TEST_P(StoreContractTest, ApiKeysCreateLookupListRevoke) {
  MakeGroup();
  auto global = store_->CreateApiKey("", KeyRole::kAdmin, "ops");
  auto tracker = store_->CreateApiKey("news", KeyRole::kTrack, "web tracker");
  ASSERT_TRUE(global.ok() && tracker.ok());
  EXPECT_EQ(global->secret.substr(0, 4), "atk_");
  EXPECT_EQ(global->secret.size(), 44u);
  EXPECT_NE(global->secret, tracker->secret);
  auto found = store_->LookupApiKey(tracker->secret);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->role, KeyRole::kTrack);
  EXPECT_EQ(found->group, "news");
  EXPECT_EQ(found->name, "web tracker");
  EXPECT_EQ(found->prefix, tracker->secret.substr(0, 8));
  EXPECT_EQ(store_->LookupApiKey(global->secret)->group, "");
  EXPECT_EQ(store_->LookupApiKey("atk_wrong").status().code(), StatusCode::kUnauthenticated);
  auto keys = store_->ListApiKeys();
  ASSERT_EQ(keys->size(), 2u);
  ASSERT_TRUE(store_->RevokeApiKey(tracker->info.id).ok());
  EXPECT_EQ(store_->LookupApiKey(tracker->secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_GT((*store_->ListApiKeys())[1].revoked_at, 0);
  EXPECT_EQ(store_->RevokeApiKey(tracker->info.id).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->CreateApiKey("zzz", KeyRole::kRead, "x").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, ApiKeysStoreOnlyTheHash) {
  auto key = store_->CreateApiKey("", KeyRole::kRead, "r");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(HashApiKeySecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Reopen();
  EXPECT_TRUE(store_->LookupApiKey(key->secret).ok());
}


INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(kBackends), BackendName);

}  // namespace
}  // namespace attune

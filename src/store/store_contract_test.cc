// The store contract, part 1: groups, schemas, items, users and interactions. Every backend must
// pass it (store_contract_fixture.h; part 2 is store_contract_import_test.cc).
#include <atomic>
#include <thread>

#include "store/store_contract_fixture.h"

namespace attune {
namespace {

// ---------------------------------------------------------------- groups and schemas

TEST_P(StoreContractTest, GroupsCreateListGetDelete) {
  MakeGroup("b-site");
  MakeGroup("a_site");
  EXPECT_EQ(store_->CreateGroup("a_site").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateGroup("bad name").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateGroup("").code(), StatusCode::kInvalidArgument);
  auto groups = store_->ListGroups();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].name, "a_site");
  EXPECT_EQ((*groups)[0].created_at, 1'700'000'000);
  EXPECT_EQ(store_->GetGroup("nope").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteGroup("a_site").ok());
  EXPECT_EQ(store_->GetGroup("a_site").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteGroup("a_site").code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, GroupCountsPerEventType) {
  MakeGroup();
  Append({Event("u1", "i1", "read", 1), Event("u1", "i2", "open", 2), Event("u2", "i1", "read", 3)});
  ASSERT_TRUE(store_->UpsertItems("news", {Item("i9")}).ok());
  auto info = store_->GetGroup("news");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->num_users, 2);
  EXPECT_EQ(info->num_items, 3);
  EXPECT_EQ(info->num_item_rows, 1);
  EXPECT_EQ(info->num_user_rows, 0);
  EXPECT_EQ(info->num_interactions, 3);
  EXPECT_EQ(info->interactions_per_event_type, (std::map<std::string, int64_t>{{"open", 1}, {"read", 2}}));
}

TEST_P(StoreContractTest, DeleteGroupRemovesEverythingInIt) {
  MakeGroup();
  MakeGroup("other");
  Append({Event("u1", "i1", "read", 1)});
  Append({Event("u1", "i1", "read", 1)}, "other");
  ASSERT_TRUE(store_->DeleteGroup("news").ok());
  MakeGroup();
  EXPECT_EQ(Interactions("news"), 0);
  EXPECT_EQ(store_->GetGroup("news")->num_users, 0);
  EXPECT_EQ(Interactions("other"), 1);
}

TEST_P(StoreContractTest, SchemaDefaultsAndRoundTrip) {
  MakeGroup();
  auto items = store_->GetSchema("news", DatasetType::kItems);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(items->declared_fields().size(), 4u);
  auto declared = Schema::Create(DatasetType::kItems, {{"Genre", FieldType::kCategorical}, {"Words", FieldType::kNumeric}});
  ASSERT_TRUE(declared.ok());
  ASSERT_TRUE(store_->PutSchema("news", *declared).ok());
  Reopen();
  auto back = store_->GetSchema("news", DatasetType::kItems);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->declared_fields().size(), 2u);
  EXPECT_EQ(back->declared_fields()[0].name, "Genre");
  EXPECT_EQ(back->declared_fields()[1].type, FieldType::kNumeric);
  EXPECT_EQ(store_->GetSchema("news", DatasetType::kUsers)->declared_fields().size(), 0u);
  EXPECT_EQ(store_->GetSchema("zzz", DatasetType::kUsers).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->PutSchema("zzz", *declared).code(), StatusCode::kNotFound);
}

// ---------------------------------------------------------------- items and users

TEST_P(StoreContractTest, ItemsUpsertGetDelete) {
  MakeGroup();
  ItemRecord a = Item("a", 1'690'000'000, R"({"CATEGORY":"sport"})");
  ASSERT_TRUE(store_->UpsertItems("news", {a, Item("b")}).ok());
  auto got = store_->GetItem("news", "a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->creation_timestamp, 1'690'000'000);
  EXPECT_EQ(got->properties_json, R"({"CATEGORY":"sport"})");
  EXPECT_EQ(got->item_idx, 0);
  EXPECT_EQ(got->updated_at, 1'700'000'000);
  a.properties_json = R"({"CATEGORY":"politics"})";
  a.creation_timestamp.reset();
  ASSERT_TRUE(store_->UpsertItems("news", {a}).ok());
  got = store_->GetItem("news", "a");
  EXPECT_EQ(got->properties_json, R"({"CATEGORY":"politics"})");
  EXPECT_FALSE(got->creation_timestamp.has_value());
  EXPECT_EQ(got->item_idx, 0);
  ASSERT_TRUE(store_->DeleteItem("news", "a").ok());
  EXPECT_EQ(store_->GetItem("news", "a").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteItem("news", "a").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->UpsertItems("news", {Item("")}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->UpsertItems("nope", {Item("x")}).code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, ScanItemsInIndexOrder) {
  MakeGroup();
  ASSERT_TRUE(store_->UpsertItems("news", {Item("z"), Item("y"), Item("x")}).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store_->ScanItems("news", [&](const ItemRecord& item) {
    EXPECT_EQ(item.item_idx, static_cast<int32_t>(seen.size()));
    seen.push_back(item.item_id);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"z", "y", "x"}));
}

TEST_P(StoreContractTest, UnknownItemsAreInternedAndLinkUpLater) {
  MakeGroup();
  Append({Event("u1", "breaking-1", "read", 10)});
  EXPECT_EQ(store_->GetItem("news", "breaking-1").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->UpsertItems("news", {Item("breaking-1", 5)}).ok());
  auto item = store_->GetItem("news", "breaking-1");
  ASSERT_TRUE(item.ok());
  auto events = store_->UserInteractions("news", "u1", 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].item_idx, item->item_idx);
  EXPECT_EQ(store_->GetGroup("news")->num_items, 1);
}

TEST_P(StoreContractTest, UsersUpsertGetAndDeleteCascadesToInteractions) {
  MakeGroup();
  ASSERT_TRUE(store_->UpsertUsers("news", {User("u1", R"({"AGE":30})"), User("u2")}).ok());
  EXPECT_EQ(store_->GetUser("news", "u1")->properties_json, R"({"AGE":30})");
  Append({Event("u1", "i1", "read", 1), Event("u1", "i2", "read", 2), Event("u2", "i1", "read", 3)});
  ASSERT_TRUE(store_->DeleteUser("news", "u1").ok());
  EXPECT_EQ(store_->GetUser("news", "u1").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->UserInteractions("news", "u1", 10)->empty());
  EXPECT_EQ(Interactions(), 1);
  EXPECT_EQ(store_->DeleteUser("news", "ghost").code(), StatusCode::kNotFound);
  // The index stays reserved: a returning user keeps dense ids stable.
  Append({Event("u1", "i1", "read", 4)});
  EXPECT_EQ((*store_->UserInteractions("news", "u1", 1))[0].user_idx, 0);
}

// ---------------------------------------------------------------- interactions

TEST_P(StoreContractTest, AppendAssignsDenseIdsAndIncreasingSequences) {
  MakeGroup();
  auto first = Append({Event("u1", "i1", "read", 1), Event("u2", "i2", "read", 2)});
  auto second = Append({Event("u2", "i1", "like", 3)});
  EXPECT_EQ(first.appended, 2);
  EXPECT_GT(second.last_sequence, first.last_sequence);
  auto all = store_->InteractionsAfter("news", 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].user_idx, 0);
  EXPECT_EQ((*all)[1].user_idx, 1);
  EXPECT_EQ((*all)[2].item_idx, 0);
  EXPECT_LT((*all)[0].sequence, (*all)[1].sequence);
  EXPECT_EQ((*all)[2].sequence, second.last_sequence);
  auto after = store_->InteractionsAfter("news", (*all)[1].sequence, 100);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].event_type, "like");
  EXPECT_EQ((*after)[0].source_job, 0);
}

TEST_P(StoreContractTest, AllFieldsRoundTrip) {
  MakeGroup();
  Interaction e = Event("u1", "i1", "read", 1'700'000'123, "ev-1");
  e.event_value = 0.75;
  e.session_id = "s1";
  e.recommendation_id = "rec-9";
  e.impression = "i1|i2|i3";
  e.properties_json = R"({"device":"ios"})";
  Append({e});
  auto got = store_->UserInteractions("news", "u1", 1);
  ASSERT_EQ(got->size(), 1u);
  const StoredInteraction& s = (*got)[0];
  EXPECT_EQ(s.item_id, "i1");
  EXPECT_EQ(s.event_type, "read");
  EXPECT_EQ(s.timestamp, 1'700'000'123);
  EXPECT_EQ(s.event_value, 0.75);
  EXPECT_EQ(s.session_id, "s1");
  EXPECT_EQ(s.event_id, "ev-1");
  EXPECT_EQ(s.recommendation_id, "rec-9");
  EXPECT_EQ(s.impression, "i1|i2|i3");
  EXPECT_EQ(s.properties_json, R"({"device":"ios"})");
}

TEST_P(StoreContractTest, RepeatedEventIdIsCountedAsDuplicate) {
  MakeGroup();
  MakeGroup("other");
  auto first = Append({Event("u1", "i1", "read", 1, "e1"), Event("u1", "i1", "read", 1, "e1"),
                       Event("u1", "i2", "read", 2)});
  EXPECT_EQ(first.appended, 2);
  EXPECT_EQ(first.duplicates, 1);
  auto again = Append({Event("u1", "i1", "read", 1, "e1"), Event("u1", "i3", "read", 3)});
  EXPECT_EQ(again.appended, 1);
  EXPECT_EQ(again.duplicates, 1);
  EXPECT_EQ(Append({Event("u1", "i1", "read", 1, "e1")}, "other").appended, 1);  // per group
  EXPECT_EQ(Interactions(), 3);
}

TEST_P(StoreContractTest, BadEventRejectsWholeBatch) {
  MakeGroup();
  auto result = store_->AppendEvents("news", {Event("u1", "i1", "read", 1), Event("u1", "", "read", 1)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("events[1]: ITEM_ID"), std::string::npos);
  EXPECT_EQ(Interactions(), 0);
  EXPECT_EQ(store_->AppendEvents("nope", {Event("u", "i", "t", 1)}).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, UserInteractionsNewestFirstWithLimit) {
  MakeGroup();
  Append({Event("u1", "old", "read", 100), Event("u1", "new", "read", 300), Event("u2", "x", "read", 400),
          Event("u1", "mid", "read", 200), Event("u1", "new2", "open", 300)});
  auto got = store_->UserInteractions("news", "u1", 3);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[0].item_id, "new2");  // same timestamp: later sequence first
  EXPECT_EQ((*got)[1].item_id, "new");
  EXPECT_EQ((*got)[2].item_id, "mid");
  EXPECT_TRUE(store_->UserInteractions("news", "nobody", 3)->empty());
}

TEST_P(StoreContractTest, SnapshotStreamsInSequenceOrderWithDictionaries) {
  MakeGroup();
  Interaction valued = Event("u2", "i1", "read", 20);
  valued.event_value = 0.5;
  Append({Event("u1", "i1", "open", 10), valued, Event("u1", "i2", "read", 30)});
  TrainingSnapshot snapshot;
  std::vector<SnapshotInteraction> rows;
  ASSERT_TRUE(store_->ReadSnapshot("news", &snapshot, [&](const SnapshotInteraction& r) {
    rows.push_back(r);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(snapshot.user_ids, (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(snapshot.item_ids, (std::vector<std::string>{"i1", "i2"}));
  EXPECT_EQ(snapshot.event_types, (std::vector<std::string>{"open", "read"}));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].user_idx, 1);
  EXPECT_TRUE(rows[1].has_event_value);
  EXPECT_EQ(rows[1].event_value, 0.5);
  EXPECT_FALSE(rows[0].has_event_value);
  EXPECT_EQ(rows[2].event_type, 1);
  EXPECT_EQ(rows[2].timestamp, 30);
  EXPECT_EQ(snapshot.last_sequence, rows[2].sequence);
  Status stop = store_->ReadSnapshot("news", &snapshot, [](const SnapshotInteraction&) { return Cancelled("stop"); });
  EXPECT_EQ(stop.code(), StatusCode::kCancelled);
}

TEST_P(StoreContractTest, DataAndSequencesSurviveReopen) {
  MakeGroup();
  auto first = Append({Event("u1", "i1", "read", 1)});
  Reopen();
  auto second = Append({Event("u2", "i1", "read", 2)});
  EXPECT_GT(second.last_sequence, first.last_sequence);
  EXPECT_EQ(Interactions(), 2);
  EXPECT_EQ((*store_->UserInteractions("news", "u2", 1))[0].user_idx, 1);
}

TEST_P(StoreContractTest, SequencesAreNeverReusedAfterDeletes) {
  MakeGroup();
  MakeGroup("other");
  Append({Event("keep", "i1", "read", 1)});
  auto doomed = Append({Event("gone", "i1", "read", 2), Event("gone", "i2", "read", 3)});
  ASSERT_TRUE(store_->DeleteUser("news", "gone").ok());  // the newest rows of the store
  EXPECT_GT(Append({Event("keep", "i2", "read", 4)}).last_sequence, doomed.last_sequence);
  auto last_news = Append({Event("keep", "i3", "read", 5)});
  ASSERT_TRUE(store_->DeleteGroup("news").ok());
  Reopen();
  EXPECT_GT(Append({Event("x", "y", "read", 6)}, "other").last_sequence, last_news.last_sequence);
}

// Import and API writes share one sequence: each continues after the other, across a reopen, and
// an import's rows keep the file's order.
TEST_P(StoreContractTest, ImportAndAppendShareOneIncreasingSequence) {
  MakeGroup();
  auto before = Append({Event("api", "i0", "read", 1)});
  ImportJob job = NewJob(DatasetType::kInteractions, ImportMode::kIncremental);
  auto writer = store_->BeginImport(job.id);
  ASSERT_TRUE(writer.ok());
  constexpr int kRows = 700;  // a backend writing batches of up to 256 rows: several, and a partial one
  for (int row = 0; row < kRows; ++row) {
    ASSERT_TRUE((*writer)->AddInteraction(Event("u" + std::to_string(row % 9), "i" + std::to_string(row), "read", row)).ok());
  }
  ASSERT_TRUE((*writer)->Commit().ok());
  writer->reset();
  Reopen();
  auto after = Append({Event("api", "i1", "read", 2)});
  auto rows = store_->InteractionsAfter("news", before.last_sequence, 1000);
  ASSERT_EQ(rows->size(), static_cast<size_t>(kRows + 1));
  for (int row = 0; row < kRows; ++row) {
    EXPECT_EQ((*rows)[static_cast<size_t>(row)].item_id, "i" + std::to_string(row));
    EXPECT_GT((*rows)[static_cast<size_t>(row)].sequence, row == 0 ? before.last_sequence : (*rows)[row - 1].sequence);
  }
  EXPECT_EQ(rows->back().sequence, after.last_sequence);
  EXPECT_GT(after.last_sequence, (*rows)[kRows - 1].sequence);
}

TEST_P(StoreContractTest, ConcurrentWritersAndReaders) {
  MakeGroup();
  constexpr int kThreads = 4, kBatches = 25, kBatch = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Interaction> batch;
        for (int i = 0; i < kBatch; ++i) {
          batch.push_back(Event("u" + std::to_string(t), "i" + std::to_string(i), "read", b));
        }
        if (!store_->AppendEvents("news", batch).ok()) ++failures;
        if (!store_->UserInteractions("news", "u" + std::to_string(t), 5).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Interactions(), kThreads * kBatches * kBatch);
  EXPECT_EQ(store_->GetGroup("news")->num_items, kBatch);
}


INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(kBackends), BackendName);

}  // namespace
}  // namespace attune

// The SQLite ImportWriter: one write transaction per import job, prepared statements reused,
// id dictionaries held in memory for the whole import (loaded once, new ids written at commit).
// Interactions go through a SqliteInteractionBatch (64 rows per INSERT); their per-user index
// entries are sorted on the side and written at commit in key order.
#include <memory>
#include <string>

#include "base/log.h"
#include "core/ids.h"
#include "store/sqlite_interaction_batch.h"
#include "store/sqlite_store.h"

namespace attune {
namespace {

// Dictionary entries written per INSERT at commit (3 parameters each).
constexpr int kDictionaryRows = 256;

struct Dictionary {
  IdDictionary ids;
  int32_t persisted = 0;  // entries [0, persisted) are already in the table
};

class SqliteImportWriter final : public ImportWriter {
 public:
  SqliteImportWriter(SqliteStore* store, SqliteStore::WriteLease lease, ImportJob job, int64_t group_id)
      : store_(store), lease_(std::move(lease)), db_(*lease_.db), job_(std::move(job)), group_id_(group_id) {}
  ~SqliteImportWriter() override { Abort(); }

  Status Begin();
  Status AddInteraction(const Interaction& e) override;
  Status TakeInteraction(Interaction& e) override;
  Status AddItem(const ItemRecord& item) override;
  Status AddUser(const UserRecord& user) override;
  Status Flush() override;
  int64_t imported() const override { return batch_ ? batch_->written() : imported_; }
  int64_t duplicates() const override { return batch_ ? batch_->duplicates() : 0; }
  Status Commit() override;
  void Abort() override;

 private:
  Status CheckOpen(DatasetType dataset) const;
  Status LoadDictionary(const char* sql, Dictionary* dict);
  Status WriteDictionary(const char* table, Dictionary* dict);
  Status DeleteImportedRows();
  void Close();

  SqliteStore* store_;
  SqliteStore::WriteLease lease_;
  SqliteDb& db_;
  ImportJob job_;
  int64_t group_id_;
  bool open_ = false;
  int64_t imported_ = 0;  // items and users
  Dictionary users_, items_, types_;
  std::unique_ptr<IndexKeySorter> index_keys_;     // interactions: written at commit, in key order
  std::unique_ptr<SqliteInteractionBatch> batch_;  // interactions
  std::unique_ptr<SqliteStmt> insert_;             // items and users
};

Status SqliteImportWriter::Begin() {
  ATTUNE_RETURN_IF_ERROR(db_.Exec(SqliteStore::Sql("{BEGIN_WRITE}")));
  open_ = true;
  store_->active_import_job_.store(job_.id);
  ATTUNE_RETURN_IF_ERROR(LoadDictionary("SELECT idx, external_id FROM user_ids WHERE group_id = ? ORDER BY idx", &users_));
  ATTUNE_RETURN_IF_ERROR(LoadDictionary("SELECT idx, external_id FROM item_ids WHERE group_id = ? ORDER BY idx", &items_));
  ATTUNE_RETURN_IF_ERROR(LoadDictionary("SELECT idx, name FROM event_types WHERE group_id = ? ORDER BY idx", &types_));
  if (job_.spec.mode == ImportMode::kFull) ATTUNE_RETURN_IF_ERROR(DeleteImportedRows());
  if (job_.spec.dataset != DatasetType::kInteractions) return Status::Ok();
  ATTUNE_ASSIGN_OR_RETURN(int64_t last_seq, LastInteractionSeq(db_));
  index_keys_ = std::make_unique<IndexKeySorter>(store_->path(), store_->import_sort_keys());
  batch_ = std::make_unique<SqliteInteractionBatch>(
      db_, SqliteInteractionBatch::Dictionaries{&users_.ids, &items_.ids, &types_.ids}, index_keys_.get(), group_id_,
      job_.id, last_seq);
  return Status::Ok();
}

Status SqliteImportWriter::LoadDictionary(const char* sql, Dictionary* dict) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db_.Prepare(sql));
  select->Bind(1, group_id_);
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    if (dict->ids.Intern(select->Text(1)) != select->Int(0)) return Internal("id dictionary has a gap");
  }
  dict->persisted = dict->ids.size();
  return Status::Ok();
}

Status SqliteImportWriter::DeleteImportedRows() {
  if (job_.spec.dataset == DatasetType::kInteractions) {
    ATTUNE_ASSIGN_OR_RETURN(auto unindex, db_.Prepare(
        "DELETE FROM interactions_by_user WHERE group_id = ? AND seq IN "
        "(SELECT seq FROM interactions WHERE group_id = ? AND source_job != 0)"));
    ATTUNE_RETURN_IF_ERROR(unindex->Bind(1, group_id_).Bind(2, group_id_).Run());
  }
  const char* sql = job_.spec.dataset == DatasetType::kInteractions
                        ? "DELETE FROM interactions WHERE group_id = ? AND source_job != 0"
                    : job_.spec.dataset == DatasetType::kItems ? "DELETE FROM items WHERE group_id = ?"
                                                               : "DELETE FROM users WHERE group_id = ?";
  ATTUNE_ASSIGN_OR_RETURN(auto del, db_.Prepare(sql));
  return del->Bind(1, group_id_).Run();
}

Status SqliteImportWriter::CheckOpen(DatasetType dataset) const {
  if (!open_) return FailedPrecondition("the import writer is closed (committed or aborted)");
  if (dataset != job_.spec.dataset) {
    return FailedPrecondition("import job " + std::to_string(job_.id) + " writes the " +
                              std::string(DatasetTypeName(job_.spec.dataset)) + " dataset, not " +
                              std::string(DatasetTypeName(dataset)));
  }
  return Status::Ok();
}

Status SqliteImportWriter::AddInteraction(const Interaction& e) {
  ATTUNE_RETURN_IF_ERROR(CheckOpen(DatasetType::kInteractions));
  if (e.user_id.empty() || e.item_id.empty() || e.event_type.empty()) {
    return InvalidArgument("USER_ID, ITEM_ID and EVENT_TYPE must not be empty");
  }
  return batch_->Add(e);
}

Status SqliteImportWriter::TakeInteraction(Interaction& e) {
  ATTUNE_RETURN_IF_ERROR(CheckOpen(DatasetType::kInteractions));
  if (e.user_id.empty() || e.item_id.empty() || e.event_type.empty()) {
    return InvalidArgument("USER_ID, ITEM_ID and EVENT_TYPE must not be empty");
  }
  return batch_->Take(e);
}

Status SqliteImportWriter::Flush() {
  if (!open_) return FailedPrecondition("the import writer is closed (committed or aborted)");
  return batch_ ? batch_->Flush() : Status::Ok();
}

Status SqliteImportWriter::AddItem(const ItemRecord& item) {
  ATTUNE_RETURN_IF_ERROR(CheckOpen(DatasetType::kItems));
  if (item.item_id.empty()) return InvalidArgument("ITEM_ID must not be empty");
  if (!insert_) {
    ATTUNE_ASSIGN_OR_RETURN(insert_, db_.Prepare(
        "INSERT INTO items (group_id, item_idx, creation_timestamp, properties, source_job, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, item_idx) DO UPDATE SET "
        "creation_timestamp = excluded.creation_timestamp, properties = excluded.properties, "
        "source_job = excluded.source_job, updated_at = excluded.updated_at"));
  }
  insert_->Bind(1, group_id_).Bind(2, int64_t{items_.ids.Intern(item.item_id)}).BindOptional(3, item.creation_timestamp);
  insert_->Bind(4, item.properties_json.empty() ? "{}" : item.properties_json).Bind(5, job_.id).Bind(6, store_->Now());
  Status status = insert_->Run();
  insert_->Reset();
  if (status.ok()) ++imported_;
  return status;
}

Status SqliteImportWriter::AddUser(const UserRecord& user) {
  ATTUNE_RETURN_IF_ERROR(CheckOpen(DatasetType::kUsers));
  if (user.user_id.empty()) return InvalidArgument("USER_ID must not be empty");
  if (!insert_) {
    ATTUNE_ASSIGN_OR_RETURN(insert_, db_.Prepare(
        "INSERT INTO users (group_id, user_idx, properties, source_job, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (group_id, user_idx) DO UPDATE SET properties = excluded.properties, "
        "source_job = excluded.source_job, updated_at = excluded.updated_at"));
  }
  insert_->Bind(1, group_id_).Bind(2, int64_t{users_.ids.Intern(user.user_id)});
  insert_->Bind(3, user.properties_json.empty() ? "{}" : user.properties_json).Bind(4, job_.id).Bind(5, store_->Now());
  Status status = insert_->Run();
  insert_->Reset();
  if (status.ok()) ++imported_;
  return status;
}

// The entries interned since Begin, kDictionaryRows per INSERT (the last few one by one).
Status SqliteImportWriter::WriteDictionary(const char* table, Dictionary* dict) {
  int32_t idx = dict->persisted;
  for (int rows : {kDictionaryRows, 1}) {
    std::string sql = std::string("INSERT OR FAIL INTO ") + table + " VALUES (?, ?, ?)";  // see InsertInteractionsSql
    for (int row = 1; row < rows; ++row) sql += ", (?, ?, ?)";
    ATTUNE_ASSIGN_OR_RETURN(auto insert, db_.Prepare(sql));
    for (; dict->ids.size() - idx >= rows; idx += rows) {
      for (int row = 0; row < rows; ++row) {
        insert->Bind(3 * row + 1, group_id_).Bind(3 * row + 2, int64_t{idx + row});
        insert->BindStatic(3 * row + 3, dict->ids.Name(idx + row));
      }
      Status status = insert->Run();
      insert->Reset();
      ATTUNE_RETURN_IF_ERROR(status);
    }
  }
  return Status::Ok();
}

Status SqliteImportWriter::Commit() {
  if (!open_) return FailedPrecondition("the import writer is closed (committed or aborted)");
  Status status = Flush();
  insert_.reset();
  if (status.ok() && batch_) {
    batch_->ReleaseStatements();
    status = WriteIndexEntries(db_, group_id_, *index_keys_);
    if (status.ok()) status = SaveLastInteractionSeq(db_, batch_->last_seq());
  }
  if (status.ok()) status = WriteDictionary("user_ids (group_id, idx, external_id)", &users_);
  if (status.ok()) status = WriteDictionary("item_ids (group_id, idx, external_id)", &items_);
  if (status.ok()) status = WriteDictionary("event_types (group_id, idx, name)", &types_);
  if (status.ok()) status = db_.Exec("COMMIT");
  if (!status.ok()) {
    Abort();
    return status.WithContext("committing import job " + std::to_string(job_.id));
  }
  LogInfo("store.import_committed", {{"job", job_.id}, {"imported", imported()}, {"duplicates", duplicates()}});
  Close();
  return Status::Ok();
}

void SqliteImportWriter::Abort() {
  if (!open_) return;
  insert_.reset();
  if (batch_) batch_->ReleaseStatements();
  if (db_.in_transaction()) (void)db_.Exec("ROLLBACK");
  Close();
}

void SqliteImportWriter::Close() {
  open_ = false;
  store_->active_import_job_.store(0);
  if (lease_.lock.owns_lock()) lease_.lock.unlock();
}

}  // namespace

Result<std::unique_ptr<ImportWriter>> MakeSqliteImportWriter(SqliteStore* store, SqliteStore::WriteLease lease,
                                                             const ImportJob& job, int64_t group_id) {
  auto writer = std::make_unique<SqliteImportWriter>(store, std::move(lease), job, group_id);
  Status status = writer->Begin();
  if (!status.ok()) {
    writer->Abort();
    return status;
  }
  return std::unique_ptr<ImportWriter>(std::move(writer));
}

}  // namespace attune

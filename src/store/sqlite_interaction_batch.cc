#include "store/sqlite_interaction_batch.h"

#include <utility>

namespace attune {
namespace {

// OR FAIL: a failing statement keeps the rows it wrote before the failure instead of undoing them,
// which spares SQLite a statement journal (a copy of every page each statement touches). Every
// caller rolls the whole transaction back on an error, so the partial statement never commits.
constexpr const char* kInsertColumns =
    "INSERT OR FAIL INTO interactions (seq, group_id, user_idx, item_idx, event_type, ts, event_value, session_id, "
    "event_id, recommendation_id, impression, properties, source_job) VALUES ";
constexpr const char* kRowParameters = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Only the event-id index may skip a row: a conflict on (group_id, seq) is a bug and must fail.
constexpr const char* kSkipRepeatedEventId =
    " ON CONFLICT (group_id, event_id) WHERE event_id IS NOT NULL DO NOTHING";

void BindText(SqliteStmt& insert, int index, const std::string& text) {
  if (!text.empty()) insert.BindStatic(index, text);
}

}  // namespace

std::string InsertIndexEntriesSql(int rows) {
  std::string sql = "INSERT OR FAIL INTO interactions_by_user (group_id, user_idx, ts, seq) VALUES (?, ?, ?, ?)";
  for (int row = 1; row < rows; ++row) sql += ", (?, ?, ?, ?)";
  return sql;
}

std::string InsertInteractionsSql(int rows) {
  std::string sql = kInsertColumns;
  for (int row = 0; row < rows; ++row) {
    if (row > 0) sql += ", ";
    sql += kRowParameters;
  }
  return sql + kSkipRepeatedEventId;
}

void BindInteractionRow(SqliteStmt& insert, int first, const InteractionRow& row) {
  const Interaction& e = *row.event;
  insert.Bind(first, row.seq).Bind(first + 1, row.group_id).Bind(first + 2, int64_t{row.user_idx});
  insert.Bind(first + 3, int64_t{row.item_idx}).Bind(first + 4, int64_t{row.type_idx}).Bind(first + 5, e.timestamp);
  if (e.event_value) insert.Bind(first + 6, *e.event_value);
  BindText(insert, first + 7, e.session_id);
  BindText(insert, first + 8, e.event_id);
  BindText(insert, first + 9, e.recommendation_id);
  BindText(insert, first + 10, e.impression);
  BindText(insert, first + 11, e.properties_json);
  insert.Bind(first + 12, row.source_job);
}

Status WriteIndexEntries(SqliteDb& db, int64_t group_id, IndexKeySorter& keys) {
  constexpr int kEntries = SqliteInteractionBatch::kRows;
  ATTUNE_RETURN_IF_ERROR(keys.Finish());
  ATTUNE_ASSIGN_OR_RETURN(auto insert_many, db.Prepare(InsertIndexEntriesSql(kEntries)));
  ATTUNE_ASSIGN_OR_RETURN(auto insert_one, db.Prepare(InsertIndexEntriesSql(1)));
  IndexKey pending[kEntries];
  int count = 0;
  auto write = [&](SqliteStmt& insert, int first, int n) {
    for (int entry = 0; entry < n; ++entry) {
      const IndexKey& key = pending[first + entry];
      insert.Bind(4 * entry + 1, group_id).Bind(4 * entry + 2, int64_t{key.user_idx});
      insert.Bind(4 * entry + 3, key.ts).Bind(4 * entry + 4, key.seq);
    }
    Status status = insert.Run();
    insert.Reset();
    return status;
  };
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool more, keys.Next(&pending[count]));
    if (more && ++count < kEntries) continue;
    if (count == kEntries) {
      ATTUNE_RETURN_IF_ERROR(write(*insert_many, 0, kEntries));
    } else {
      for (int entry = 0; entry < count; ++entry) ATTUNE_RETURN_IF_ERROR(write(*insert_one, entry, 1));
    }
    count = 0;
    if (!more) return Status::Ok();
  }
}

Result<int64_t> LastInteractionSeq(SqliteDb& db) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare("SELECT last_value FROM store_sequences WHERE name = 'interactions'"));
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return Internal("store_sequences has no 'interactions' row");
  return select->Int(0);
}

Status SaveLastInteractionSeq(SqliteDb& db, int64_t last_seq) {
  ATTUNE_ASSIGN_OR_RETURN(auto update, db.Prepare(
      "UPDATE store_sequences SET last_value = ? WHERE name = 'interactions' AND last_value <= ?"));
  ATTUNE_RETURN_IF_ERROR(update->Bind(1, last_seq).Bind(2, last_seq).Run());
  if (db.changes() != 1) return Internal("the interactions sequence would move backwards");
  return Status::Ok();
}

SqliteInteractionBatch::SqliteInteractionBatch(SqliteDb& db, Dictionaries dictionaries, IndexKeySorter* index_keys,
                                               int64_t group_id, int64_t source_job, int64_t last_seq)
    : db_(db), dictionaries_(dictionaries), index_keys_(index_keys), group_id_(group_id), source_job_(source_job),
      last_seq_(last_seq), rows_(kRows) {}

Status SqliteInteractionBatch::Add(const Interaction& event) {
  Pending& row = rows_[pending_++];
  row.seq = ++last_seq_;
  row.event.user_id.assign(event.user_id);
  row.event.item_id.assign(event.item_id);
  row.event.event_type.assign(event.event_type);
  row.event.timestamp = event.timestamp;
  row.event.event_value = event.event_value;
  row.event.session_id.assign(event.session_id);
  row.event.event_id.assign(event.event_id);
  row.event.recommendation_id.assign(event.recommendation_id);
  row.event.impression.assign(event.impression);
  row.event.properties_json.assign(event.properties_json);
  if (pending_ < rows_.size()) return Status::Ok();
  return Flush();
}

Status SqliteInteractionBatch::Take(Interaction& event) {
  Pending& row = rows_[pending_++];
  row.seq = ++last_seq_;
  std::swap(row.event, event);
  if (pending_ < rows_.size()) return Status::Ok();
  return Flush();
}

// In row order, so indices still follow first appearance; the prefetch pass first lets the
// lookups' cache misses overlap instead of being waited for one by one.
void SqliteInteractionBatch::Intern() {
  for (size_t row = 0; row < pending_; ++row) {
    Pending& p = rows_[row];
    p.user_hash = IdDictionary::Hash(p.event.user_id);
    p.item_hash = IdDictionary::Hash(p.event.item_id);
    dictionaries_.users->Prefetch(p.user_hash);
    dictionaries_.items->Prefetch(p.item_hash);
  }
  for (size_t row = 0; row < pending_; ++row) {
    Pending& p = rows_[row];
    p.user_idx = dictionaries_.users->Intern(p.event.user_id, p.user_hash);
    p.item_idx = dictionaries_.items->Intern(p.event.item_id, p.item_hash);
    p.type_idx = dictionaries_.event_types->Intern(p.event.event_type);
  }
}

Status SqliteInteractionBatch::Flush() {
  Intern();
  if (pending_ == static_cast<size_t>(kRows)) {
    if (!insert_many_) {
      ATTUNE_ASSIGN_OR_RETURN(insert_many_, db_.Prepare(InsertInteractionsSql(kRows)));
    }
    ATTUNE_RETURN_IF_ERROR(Write(*insert_many_, 0, pending_));
  } else if (pending_ > 0) {
    if (!insert_one_) {
      ATTUNE_ASSIGN_OR_RETURN(insert_one_, db_.Prepare(InsertInteractionsSql(1)));
    }
    for (size_t row = 0; row < pending_; ++row) ATTUNE_RETURN_IF_ERROR(Write(*insert_one_, row, 1));
  }
  pending_ = 0;
  return Status::Ok();
}

// Rows [first, first + count) of the buffer through `insert` (prepared for `count` rows).
Status SqliteInteractionBatch::Write(SqliteStmt& insert, size_t first, size_t count) {
  for (size_t row = 0; row < count; ++row) {
    const Pending& p = rows_[first + row];
    BindInteractionRow(insert, static_cast<int>(row) * 13 + 1,
                       InteractionRow{p.seq, group_id_, p.user_idx, p.item_idx, p.type_idx, source_job_, &p.event});
  }
  Status status = insert.Run();
  insert.Reset();
  ATTUNE_RETURN_IF_ERROR(status);
  const int64_t changed = db_.changes();
  written_ += changed;
  duplicates_ += static_cast<int64_t>(count) - changed;
  return AddIndexKeys(first, count, changed);
}

// Only rows the INSERT wrote get an index entry. When it skipped duplicates (rows with repeated
// event ids, rare in bulk files), the rows' seqs that made it into the table say which.
Status SqliteInteractionBatch::AddIndexKeys(size_t first, size_t count, int64_t written) {
  auto key = [this](const Pending& p) { return IndexKey{p.user_idx, p.event.timestamp, p.seq}; };
  if (written == static_cast<int64_t>(count)) {
    for (size_t row = first; row < first + count; ++row) ATTUNE_RETURN_IF_ERROR(index_keys_->Add(key(rows_[row])));
    return Status::Ok();
  }
  ATTUNE_ASSIGN_OR_RETURN(auto select, db_.Prepare(
      "SELECT seq FROM interactions WHERE group_id = ? AND seq BETWEEN ? AND ? ORDER BY seq"));
  select->Bind(1, group_id_).Bind(2, rows_[first].seq).Bind(3, rows_[first + count - 1].seq);
  size_t row = first;
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool found, select->Step());
    if (!found) return Status::Ok();
    while (rows_[row].seq < select->Int(0)) ++row;  // seqs increase with row, and every found seq is one of them
    ATTUNE_RETURN_IF_ERROR(index_keys_->Add(key(rows_[row])));
  }
}

void SqliteInteractionBatch::ReleaseStatements() {
  insert_many_.reset();
  insert_one_.reset();
}

}  // namespace attune

// SqliteStore: appending and reading interactions, and the training snapshot.
#include "store/sqlite_interaction_batch.h"
#include "store/sqlite_store.h"

namespace attune {
namespace {

constexpr const char* kColumns =
    "SELECT i.seq, i.user_idx, i.item_idx, u.external_id, it.external_id, t.name, i.ts, i.event_value, "
    "i.session_id, i.event_id, i.recommendation_id, i.impression, i.properties, i.source_job ";
constexpr const char* kDictionaryJoins =
    "JOIN user_ids u ON u.group_id = i.group_id AND u.idx = i.user_idx "
    "JOIN item_ids it ON it.group_id = i.group_id AND it.idx = i.item_idx "
    "JOIN event_types t ON t.group_id = i.group_id AND t.idx = i.event_type ";

Status CheckEvent(const Interaction& event, size_t index) {
  const char* missing = event.user_id.empty() ? "USER_ID" : event.item_id.empty() ? "ITEM_ID"
                        : event.event_type.empty() ? "EVENT_TYPE" : nullptr;
  if (missing == nullptr) return Status::Ok();
  return InvalidArgument("events[" + std::to_string(index) + "]: " + missing + " is empty");
}

StoredInteraction ReadStored(const SqliteStmt& s) {
  StoredInteraction out;
  out.sequence = s.Int(0);
  out.user_idx = static_cast<int32_t>(s.Int(1));
  out.item_idx = static_cast<int32_t>(s.Int(2));
  out.user_id = s.Text(3);
  out.item_id = s.Text(4);
  out.event_type = s.Text(5);
  out.timestamp = s.Int(6);
  if (!s.IsNull(7)) out.event_value = s.Double(7);
  out.session_id = s.Text(8);
  out.event_id = s.Text(9);
  out.recommendation_id = s.Text(10);
  out.impression = s.Text(11);
  out.properties_json = s.Text(12);
  out.source_job = s.Int(13);
  return out;
}

Result<std::vector<StoredInteraction>> ReadAll(SqliteStmt& select) {
  std::vector<StoredInteraction> out;
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return out;
    out.push_back(ReadStored(select));
  }
}

}  // namespace

Result<AppendResult> SqliteStore::AppendEvents(std::string_view group, const std::vector<Interaction>& events) {
  for (size_t i = 0; i < events.size(); ++i) ATTUNE_RETURN_IF_ERROR(CheckEvent(events[i], i));
  AppendResult result;
  std::vector<NewEntry> added;
  int64_t group_id = 0;
  Status status = WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(group_id, GroupId(db, group));
    ATTUNE_ASSIGN_OR_RETURN(const int64_t first_seq, LastInteractionSeq(db));
    int64_t last_seq = first_seq;
    for (const Interaction& e : events) {
      ATTUNE_ASSIGN_OR_RETURN(int32_t user_idx, CachedIntern(db, DictTable::kUsers, group_id, e.user_id, &added));
      ATTUNE_ASSIGN_OR_RETURN(int32_t item_idx, CachedIntern(db, DictTable::kItems, group_id, e.item_id, &added));
      ATTUNE_ASSIGN_OR_RETURN(int32_t type_idx,
                              CachedIntern(db, DictTable::kEventTypes, group_id, e.event_type, &added));
      ATTUNE_ASSIGN_OR_RETURN(auto insert, db.Prepare(InsertInteractionsSql(1)));
      BindInteractionRow(*insert, 1, InteractionRow{last_seq + 1, group_id, user_idx, item_idx, type_idx, 0, &e});
      ATTUNE_RETURN_IF_ERROR(insert->Run());
      if (db.changes() == 0) {
        ++result.duplicates;
        continue;
      }
      ++result.appended;
      result.last_sequence = ++last_seq;
      ATTUNE_ASSIGN_OR_RETURN(auto index, db.Prepare(InsertIndexEntriesSql(1)));
      ATTUNE_RETURN_IF_ERROR(index->Bind(1, group_id).Bind(2, int64_t{user_idx}).Bind(3, e.timestamp)
                                 .Bind(4, last_seq).Run());
    }
    return last_seq == first_seq ? Status::Ok() : SaveLastInteractionSeq(db, last_seq);
  });
  if (!status.ok()) return status;
  RememberCommitted(group_id, &added);
  return result;
}

Result<std::vector<StoredInteraction>> SqliteStore::UserInteractions(std::string_view group,
                                                                     std::string_view user_id, int limit) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(int32_t user_idx, FindIndex(lease.db(), DictTable::kUsers, group_id, user_id));
  if (user_idx < 0 || limit <= 0) return std::vector<StoredInteraction>{};
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kColumns) +
      "FROM interactions_by_user b JOIN interactions i ON i.group_id = b.group_id AND i.seq = b.seq " +
      kDictionaryJoins + "WHERE b.group_id = ? AND b.user_idx = ? ORDER BY b.ts DESC, b.seq DESC LIMIT ?"));
  select->Bind(1, group_id).Bind(2, int64_t{user_idx}).Bind(3, int64_t{limit});
  return ReadAll(*select);
}

Result<std::vector<StoredInteraction>> SqliteStore::InteractionsAfter(std::string_view group,
                                                                      int64_t after_sequence, int limit) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  if (limit <= 0) return std::vector<StoredInteraction>{};
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kColumns) + "FROM interactions i " +
      kDictionaryJoins + "WHERE i.group_id = ? AND i.seq > ? ORDER BY i.seq LIMIT ?"));
  select->Bind(1, group_id).Bind(2, after_sequence).Bind(3, int64_t{limit});
  return ReadAll(*select);
}

namespace {

Status ReadDictionary(SqliteDb& db, const char* sql, int64_t group_id, std::vector<std::string>* out) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare(sql));
  select->Bind(1, group_id);
  out->clear();
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return Status::Ok();
    if (select->Int(0) != static_cast<int64_t>(out->size())) return Internal("id dictionary has a gap");
    out->push_back(select->Text(1));
  }
}

Status StreamInteractions(SqliteDb& db, int64_t group_id, TrainingSnapshot* snapshot,
                          const std::function<Status(const SnapshotInteraction&)>& visit) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare(
      "SELECT seq, user_idx, item_idx, event_type, ts, event_value FROM interactions "
      "WHERE group_id = ? ORDER BY seq"));
  select->Bind(1, group_id);
  SnapshotInteraction row;
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool more, select->Step());
    if (!more) return Status::Ok();
    row.sequence = select->Int(0);
    row.user_idx = static_cast<int32_t>(select->Int(1));
    row.item_idx = static_cast<int32_t>(select->Int(2));
    row.event_type = static_cast<int32_t>(select->Int(3));
    row.timestamp = select->Int(4);
    row.has_event_value = !select->IsNull(5);
    row.event_value = row.has_event_value ? select->Double(5) : 0.0;
    snapshot->last_sequence = row.sequence;
    ATTUNE_RETURN_IF_ERROR(visit(row));
  }
}

}  // namespace

Status SqliteStore::ReadSnapshot(std::string_view group, TrainingSnapshot* snapshot,
                                 const std::function<Status(const SnapshotInteraction&)>& visit) {
  ReadLease lease = BorrowReader();
  SqliteDb& db = lease.db();
  // One read transaction: the dictionaries and the interactions come from the same state.
  ATTUNE_RETURN_IF_ERROR(db.Exec("BEGIN"));
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, group));
  *snapshot = TrainingSnapshot{};
  ATTUNE_RETURN_IF_ERROR(ReadDictionary(db, "SELECT idx, external_id FROM user_ids WHERE group_id = ? ORDER BY idx",
                                        group_id, &snapshot->user_ids));
  ATTUNE_RETURN_IF_ERROR(ReadDictionary(db, "SELECT idx, external_id FROM item_ids WHERE group_id = ? ORDER BY idx",
                                        group_id, &snapshot->item_ids));
  ATTUNE_RETURN_IF_ERROR(ReadDictionary(db, "SELECT idx, name FROM event_types WHERE group_id = ? ORDER BY idx",
                                        group_id, &snapshot->event_types));
  ATTUNE_RETURN_IF_ERROR(StreamInteractions(db, group_id, snapshot, visit));
  return db.Exec("COMMIT");
}

}  // namespace attune

// SqliteStore: id dictionaries, items and users.
#include "store/sqlite_store.h"

namespace attune {
namespace {

struct DictSql {
  const char* find;
  const char* next;
  const char* insert;
};

const DictSql& SqlFor(DictTable table) {
  static const DictSql kUsers{"SELECT idx FROM user_ids WHERE group_id = ? AND external_id = ?",
                              "SELECT COALESCE(MAX(idx) + 1, 0) FROM user_ids WHERE group_id = ?",
                              "INSERT INTO user_ids (group_id, idx, external_id) VALUES (?, ?, ?)"};
  static const DictSql kItems{"SELECT idx FROM item_ids WHERE group_id = ? AND external_id = ?",
                              "SELECT COALESCE(MAX(idx) + 1, 0) FROM item_ids WHERE group_id = ?",
                              "INSERT INTO item_ids (group_id, idx, external_id) VALUES (?, ?, ?)"};
  static const DictSql kTypes{"SELECT idx FROM event_types WHERE group_id = ? AND name = ?",
                              "SELECT COALESCE(MAX(idx) + 1, 0) FROM event_types WHERE group_id = ?",
                              "INSERT INTO event_types (group_id, idx, name) VALUES (?, ?, ?)"};
  switch (table) {
    case DictTable::kUsers: return kUsers;
    case DictTable::kItems: return kItems;
    case DictTable::kEventTypes: return kTypes;
  }
  return kUsers;
}

std::string_view DictName(DictTable table) {
  return table == DictTable::kUsers ? "user" : table == DictTable::kItems ? "item" : "event type";
}

}  // namespace

Result<int32_t> SqliteStore::FindIndex(SqliteDb& db, DictTable table, int64_t group_id, std::string_view id) {
  ATTUNE_ASSIGN_OR_RETURN(auto select, db.Prepare(SqlFor(table).find));
  select->Bind(1, group_id).Bind(2, id);
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  return row ? static_cast<int32_t>(select->Int(0)) : -1;
}

Result<int32_t> SqliteStore::NextIndex(SqliteDb& db, DictTable table, int64_t group_id) {
  ATTUNE_ASSIGN_OR_RETURN(auto next, db.Prepare(SqlFor(table).next));
  next->Bind(1, group_id);
  ATTUNE_ASSIGN_OR_RETURN(bool row, next->Step());
  const int64_t index = row ? next->Int(0) : 0;
  if (index > INT32_MAX) return ResourceExhausted("too many distinct " + std::string(DictName(table)) + " ids");
  return static_cast<int32_t>(index);
}

Result<int32_t> SqliteStore::Intern(SqliteDb& db, DictTable table, int64_t group_id, std::string_view id) {
  ATTUNE_ASSIGN_OR_RETURN(int32_t found, FindIndex(db, table, group_id, id));
  if (found >= 0) return found;
  ATTUNE_ASSIGN_OR_RETURN(int32_t index, NextIndex(db, table, group_id));
  ATTUNE_ASSIGN_OR_RETURN(auto insert, db.Prepare(SqlFor(table).insert));
  ATTUNE_RETURN_IF_ERROR(insert->Bind(1, group_id).Bind(2, int64_t{index}).Bind(3, id).Run());
  return index;
}

// Caches bounded per group and table: a cleared cache only costs SELECTs until it refills.
constexpr size_t kMaxCachedIds = 2'000'000;

Result<int32_t> SqliteStore::CachedIntern(SqliteDb& db, DictTable table, int64_t group_id, const std::string& id,
                                          std::vector<NewEntry>* added) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto& cache = dict_cache_[group_id][static_cast<int>(table)];
    auto it = cache.find(id);
    if (it != cache.end()) return it->second;
  }
  ATTUNE_ASSIGN_OR_RETURN(int32_t index, Intern(db, table, group_id, id));
  added->push_back({table, id, index});
  return index;
}

void SqliteStore::RememberCommitted(int64_t group_id, std::vector<NewEntry>* added) {
  std::lock_guard<std::mutex> lock(cache_mu_);
  for (NewEntry& entry : *added) {
    auto& cache = dict_cache_[group_id][static_cast<int>(entry.table)];
    if (cache.size() >= kMaxCachedIds) cache.clear();
    cache.emplace(std::move(entry.id), entry.index);
  }
  added->clear();
}

Status SqliteStore::UpsertItems(std::string_view group, const std::vector<ItemRecord>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].item_id.empty()) return InvalidArgument("items[" + std::to_string(i) + "]: ITEM_ID is empty");
  }
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, group));
    for (const ItemRecord& item : items) {
      ATTUNE_ASSIGN_OR_RETURN(int32_t idx, Intern(db, DictTable::kItems, group_id, item.item_id));
      ATTUNE_ASSIGN_OR_RETURN(auto upsert, db.Prepare(
          "INSERT INTO items (group_id, item_idx, creation_timestamp, properties, source_job, updated_at) "
          "VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (group_id, item_idx) DO UPDATE SET "
          "creation_timestamp = excluded.creation_timestamp, properties = excluded.properties, "
          "source_job = 0, updated_at = excluded.updated_at"));
      upsert->Bind(1, group_id).Bind(2, int64_t{idx}).BindOptional(3, item.creation_timestamp);
      upsert->Bind(4, item.properties_json.empty() ? "{}" : item.properties_json).Bind(5, Now());
      ATTUNE_RETURN_IF_ERROR(upsert->Run());
    }
    return Status::Ok();
  });
}

Result<ItemRecord> SqliteStore::GetItem(std::string_view group, std::string_view item_id) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(
      "SELECT i.item_idx, i.creation_timestamp, i.properties, i.updated_at FROM item_ids d "
      "JOIN items i ON i.group_id = d.group_id AND i.item_idx = d.idx "
      "WHERE d.group_id = ? AND d.external_id = ?"));
  select->Bind(1, group_id).Bind(2, item_id);
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return NotFound("item \"" + std::string(item_id) + "\" not found in dataset group \"" + std::string(group) + "\"");
  ItemRecord item;
  item.item_id = std::string(item_id);
  item.item_idx = static_cast<int32_t>(select->Int(0));
  if (!select->IsNull(1)) item.creation_timestamp = select->Int(1);
  item.properties_json = select->Text(2);
  item.updated_at = select->Int(3);
  return item;
}

Status SqliteStore::DeleteItem(std::string_view group, std::string_view item_id) {
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, group));
    ATTUNE_ASSIGN_OR_RETURN(int32_t idx, FindIndex(db, DictTable::kItems, group_id, item_id));
    ATTUNE_ASSIGN_OR_RETURN(auto del, db.Prepare("DELETE FROM items WHERE group_id = ? AND item_idx = ?"));
    ATTUNE_RETURN_IF_ERROR(del->Bind(1, group_id).Bind(2, int64_t{idx}).Run());
    if (idx < 0 || db.changes() == 0) {
      return NotFound("item \"" + std::string(item_id) + "\" not found in dataset group \"" + std::string(group) + "\"");
    }
    return Status::Ok();
  });
}

Status SqliteStore::ScanItems(std::string_view group, const std::function<Status(const ItemRecord&)>& visit) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(
      "SELECT d.external_id, i.item_idx, i.creation_timestamp, i.properties, i.updated_at FROM items i "
      "JOIN item_ids d ON d.group_id = i.group_id AND d.idx = i.item_idx WHERE i.group_id = ? ORDER BY i.item_idx"));
  select->Bind(1, group_id);
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return Status::Ok();
    ItemRecord item;
    item.item_id = select->Text(0);
    item.item_idx = static_cast<int32_t>(select->Int(1));
    if (!select->IsNull(2)) item.creation_timestamp = select->Int(2);
    item.properties_json = select->Text(3);
    item.updated_at = select->Int(4);
    ATTUNE_RETURN_IF_ERROR(visit(item));
  }
}

Status SqliteStore::UpsertUsers(std::string_view group, const std::vector<UserRecord>& users) {
  for (size_t i = 0; i < users.size(); ++i) {
    if (users[i].user_id.empty()) return InvalidArgument("users[" + std::to_string(i) + "]: USER_ID is empty");
  }
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, group));
    for (const UserRecord& user : users) {
      ATTUNE_ASSIGN_OR_RETURN(int32_t idx, Intern(db, DictTable::kUsers, group_id, user.user_id));
      ATTUNE_ASSIGN_OR_RETURN(auto upsert, db.Prepare(
          "INSERT INTO users (group_id, user_idx, properties, source_job, updated_at) VALUES (?, ?, ?, 0, ?) "
          "ON CONFLICT (group_id, user_idx) DO UPDATE SET properties = excluded.properties, "
          "source_job = 0, updated_at = excluded.updated_at"));
      upsert->Bind(1, group_id).Bind(2, int64_t{idx});
      upsert->Bind(3, user.properties_json.empty() ? "{}" : user.properties_json).Bind(4, Now());
      ATTUNE_RETURN_IF_ERROR(upsert->Run());
    }
    return Status::Ok();
  });
}

Result<UserRecord> SqliteStore::GetUser(std::string_view group, std::string_view user_id) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(lease.db(), group));
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(
      "SELECT u.user_idx, u.properties, u.updated_at FROM user_ids d "
      "JOIN users u ON u.group_id = d.group_id AND u.user_idx = d.idx "
      "WHERE d.group_id = ? AND d.external_id = ?"));
  select->Bind(1, group_id).Bind(2, user_id);
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return NotFound("user \"" + std::string(user_id) + "\" not found in dataset group \"" + std::string(group) + "\"");
  UserRecord user;
  user.user_id = std::string(user_id);
  user.user_idx = static_cast<int32_t>(select->Int(0));
  user.properties_json = select->Text(1);
  user.updated_at = select->Int(2);
  return user;
}

// The user's row and interactions go; the dictionary entry stays so indices remain dense.
Status SqliteStore::DeleteUser(std::string_view group, std::string_view user_id) {
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(int64_t group_id, GroupId(db, group));
    ATTUNE_ASSIGN_OR_RETURN(int32_t idx, FindIndex(db, DictTable::kUsers, group_id, user_id));
    if (idx < 0) {
      return NotFound("user \"" + std::string(user_id) + "\" not found in dataset group \"" + std::string(group) + "\"");
    }
    ATTUNE_ASSIGN_OR_RETURN(auto del_user, db.Prepare("DELETE FROM users WHERE group_id = ? AND user_idx = ?"));
    ATTUNE_RETURN_IF_ERROR(del_user->Bind(1, group_id).Bind(2, int64_t{idx}).Run());
    // The user's rows, found through interactions_by_user, then their index entries.
    ATTUNE_ASSIGN_OR_RETURN(auto del_rows, db.Prepare(
        "DELETE FROM interactions WHERE group_id = ? AND seq IN "
        "(SELECT seq FROM interactions_by_user WHERE group_id = ? AND user_idx = ?)"));
    ATTUNE_RETURN_IF_ERROR(del_rows->Bind(1, group_id).Bind(2, group_id).Bind(3, int64_t{idx}).Run());
    ATTUNE_ASSIGN_OR_RETURN(auto del_index, db.Prepare(
        "DELETE FROM interactions_by_user WHERE group_id = ? AND user_idx = ?"));
    return del_index->Bind(1, group_id).Bind(2, int64_t{idx}).Run();
  });
}

}  // namespace attune

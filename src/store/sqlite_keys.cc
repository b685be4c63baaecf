// SqliteStore: API keys (stored as SHA-256 of the secret; the secret is returned once).
#include <openssl/rand.h>

#include "store/sqlite_store.h"

namespace attune {
namespace {

constexpr const char* kKeyColumns =
    "SELECT k.id, k.name, k.role, COALESCE(g.name, ''), k.prefix, k.created_at, k.revoked_at "
    "FROM api_keys k LEFT JOIN dataset_groups g ON g.id = k.group_id ";

Result<std::string> NewSecret() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) return Internal("the system random generator failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string secret = "atk_";
  for (unsigned char byte : bytes) {
    secret += kHex[byte >> 4];
    secret += kHex[byte & 15];
  }
  return secret;
}

Result<ApiKeyInfo> ReadKey(const SqliteStmt& s) {
  ApiKeyInfo key;
  key.id = s.Int(0);
  key.name = s.Text(1);
  ATTUNE_ASSIGN_OR_RETURN(key.role, ParseKeyRole(s.Text(2)));
  key.group = s.Text(3);
  key.prefix = s.Text(4);
  key.created_at = s.Int(5);
  key.revoked_at = s.Int(6);
  return key;
}

}  // namespace

Result<NewApiKey> SqliteStore::CreateApiKey(std::string_view group, KeyRole role, std::string_view name) {
  ATTUNE_ASSIGN_OR_RETURN(std::string secret, NewSecret());
  int64_t key_id = 0;
  ATTUNE_RETURN_IF_ERROR(WriteTransaction([&](SqliteDb& db) -> Status {
    std::optional<int64_t> group_id;
    if (!group.empty()) {
      ATTUNE_ASSIGN_OR_RETURN(group_id, GroupId(db, group));
    }
    ATTUNE_ASSIGN_OR_RETURN(auto insert, db.Prepare(
        "INSERT INTO api_keys (secret_hash, prefix, name, role, group_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    insert->Bind(1, HashApiKeySecret(secret)).Bind(2, std::string_view(secret).substr(0, 8)).Bind(3, name);
    insert->Bind(4, KeyRoleName(role)).BindOptional(5, group_id).Bind(6, Now());
    ATTUNE_RETURN_IF_ERROR(insert->Run());
    key_id = db.last_insert_rowid();
    return Status::Ok();
  }));
  ApiKeyInfo info{key_id, std::string(name), role, std::string(group), secret.substr(0, 8), Now(), 0};
  return NewApiKey{std::move(info), std::move(secret)};
}

Result<ApiKeyInfo> SqliteStore::LookupApiKey(std::string_view secret) {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kKeyColumns) +
                                                          "WHERE k.secret_hash = ? AND k.revoked_at = 0"));
  select->Bind(1, HashApiKeySecret(secret));
  ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return Unauthenticated("unknown or revoked API key");
  return ReadKey(*select);
}

Result<std::vector<ApiKeyInfo>> SqliteStore::ListApiKeys() {
  ReadLease lease = BorrowReader();
  ATTUNE_ASSIGN_OR_RETURN(auto select, lease.db().Prepare(std::string(kKeyColumns) + "ORDER BY k.id"));
  std::vector<ApiKeyInfo> keys;
  for (;;) {
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return keys;
    ATTUNE_ASSIGN_OR_RETURN(ApiKeyInfo key, ReadKey(*select));
    keys.push_back(std::move(key));
  }
}

Status SqliteStore::RevokeApiKey(int64_t key_id) {
  return WriteTransaction([&](SqliteDb& db) -> Status {
    ATTUNE_ASSIGN_OR_RETURN(auto update, db.Prepare(
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at = 0"));
    ATTUNE_RETURN_IF_ERROR(update->Bind(1, Now()).Bind(2, key_id).Run());
    if (db.changes() == 0) return NotFound("API key " + std::to_string(key_id) + " does not exist or is already revoked");
    return Status::Ok();
  });
}

}  // namespace attune

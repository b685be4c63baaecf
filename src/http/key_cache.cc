#include "http/key_cache.h"

namespace attune::http {

Role RoleFromKeyRole(KeyRole role) {
  switch (role) {
    case KeyRole::kAdmin: return Role::kAdmin;
    case KeyRole::kRead: return Role::kRead;
    case KeyRole::kTrack: return Role::kTrack;
  }
  return Role::kRead;
}

Result<Principal> KeyCache::Lookup(const std::string& secret) {
  const std::string hash = HashApiKeySecret(secret);
  if (!admin_key_hash_.empty() && hash == admin_key_hash_) {
    return Principal{"config", Role::kAdmin, ""};
  }
  const int64_t now = clock_.MonotonicMicros();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(hash);
    if (it != entries_.end() && it->second.expires_micros > now) return it->second.principal;
  }
  ATTUNE_ASSIGN_OR_RETURN(ApiKeyInfo info, store_.LookupApiKey(secret));
  Principal principal{std::to_string(info.id), RoleFromKeyRole(info.role), info.group};
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() > 10'000) entries_.clear();  // bounded: secrets are few in practice
  entries_[hash] = Entry{principal, now + kTtlMicros};
  return principal;
}

void KeyCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

}  // namespace attune::http

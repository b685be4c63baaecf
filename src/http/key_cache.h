// KeyCache: turns the secret of an Authorization header into a Principal, remembering answers
// for a few seconds so a busy event stream does not hit the store once per request.
// A key revoked through the API is forgotten at once (Clear); one revoked by `attune keys revoke`
// in another process stops working within kTtlMicros.
// Thread safety: all methods may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"
#include "base/status.h"
#include "http/http_types.h"
#include "store/store.h"

namespace attune::http {

class KeyCache {
 public:
  static constexpr int64_t kTtlMicros = 5'000'000;
  KeyCache(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The configured global admin key's hash (empty: none). Set once, before serving.
  void SetAdminKeyHash(std::string hash) { admin_key_hash_ = std::move(hash); }
  // Unauthenticated for an unknown or revoked secret.
  Result<Principal> Lookup(const std::string& secret);
  void Clear();

 private:
  struct Entry {
    Principal principal;
    int64_t expires_micros;
  };
  Store& store_;
  const Clock& clock_;
  std::string admin_key_hash_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // by hashed secret
};

Role RoleFromKeyRole(KeyRole role);

}  // namespace attune::http

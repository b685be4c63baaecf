// OpenStore (backend chosen by URL scheme) and the name tables of store.h.
#include "store/store.h"

#include <openssl/sha.h>

#include <filesystem>

#include "store/sqlite_store.h"

namespace attune {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <typename Enum, size_t N>
Result<Enum> ParseName(std::string_view name, const Enum (&values)[N], std::string_view (*to_name)(Enum),
                       std::string_view what) {
  std::string choices;
  for (Enum value : values) {
    if (Lower(name) == to_name(value)) return value;
    choices += (choices.empty() ? "" : ", ") + std::string(to_name(value));
  }
  return InvalidArgument("unknown " + std::string(what) + " \"" + std::string(name) + "\"; expected one of: " +
                         choices);
}

Result<std::string> DataDirectory(std::string_view location) {
  std::string dir(location);
  if (StartsWith(location, "sqlite://")) {
    dir = std::string(location.substr(9));
    if (!StartsWith(dir, "/")) {
      return InvalidArgument("store URL \"" + std::string(location) +
                             "\" needs an absolute path: sqlite:///abs/path/dir");
    }
  } else if (location.find("://") != std::string_view::npos) {
    return InvalidArgument("unknown store URL scheme in \"" + std::string(location) +
                           "\"; use a directory path, sqlite:///abs/dir or postgresql://...");
  }
  if (dir.empty()) return InvalidArgument("no store location given; pass a data directory");
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Unavailable("cannot create data directory " + dir + ": " + error.message());
  return dir;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  if (StartsWith(options.location, "postgresql://") || StartsWith(options.location, "postgres://")) {
    return Unavailable("PostgreSQL backend not built yet; use a data directory (SQLite) for now");
  }
  ATTUNE_ASSIGN_OR_RETURN(std::string dir, DataDirectory(options.location));
  return SqliteStore::Open(dir, options);
}

std::string_view ImportModeName(ImportMode mode) {
  return mode == ImportMode::kFull ? "full" : "incremental";
}

Result<ImportMode> ParseImportMode(std::string_view name) {
  static constexpr ImportMode kAll[] = {ImportMode::kIncremental, ImportMode::kFull};
  return ParseName(name, kAll, &ImportModeName, "import mode");
}

std::string_view JobStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::kQueued: return "queued";
    case JobStatus::kRunning: return "running";
    case JobStatus::kSucceeded: return "succeeded";
    case JobStatus::kFailed: return "failed";
  }
  return "unknown";
}

Result<JobStatus> ParseJobStatus(std::string_view name) {
  static constexpr JobStatus kAll[] = {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kSucceeded,
                                       JobStatus::kFailed};
  return ParseName(name, kAll, &JobStatusName, "job status");
}

std::string_view KeyRoleName(KeyRole role) {
  switch (role) {
    case KeyRole::kAdmin: return "admin";
    case KeyRole::kRead: return "read";
    case KeyRole::kTrack: return "track";
  }
  return "unknown";
}

Result<KeyRole> ParseKeyRole(std::string_view name) {
  static constexpr KeyRole kAll[] = {KeyRole::kAdmin, KeyRole::kRead, KeyRole::kTrack};
  return ParseName(name, kAll, &KeyRoleName, "key role");
}

std::string HashApiKeySecret(std::string_view secret) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

}  // namespace attune

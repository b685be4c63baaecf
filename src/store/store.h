// Store: everything Attune keeps durably — dataset groups, schemas, items, users, interactions,
// import jobs and API keys — behind one interface with one backend per URL scheme.
//
// Contract (every backend; src/store/store_contract_test.cc checks it):
//   - An acknowledged write (the call returned OK) survives a crash of the process (kill -9).
//   - Users and items get dense per-group indices (0, 1, 2, ...) in order of first appearance,
//     never reused or renumbered; an interaction naming an item the catalogue lacks interns the
//     id anyway, and the item row links up when it arrives. Deleting a user or item row keeps its
//     index (so indices stay dense and snapshots stay valid).
//   - Every interaction gets a sequence number, strictly increasing in commit order within the
//     store; a follower can read "everything after sequence S" (InteractionsAfter).
//   - A non-empty event_id repeated within a group is ignored and counted as a duplicate.
//   - Errors are values: NotFound names the missing group/item/user/job, InvalidArgument the bad
//     field, Unavailable means "busy, retry" (e.g. an import holds the write lock too long).
// Thread safety: all methods may be called from any thread at once. Backends serialise writes;
// reads run concurrently with writes (SQLite: WAL, a pool of reader connections).
// Ownership: OpenStore returns the only owner; an ImportWriter must be destroyed before its Store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/schema.h"

namespace attune {

struct StoreOptions {
  // Where the data lives: a directory path ("./data"), "sqlite:///abs/path/dir" (SQLite file
  // <dir>/attune.db, created with the directory when missing) or "postgresql://..." (not built
  // yet: Unavailable).
  std::string location;
  // Source of created_at/updated_at times. Null: SystemClock::Default(). Must outlive the store.
  const Clock* clock = nullptr;
  // Concurrent readers (SQLite connections). More costs memory (cache per connection).
  int reader_connections = 4;
  // Page cache per connection in MiB. Bigger speeds up large imports and snapshot reads.
  int cache_mib = 64;
  // How long a writer waits for the write lock before Unavailable. Longer rides out long
  // imports (which hold the lock for their whole transaction) at the cost of slow failures.
  int busy_timeout_ms = 10'000;
  // Per-user index keys (24 bytes each) an interactions import sorts in memory; beyond this it
  // spills sorted runs to a temporary file next to the database and merges them at commit.
  // More memory, fewer runs to merge (the default: 24 MiB).
  int64_t import_sort_keys = 1 << 20;
};

class Store;
// Opens (creating and migrating when needed) the store at options.location. FailedPrecondition
// when the database was written by a newer Attune ("schema version 7 is newer than this binary
// supports (3); upgrade attune").
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

// ---------------------------------------------------------------- records

struct GroupInfo {
  std::string name;
  int64_t created_at = 0;  // epoch seconds
  int64_t num_users = 0;      // users known to the group (from user rows or interactions)
  int64_t num_items = 0;      // items known to the group (from the catalogue or interactions)
  int64_t num_user_rows = 0;  // rows of the users dataset
  int64_t num_item_rows = 0;  // rows of the items dataset (the catalogue)
  int64_t num_interactions = 0;
  std::map<std::string, int64_t> interactions_per_event_type;  // filled by GetGroup only
};

// One row of the items dataset. `properties_json` is a JSON object text holding the declared
// (non-reserved) fields, e.g. {"CATEGORY":"sport","TAGS":["a","b"]}; see record_json.h to build it.
struct ItemRecord {
  std::string item_id;
  std::optional<int64_t> creation_timestamp;  // epoch seconds
  std::string properties_json = "{}";
  int64_t updated_at = 0;  // set by the store
  int32_t item_idx = -1;   // set by the store on reads
};

struct UserRecord {
  std::string user_id;
  std::string properties_json = "{}";
  int64_t updated_at = 0;  // set by the store
  int32_t user_idx = -1;   // set by the store on reads
};

// One interaction as written. Empty strings mean "absent" for the optional text fields.
struct Interaction {
  std::string user_id;
  std::string item_id;
  std::string event_type;
  int64_t timestamp = 0;  // epoch seconds
  std::optional<double> event_value;
  std::string session_id;
  std::string event_id;           // dedup key within the group
  std::string recommendation_id;  // attribution
  std::string impression;         // item ids joined by '|'
  std::string properties_json;    // JSON object text, or empty
};

// One interaction as read back.
struct StoredInteraction : Interaction {
  int64_t sequence = 0;
  int32_t user_idx = -1;
  int32_t item_idx = -1;
  int64_t source_job = 0;  // 0: the API; otherwise the import job id that wrote it
};

struct AppendResult {
  int64_t appended = 0;
  int64_t duplicates = 0;     // ignored because their event_id was already stored
  int64_t last_sequence = 0;  // highest sequence written (0 when nothing was appended)
};

// ---------------------------------------------------------------- training snapshot

// One interaction in the snapshot: dense ids only. event_type indexes TrainingSnapshot::event_types.
struct SnapshotInteraction {
  int64_t sequence = 0;
  int32_t user_idx = 0;
  int32_t item_idx = 0;
  int32_t event_type = 0;
  int64_t timestamp = 0;
  double event_value = 0;
  bool has_event_value = false;
};

// The dictionaries of a snapshot, read in the same transaction as the interactions.
struct TrainingSnapshot {
  std::vector<std::string> user_ids;     // by user_idx
  std::vector<std::string> item_ids;     // by item_idx
  std::vector<std::string> event_types;  // by event type index
  int64_t last_sequence = 0;             // highest sequence included (0: none)
};

// ---------------------------------------------------------------- import jobs

enum class ImportMode { kIncremental, kFull };
std::string_view ImportModeName(ImportMode mode);        // "incremental", "full"
Result<ImportMode> ParseImportMode(std::string_view name);  // case-insensitive

enum class JobStatus { kQueued, kRunning, kSucceeded, kFailed };
std::string_view JobStatusName(JobStatus status);  // "queued", "running", "succeeded", "failed"
Result<JobStatus> ParseJobStatus(std::string_view name);

struct RowError {
  int64_t line = 0;    // 1-based line in the file (the header is line 1)
  std::string column;  // field name, or empty for row-level errors
  std::string message;
};

// At most kMaxRowErrors row errors are kept per job; the count of rejected rows keeps counting.
inline constexpr size_t kMaxRowErrors = 100;

struct ImportJobSpec {
  std::string group;
  DatasetType dataset = DatasetType::kInteractions;
  ImportMode mode = ImportMode::kIncremental;
  std::string source;        // the file path or URL, for people to read
  std::string content_hash;  // e.g. hex SHA-256 of the file, to detect re-imports
};

struct ImportJob {
  int64_t id = 0;
  ImportJobSpec spec;
  JobStatus status = JobStatus::kQueued;
  int64_t rows_read = 0;
  int64_t rows_imported = 0;
  int64_t rows_rejected = 0;
  int64_t duplicates = 0;
  std::vector<RowError> errors;  // first kMaxRowErrors
  std::string message;           // why it failed, or a summary
  int64_t created_at = 0;        // epoch seconds
  int64_t started_at = 0;        // 0 until running
  int64_t finished_at = 0;       // 0 until succeeded/failed
};

// What UpdateImportJob changes. The store stamps started_at on the first move to running and
// finished_at on the move to succeeded/failed. Moving out of succeeded/failed is
// FailedPrecondition. `errors` beyond kMaxRowErrors are dropped.
struct ImportJobUpdate {
  JobStatus status = JobStatus::kRunning;
  int64_t rows_read = 0;
  int64_t rows_imported = 0;
  int64_t rows_rejected = 0;
  int64_t duplicates = 0;
  std::vector<RowError> errors;
  std::string message;
};

// The message a job gets when the process died while it was queued or running.
inline constexpr std::string_view kInterruptedJobMessage =
    "interrupted: the server stopped while this job ran";

// Bulk writer for one import job: everything added is written in ONE transaction, so a failed or
// aborted job imports nothing. Mode full first deletes the dataset's rows that came from imports
// (for interactions: rows whose source is an import job; rows from the API stay; for items/users:
// all rows of the dataset) in the same transaction. Holding an ImportWriter holds the store's
// write lock: other writers wait up to busy_timeout_ms, then get Unavailable.
// Thread safety: one thread at a time.
class ImportWriter {
 public:
  virtual ~ImportWriter() = default;  // aborts when neither Commit nor Abort ran
  // The Add method must match the writer's dataset (else FailedPrecondition).
  // AddInteraction returns OK for a duplicate event_id and counts it in duplicates().
  virtual Status AddInteraction(const Interaction& interaction) = 0;
  // AddInteraction that may swap `interaction` with a spent record instead of copying it (bulk
  // imports convert every row into one reused record); its content afterwards is unspecified.
  virtual Status TakeInteraction(Interaction& interaction) { return AddInteraction(interaction); }
  virtual Status AddItem(const ItemRecord& item) = 0;  // a repeated item_id: the last row wins
  virtual Status AddUser(const UserRecord& user) = 0;
  // Rows may be buffered and written in batches: Flush writes the buffered rows, so that imported()
  // and duplicates() count every row added so far (before it they may lag). Commit flushes too.
  virtual Status Flush() = 0;
  virtual int64_t imported() const = 0;
  virtual int64_t duplicates() const = 0;
  // Makes everything durable. After an error nothing was written.
  virtual Status Commit() = 0;
  virtual void Abort() = 0;
};

// ---------------------------------------------------------------- API keys

enum class KeyRole { kAdmin, kRead, kTrack };
std::string_view KeyRoleName(KeyRole role);  // "admin", "read", "track"
Result<KeyRole> ParseKeyRole(std::string_view name);

struct ApiKeyInfo {
  int64_t id = 0;
  std::string name;
  KeyRole role = KeyRole::kRead;
  std::string group;       // empty: valid for every group
  std::string prefix;      // the secret's first 8 characters, to tell keys apart in lists
  int64_t created_at = 0;  // epoch seconds
  int64_t revoked_at = 0;  // 0 while valid
};

struct NewApiKey {
  ApiKeyInfo info;
  std::string secret;  // "atk_" + 40 hex characters; shown once, only its SHA-256 is stored
};

// Lower-case hex SHA-256 of `secret` (what the store keeps and looks up).
std::string HashApiKeySecret(std::string_view secret);

// ---------------------------------------------------------------- the interface

class Store {
 public:
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // "sqlite", later "postgresql".
  virtual std::string_view backend() const = 0;
  // The schema version of the open database (== the newest this binary knows).
  virtual int schema_version() const = 0;

  // Dataset groups. Names: 1-64 characters of [A-Za-z0-9_.-] (else InvalidArgument).
  virtual Status CreateGroup(std::string_view name) = 0;
  virtual Result<std::vector<GroupInfo>> ListGroups() = 0;  // by name
  virtual Result<GroupInfo> GetGroup(std::string_view name) = 0;
  // Deletes the group and everything in it (schemas, rows, interactions, jobs, group keys).
  virtual Status DeleteGroup(std::string_view name) = 0;

  // Schemas. GetSchema returns Schema::Default(dataset) when none was declared.
  virtual Status PutSchema(std::string_view group, const Schema& schema) = 0;
  virtual Result<Schema> GetSchema(std::string_view group, DatasetType dataset) = 0;

  // Items and users: upsert in one transaction (the whole batch or nothing), get, delete.
  virtual Status UpsertItems(std::string_view group, const std::vector<ItemRecord>& items) = 0;
  virtual Result<ItemRecord> GetItem(std::string_view group, std::string_view item_id) = 0;
  virtual Status DeleteItem(std::string_view group, std::string_view item_id) = 0;
  // Every item row of the group, in item_idx order, through `visit` (stops at its first error).
  virtual Status ScanItems(std::string_view group,
                           const std::function<Status(const ItemRecord&)>& visit) = 0;
  virtual Status UpsertUsers(std::string_view group, const std::vector<UserRecord>& users) = 0;
  virtual Result<UserRecord> GetUser(std::string_view group, std::string_view user_id) = 0;
  // Deletes the user row and all the user's interactions, in one transaction.
  virtual Status DeleteUser(std::string_view group, std::string_view user_id) = 0;

  // Interactions. One transaction per call. InvalidArgument (naming the index in the batch) when
  // USER_ID, ITEM_ID or EVENT_TYPE is empty; then nothing is written.
  virtual Result<AppendResult> AppendEvents(std::string_view group,
                                            const std::vector<Interaction>& events) = 0;
  // The user's interactions, newest first (by timestamp, then sequence), at most `limit`.
  // An unknown user has none (empty, OK).
  virtual Result<std::vector<StoredInteraction>> UserInteractions(std::string_view group,
                                                                  std::string_view user_id,
                                                                  int limit) = 0;
  // Interactions with sequence > after_sequence, in sequence order, at most `limit`.
  virtual Result<std::vector<StoredInteraction>> InteractionsAfter(std::string_view group,
                                                                   int64_t after_sequence,
                                                                   int limit) = 0;
  // Streams every interaction of the group in sequence order through `visit` and fills
  // `snapshot` with the dictionaries, all from one read transaction. Stops at visit's first error.
  virtual Status ReadSnapshot(std::string_view group, TrainingSnapshot* snapshot,
                              const std::function<Status(const SnapshotInteraction&)>& visit) = 0;

  // Import jobs. CreateImportJob returns the job as queued (NotFound for an unknown group).
  virtual Result<ImportJob> CreateImportJob(const ImportJobSpec& spec) = 0;
  // While an ImportWriter for `job_id` is open, call this only from the thread using that writer:
  // the update is then written inside the import's transaction (durable with Commit, dropped by
  // Abort; invisible to readers until then), so a job's "succeeded" and its rows commit together.
  virtual Status UpdateImportJob(int64_t job_id, const ImportJobUpdate& update) = 0;
  virtual Result<ImportJob> GetImportJob(int64_t job_id) = 0;
  // Newest first; empty group: all groups.
  virtual Result<std::vector<ImportJob>> ListImportJobs(std::string_view group, int limit) = 0;
  // The newest succeeded job of (group, dataset) with this content hash, or nullopt.
  virtual Result<std::optional<ImportJob>> FindSucceededImport(std::string_view group,
                                                               DatasetType dataset,
                                                               std::string_view content_hash) = 0;
  // Starts the one-transaction bulk write for job `job_id` (its group/dataset/mode).
  virtual Result<std::unique_ptr<ImportWriter>> BeginImport(int64_t job_id) = 0;

  // API keys. An empty group makes a global key. Lookup is by secret (hashed here) and fails with
  // Unauthenticated for unknown or revoked keys.
  virtual Result<NewApiKey> CreateApiKey(std::string_view group, KeyRole role,
                                         std::string_view name) = 0;
  virtual Result<ApiKeyInfo> LookupApiKey(std::string_view secret) = 0;
  virtual Result<std::vector<ApiKeyInfo>> ListApiKeys() = 0;  // never secrets
  virtual Status RevokeApiKey(int64_t key_id) = 0;

 protected:
  Store() = default;
};

}  // namespace attune

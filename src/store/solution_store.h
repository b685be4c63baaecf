// SolutionStore: durable solutions (a named recipe + events configuration + hyperparameters or
// search ranges, per dataset group) and their versions (one training run each: status, progress,
// model file, offline metrics, chosen hyperparameters and search history).
//
// Kept apart from Store so that training can evolve without touching the main store interface;
// the SQLite implementation lives in the same database file (<data_dir>/attune.db) with its own
// tables, created with CREATE TABLE IF NOT EXISTS when the store opens.
// Contract:
//   - Solution names: 1-64 characters of [A-Za-z0-9_.-]; (group, name) is unique
//     (AlreadyExists). The group must exist in the main store (NotFound otherwise).
//   - Version ids are positive, increasing, unique across all groups.
//   - Versions left queued or running by a process that died are marked failed with
//     kInterruptedVersionMessage when the store opens: a version is never "running" forever.
//     Each version records the pid that created it, so `attune train` opening the store while
//     `attune serve` trains does not fail the server's versions (one host: SQLite is a local file).
//   - Moving a version out of succeeded/failed/cancelled is FailedPrecondition.
// The JSON fields are opaque text here; the jobs layer owns their meaning.
// Thread safety: every method may be called from any thread (writes are serialised).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace attune {

struct SolutionSpec {
  std::string group;
  std::string name;
  std::string recipe;                        // a registry name, e.g. "user-personalization"
  std::map<std::string, std::string> params; // fixed hyperparameters (key -> value text)
  std::string events_json = "{}";            // the events configuration, as sent
  std::string search_json = "{}";            // hyperparameter ranges and budget; "{}" = no search
};

struct Solution {
  SolutionSpec spec;
  int64_t created_at = 0;  // epoch seconds
};

enum class VersionStatus { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
// "queued", "running", "succeeded", "failed", "cancelled".
std::string_view VersionStatusName(VersionStatus status);
Result<VersionStatus> ParseVersionStatus(std::string_view name);
inline bool IsFinal(VersionStatus s) {
  return s == VersionStatus::kSucceeded || s == VersionStatus::kFailed || s == VersionStatus::kCancelled;
}

inline constexpr std::string_view kInterruptedVersionMessage =
    "interrupted: the server stopped while this version was training; start a new version";

struct SolutionVersion {
  int64_t id = 0;
  std::string group;
  std::string solution;
  std::string training_mode = "full";  // "full" or "update"
  VersionStatus status = VersionStatus::kQueued;
  double progress = 0;       // fraction done in [0, 1]
  std::string stage;         // what it is doing now ("fitting", "evaluating", "trial 3/10")
  std::string message;       // why it failed, or a summary
  std::string model_path;    // the .atm file once succeeded
  std::map<std::string, double> metrics;        // offline metrics (AWS Personalize names)
  std::map<std::string, std::string> params;    // hyperparameters used for the final model
  std::string search_json = "[]";  // the search history: [{params, score, seconds}, ...]
  int64_t num_users = 0;
  int64_t num_items = 0;
  int64_t num_interactions = 0;   // positive events used
  int64_t data_sequence = 0;      // the store sequence the training data is consistent at
  int64_t created_at = 0;
  int64_t started_at = 0;   // 0 until running
  int64_t finished_at = 0;  // 0 until final
};

class SolutionStore {
 public:
  virtual ~SolutionStore() = default;

  virtual Result<Solution> CreateSolution(const SolutionSpec& spec) = 0;
  virtual Result<Solution> GetSolution(std::string_view group, std::string_view name) = 0;
  virtual Result<std::vector<Solution>> ListSolutions(std::string_view group) = 0;  // by name

  // A new version, queued. NotFound when the solution does not exist.
  virtual Result<SolutionVersion> CreateVersion(std::string_view group, std::string_view solution,
                                                std::string_view training_mode) = 0;
  // Writes every mutable field of `version` (status, progress, stage, message, results). Stamps
  // started_at on the first move to running and finished_at on the move to a final status.
  virtual Status UpdateVersion(const SolutionVersion& version) = 0;
  virtual Result<SolutionVersion> GetVersion(int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<SolutionVersion>> ListVersions(std::string_view group,
                                                            std::string_view solution) = 0;
  // Removes every solution of `group` and all their versions (rows only; model files stay on
  // disk). Called when the dataset group is deleted; Ok when the group had none.
  virtual Status DeleteGroupSolutions(std::string_view group) = 0;
};

// Opens the solution tables in the store at options.location (the same location string as
// OpenStore; the main store should be opened first so the database exists and is migrated),
// creating them when missing and failing interrupted versions.
Result<std::unique_ptr<SolutionStore>> OpenSolutionStore(const StoreOptions& options);

}  // namespace attune

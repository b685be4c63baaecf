// Model files: a trained Recommender on disk, with enough metadata to reject the wrong file.
//
// Layout (little-endian, no padding; see docs/recipes.md "## Model files"):
//   offset 0   8 bytes  magic "ATTUNEMF"
//          8   u32      format version (kModelFormatVersion)
//         12   u32      header length H
//         16   H bytes  header: recipe, parameters (count, then key/value strings), data
//                       fingerprint (u64), created (i64 unix seconds), description, body length
//       16+H   B bytes  body: the recipe's own state (Recommender::SaveBody)
//     16+H+B   u64      checksum: Hash64 of every byte before it
// Loading checks, in order: size, magic, version, checksum, header, body length, then the recipe's
// own LoadBody. Each failure names the check and the path. Files are written to a temporary file
// in the same directory and renamed into place, so readers never see a half-written model.
// Loading maps the file read-only (mmap) and copies the body into the recipe's arrays.
// Thread safety: functions are reentrant; concurrent saves to the same path: the last rename wins.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "base/status.h"
#include "core/csr_matrix.h"
#include "model/recommender.h"

namespace attune {

constexpr uint32_t kModelFormatVersion = 1;

struct ModelFileInfo {
  uint64_t data_fingerprint = 0;  // DataFingerprint() of the training matrix
  int64_t created_unix = 0;       // when it was trained (seconds); callers pass their Clock's time
  std::string description;        // free text, e.g. the training job id
};

struct LoadedModel {
  std::unique_ptr<Recommender> model;
  ModelFileInfo info;
};

// A 64-bit hash (xxHash64-style: four lanes of multiply-rotate, then avalanche) over bytes.
// Not cryptographic; detects corruption and truncation.
uint64_t Hash64(std::span<const char> bytes, uint64_t seed = 0);

// Identifies a training matrix: its shape, nnz, and a hash of up to 4096 evenly spaced entries.
uint64_t DataFingerprint(const CsrMatrix& m);

// Writes `model` to `path` atomically (temp file + rename).
Status SaveModel(const Recommender& model, const ModelFileInfo& info, const std::string& path);

// Reads and verifies a model file, constructs its recipe with MakeRecommender and loads the body.
Result<LoadedModel> LoadModel(const std::string& path);

}  // namespace attune

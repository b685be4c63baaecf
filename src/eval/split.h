// Train/test splits for offline evaluation. A Split holds three users x items matrices with the
// same shape:
//   train    what the recipe is fitted on;
//   history  what each user has already read: given to ScoreUsers and masked from the ranking
//            (equal to train except in the personalize protocol, where test users' older events
//            are history but not training data);
//   test     the held-out ground truth; items already in the user's history are dropped, since
//            a masked item can never be recommended (already-read stories do not come back).
// Random choices come from a seeded hash, so a split is a pure function of (data, options).
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "core/csr_matrix.h"
#include "eval/dataset_files.h"

namespace attune {

struct Split {
  CsrMatrix train;
  CsrMatrix history;
  CsrMatrix test;
  // Aligned with train.values: the newest event time of each cell (epoch seconds); empty when
  // the data has no timestamps (LightGCN files) or the split does not carry them (validation).
  std::vector<int64_t> train_times;
  // Users x items never to recommend (negative events: hide, dismiss), masked like history.
  // 0 rows: nothing excluded. Splits of files leave it empty; training jobs fill it.
  CsrMatrix excluded;
};

// An explicit train file and test file (e.g. the shared Gowalla split). The catalogue is every
// item index seen in either file (max index + 1), so test-only items still count.
Split SplitFromFiles(const InteractionLog& train, const InteractionLog& test);

struct PersonalizeSplitOptions {
  double test_user_fraction = 0.1;  // share of users (with >= 2 events) chosen as test users
  double holdout_fraction = 0.1;    // newest share of a test user's events held out (>= 1 event)
  uint64_t seed = 42;               // which users are chosen; same seed, same split
};

// The split AWS Personalize documents: test users' newest events (by TIMESTAMP; ties by file
// order) are held out and their older events are history only; every other user trains.
// InvalidArgument when the log has no timestamps or too few users.
Result<Split> PersonalizeSplit(const InteractionLog& log, const PersonalizeSplitOptions& options);

// A global time cut-off: events with TIMESTAMP > test_after are the test set, the rest train.
// InvalidArgument when the log has no timestamps or either side is empty.
Result<Split> TemporalSplit(const InteractionLog& log, int64_t test_after);

// The cut-off that puts the last `days` days of the log (before its newest event) in test.
int64_t CutoffForLastDays(const InteractionLog& log, int days);

struct ValidationOptions {
  double holdout_fraction = 0.2;  // share of each user's training items held out for validation
  uint64_t seed = 7;
};

// A validation split carved out of training data only (for tuning; never touches test): for each
// user with at least two items, round(holdout_fraction * n) items (at most n - 1), chosen by a
// seeded hash, move to `test`; the rest is both train and history.
Split CarveValidation(const CsrMatrix& train, const ValidationOptions& options);

// `test` without the entries present in `history` (same shape).
CsrMatrix WithoutSeen(const CsrMatrix& test, const CsrMatrix& history);

}  // namespace attune

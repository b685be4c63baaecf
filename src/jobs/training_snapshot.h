// Training snapshot: one consistent read of a dataset group turned into the compact arrays that
// recipes train on (dense ids, a users x items CSR of weights, negatives, item metadata).
//
// How raw events become weights (EventConfig):
//   - each event type has a rule {weight, min_value, negative}; unknown types get default_weight;
//   - an event whose EVENT_VALUE is present and below min_value is ignored (a "read" of 10% of a
//     story says little); an event without EVENT_VALUE passes (the client did not measure it);
//   - with decay_half_life_days > 0 an event counts weight * 0.5^(age_days / half_life), its age
//     measured from the Clock's now (events from the future count as age 0);
//   - a negative event (hide, dismiss) on (user, item) removes that pair from the positives, puts
//     it in `negatives` (never recommend it again to that user) and counts against the item in
//     item_negative_counts.
// Ownership: a TrainingSet is a plain value owned by the caller.
// Thread safety: BuildTrainingSet only reads the store; AssembleTrainingSet is a pure function.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/csr_matrix.h"
#include "store/store.h"

namespace attune {

struct EventRule {
  double weight = 1.0;     // how much one such event counts (> 0 for positives)
  double min_value = 0.0;  // EVENT_VALUE below this (when present) ignores the event; 0 = any
  bool negative = false;   // hide/dismiss: never recommend the pair; a signal against the item
};

struct EventConfig {
  std::map<std::string, EventRule> rules;  // by event type, exactly as sent (case-sensitive)
  double default_weight = 1.0;              // for event types without a rule
  double decay_half_life_days = 0.0;        // 0 = no decay; 30 = last month counts half

  // News defaults: open 1, read 2 (only when at least 30% read), like/comment/save/share 4,
  // hide and dismiss negative, unknown types 1, no decay.
  static EventConfig NewsDefaults();
  // The rule for `event_type`, or a positive rule with default_weight.
  EventRule RuleFor(std::string_view event_type) const;
  // InvalidArgument naming the event type when a weight or min_value is negative or not finite.
  Status Validate() const;
};

struct TrainingSet {
  std::vector<std::string> user_ids;  // by user index
  std::vector<std::string> item_ids;  // by item index
  CsrMatrix weights;                  // users x items, decayed sum of positive weights
  std::vector<int64_t> last_time;     // aligned with weights.values: newest positive event time
  CsrMatrix negatives;                // users x items, value 1 where the user hid the item
  std::vector<int64_t> item_negative_counts;       // by item: users who hid it
  std::vector<int64_t> item_creation_times;        // by item; 0 when unknown
  std::vector<std::string> item_properties_json;   // by item; "{}" when the catalogue lacks it
  int64_t events_read = 0;       // every interaction in the snapshot
  int64_t events_used = 0;       // positive events that passed min_value
  int64_t events_below_min = 0;  // ignored because EVENT_VALUE < min_value
  int64_t events_negative = 0;
  int64_t last_sequence = 0;     // the store sequence the snapshot is consistent at
};

// The pure part: builds a TrainingSet from dictionaries and interactions; `now` is epoch seconds.
TrainingSet AssembleTrainingSet(const TrainingSnapshot& snapshot,
                                const std::vector<SnapshotInteraction>& events,
                                const EventConfig& config, int64_t now);

// Reads `group` with Store::ReadSnapshot and Store::ScanItems and assembles it.
Result<TrainingSet> BuildTrainingSet(Store& store, std::string_view group,
                                     const EventConfig& config, const Clock& clock);

// Thresholds below which training is refused (the numbers AWS Personalize uses).
struct SufficiencyOptions {
  int64_t min_interactions = 1000;         // positive events used for training
  int64_t min_users_with_two_items = 25;   // users who interacted with two or more items
};

// FailedPrecondition, in words a backend developer understands, when the data is too thin.
Status CheckDataSufficiency(const TrainingSet& set, const SufficiencyOptions& options = {});

}  // namespace attune

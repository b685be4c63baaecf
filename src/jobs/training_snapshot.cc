#include "jobs/training_snapshot.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace attune {
namespace {

constexpr double kSecondsPerDay = 86400.0;

// One positive event after its rule and decay, before events of a pair are merged.
struct PairEvent {
  int32_t user;
  int32_t item;
  double weight;
  int64_t time;
};

bool PairLess(const PairEvent& a, const PairEvent& b) {
  return a.user != b.user ? a.user < b.user : a.item < b.item;
}

double DecayFactor(const EventConfig& config, int64_t event_time, int64_t now) {
  if (config.decay_half_life_days <= 0) return 1.0;
  double age_days = std::max<int64_t>(0, now - event_time) / kSecondsPerDay;
  return std::exp2(-age_days / config.decay_half_life_days);
}

// Sorted, unique (user, item) pairs.
CsrMatrix NegativesMatrix(std::vector<PairEvent>& negatives, int32_t users, int32_t items) {
  std::vector<Triplet> triplets;
  triplets.reserve(negatives.size());
  for (const PairEvent& e : negatives) triplets.push_back({e.user, e.item, 1.0f});
  return CsrMatrix::FromTriplets(users, items, std::move(triplets), Duplicates::kMax);
}

// Sums each pair's events (sorting keeps memory at one record per event instead of a tree node
// per pair), drops pairs the user hid, and builds weights with the aligned last_time vector.
void FillPositives(std::vector<PairEvent>& events, const CsrMatrix& negatives, TrainingSet& set) {
  std::stable_sort(events.begin(), events.end(), PairLess);
  std::vector<Triplet> triplets;
  set.last_time.clear();
  for (size_t begin = 0, end = 0; begin < events.size(); begin = end) {
    double weight = 0;
    int64_t last = 0;
    for (end = begin; end < events.size() && !PairLess(events[begin], events[end]); ++end) {
      weight += events[end].weight;
      last = std::max(last, events[end].time);
    }
    if (negatives.At(events[begin].user, events[begin].item) != 0) continue;
    triplets.push_back({events[begin].user, events[begin].item, static_cast<float>(weight)});
    set.last_time.push_back(last);
  }
  set.weights = CsrMatrix::FromTriplets(static_cast<int32_t>(set.user_ids.size()),
                                        static_cast<int32_t>(set.item_ids.size()), std::move(triplets));
}

}  // namespace

EventConfig EventConfig::NewsDefaults() {
  EventConfig config;
  config.rules["open"] = {1.0, 0.0, false};
  config.rules["read"] = {2.0, 0.3, false};
  for (const char* type : {"like", "comment", "save", "share"}) config.rules[type] = {4.0, 0.0, false};
  for (const char* type : {"hide", "dismiss"}) config.rules[type] = {0.0, 0.0, true};
  return config;
}

EventRule EventConfig::RuleFor(std::string_view event_type) const {
  auto it = rules.find(std::string(event_type));
  if (it != rules.end()) return it->second;
  return EventRule{default_weight, 0.0, false};
}

Status EventConfig::Validate() const {
  auto bad = [](double v) { return !std::isfinite(v) || v < 0; };
  for (const auto& [type, rule] : rules) {
    if (bad(rule.weight) || bad(rule.min_value)) {
      return InvalidArgument("events." + type + ": weight and min_value must be finite numbers >= 0");
    }
  }
  if (bad(default_weight)) return InvalidArgument("default_weight must be a finite number >= 0");
  if (bad(decay_half_life_days)) {
    return InvalidArgument("decay_half_life_days must be >= 0 (0 turns decay off)");
  }
  return Status::Ok();
}

TrainingSet AssembleTrainingSet(const TrainingSnapshot& snapshot,
                                const std::vector<SnapshotInteraction>& events,
                                const EventConfig& config, int64_t now) {
  TrainingSet set;
  set.user_ids = snapshot.user_ids;
  set.item_ids = snapshot.item_ids;
  set.last_sequence = snapshot.last_sequence;
  std::vector<EventRule> rules;
  for (const std::string& type : snapshot.event_types) rules.push_back(config.RuleFor(type));
  std::vector<PairEvent> positives;
  std::vector<PairEvent> negatives;
  positives.reserve(events.size());
  for (const SnapshotInteraction& e : events) {
    ++set.events_read;
    const EventRule& rule = rules.at(static_cast<size_t>(e.event_type));
    if (rule.negative) {
      ++set.events_negative;
      negatives.push_back({e.user_idx, e.item_idx, 1.0, e.timestamp});
    } else if (e.has_event_value && e.event_value < rule.min_value) {
      ++set.events_below_min;
    } else if (rule.weight > 0) {
      ++set.events_used;
      positives.push_back({e.user_idx, e.item_idx, rule.weight * DecayFactor(config, e.timestamp, now), e.timestamp});
    }
  }
  const auto users = static_cast<int32_t>(set.user_ids.size());
  const auto items = static_cast<int32_t>(set.item_ids.size());
  set.negatives = NegativesMatrix(negatives, users, items);
  set.item_negative_counts.assign(set.item_ids.size(), 0);
  for (int32_t item : set.negatives.indices) ++set.item_negative_counts[static_cast<size_t>(item)];
  FillPositives(positives, set.negatives, set);
  set.item_creation_times.assign(set.item_ids.size(), 0);
  set.item_properties_json.assign(set.item_ids.size(), "{}");
  return set;
}

Result<TrainingSet> BuildTrainingSet(Store& store, std::string_view group,
                                     const EventConfig& config, const Clock& clock) {
  ATTUNE_RETURN_IF_ERROR(config.Validate());
  TrainingSnapshot snapshot;
  std::vector<SnapshotInteraction> events;
  ATTUNE_RETURN_IF_ERROR(store.ReadSnapshot(group, &snapshot, [&](const SnapshotInteraction& e) {
    events.push_back(e);
    return Status::Ok();
  }));
  TrainingSet set = AssembleTrainingSet(snapshot, events, config, clock.NowSeconds());
  ATTUNE_RETURN_IF_ERROR(store.ScanItems(group, [&](const ItemRecord& item) {
    // Items added after the snapshot have no column in this training set.
    if (item.item_idx < 0 || static_cast<size_t>(item.item_idx) >= set.item_ids.size()) return Status::Ok();
    set.item_creation_times[static_cast<size_t>(item.item_idx)] = item.creation_timestamp.value_or(0);
    set.item_properties_json[static_cast<size_t>(item.item_idx)] = item.properties_json;
    return Status::Ok();
  }));
  return set;
}

Status CheckDataSufficiency(const TrainingSet& set, const SufficiencyOptions& options) {
  int64_t users_with_two = 0;
  for (int32_t user = 0; user < set.weights.rows; ++user) {
    if (set.weights.RowSize(user) >= 2) ++users_with_two;
  }
  if (set.events_used >= options.min_interactions && users_with_two >= options.min_users_with_two_items) {
    return Status::Ok();
  }
  return FailedPrecondition(
      "not enough data to train yet: the group has " + std::to_string(set.events_used) +
      " usable interactions (need at least " + std::to_string(options.min_interactions) + ") and " +
      std::to_string(users_with_two) + " users who interacted with two or more stories (need at least " +
      std::to_string(options.min_users_with_two_items) +
      "). Send more events (POST /v1/groups/{group}/events or `attune import`), include older history "
      "if you have it, and check that your event types are not all filtered out by the events "
      "configuration (" + std::to_string(set.events_below_min) + " events were below min_value, " +
      std::to_string(set.events_negative) + " were negative).");
}

}  // namespace attune

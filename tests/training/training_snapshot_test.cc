// TrainingSet assembly: event weights, min_value, negatives, decay (FakeClock), sufficiency, and
// the same through a real SQLite store in a temporary data directory.
#include "jobs/training_snapshot.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "training_test_util.h"

namespace attune {
namespace {

constexpr int64_t kDay = 86400;

SnapshotInteraction Event(int32_t user, int32_t item, int32_t type, int64_t ts,
                          std::optional<double> value = std::nullopt) {
  SnapshotInteraction e;
  e.user_idx = user;
  e.item_idx = item;
  e.event_type = type;
  e.timestamp = ts;
  e.has_event_value = value.has_value();
  e.event_value = value.value_or(0);
  return e;
}

TrainingSnapshot Dictionaries() {
  TrainingSnapshot s;
  s.user_ids = {"u0", "u1"};
  s.item_ids = {"a", "b", "c"};
  s.event_types = {"open", "read", "like", "hide", "custom"};
  return s;
}

TEST(EventConfigTest, NewsDefaultsMatchTheDocumentedTable) {
  EventConfig config = EventConfig::NewsDefaults();
  EXPECT_EQ(config.RuleFor("open").weight, 1.0);
  EXPECT_EQ(config.RuleFor("read").weight, 2.0);
  EXPECT_EQ(config.RuleFor("read").min_value, 0.3);
  EXPECT_EQ(config.RuleFor("like").weight, 4.0);
  EXPECT_TRUE(config.RuleFor("hide").negative);
  EXPECT_TRUE(config.RuleFor("dismiss").negative);
  EXPECT_EQ(config.RuleFor("never-seen").weight, 1.0);
  EXPECT_FALSE(config.RuleFor("never-seen").negative);
}

TEST(EventConfigTest, ValidateNamesTheBadEventType) {
  EventConfig config;
  config.rules["read"] = {-1.0, 0.0, false};
  Status status = config.Validate();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("events.read"), std::string::npos);
}

TEST(AssembleTrainingSetTest, WeightsSumPerPairAndKeepNewestTime) {
  std::vector<SnapshotInteraction> events = {Event(0, 0, 0, 100), Event(0, 0, 2, 300),
                                             Event(1, 2, 4, 50)};
  TrainingSet set = AssembleTrainingSet(Dictionaries(), events, EventConfig::NewsDefaults(), 1000);
  EXPECT_EQ(set.weights.rows, 2);
  EXPECT_EQ(set.weights.cols, 3);
  EXPECT_FLOAT_EQ(set.weights.At(0, 0), 5.0f);  // open 1 + like 4
  EXPECT_FLOAT_EQ(set.weights.At(1, 2), 1.0f);  // unknown type: default weight
  ASSERT_EQ(set.last_time.size(), 2u);
  EXPECT_EQ(set.last_time[0], 300);
  EXPECT_EQ(set.last_time[1], 50);
  EXPECT_EQ(set.events_used, 3);
}

TEST(AssembleTrainingSetTest, ReadBelowMinValueIsIgnoredAndWithoutValueCounts) {
  std::vector<SnapshotInteraction> events = {Event(0, 0, 1, 10, 0.1), Event(0, 1, 1, 10, 0.5),
                                             Event(0, 2, 1, 10)};
  TrainingSet set = AssembleTrainingSet(Dictionaries(), events, EventConfig::NewsDefaults(), 100);
  EXPECT_FLOAT_EQ(set.weights.At(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(set.weights.At(0, 1), 2.0f);
  EXPECT_FLOAT_EQ(set.weights.At(0, 2), 2.0f);
  EXPECT_EQ(set.events_below_min, 1);
}

TEST(AssembleTrainingSetTest, NegativeRemovesThePairEvenAfterPositives) {
  std::vector<SnapshotInteraction> events = {Event(0, 1, 2, 10), Event(0, 1, 3, 20),
                                             Event(1, 1, 3, 20), Event(1, 0, 0, 5)};
  TrainingSet set = AssembleTrainingSet(Dictionaries(), events, EventConfig::NewsDefaults(), 100);
  EXPECT_FLOAT_EQ(set.weights.At(0, 1), 0.0f);
  EXPECT_EQ(set.weights.nnz(), 1);
  EXPECT_FLOAT_EQ(set.negatives.At(0, 1), 1.0f);
  EXPECT_FLOAT_EQ(set.negatives.At(1, 1), 1.0f);
  EXPECT_EQ(set.item_negative_counts[1], 2);
  EXPECT_EQ(set.item_negative_counts[0], 0);
  EXPECT_EQ(set.events_negative, 2);
}

TEST(AssembleTrainingSetTest, DecayHalvesWeightEveryHalfLife) {
  FakeClock clock(100 * kDay * 1'000'000LL);
  int64_t now = clock.NowSeconds();
  EventConfig config = EventConfig::NewsDefaults();
  config.decay_half_life_days = 30;
  std::vector<SnapshotInteraction> events = {Event(0, 0, 0, now), Event(0, 1, 0, now - 30 * kDay),
                                             Event(0, 2, 0, now - 60 * kDay),
                                             Event(1, 0, 0, now + kDay)};
  TrainingSet set = AssembleTrainingSet(Dictionaries(), events, config, clock.NowSeconds());
  EXPECT_NEAR(set.weights.At(0, 0), 1.0, 1e-6);
  EXPECT_NEAR(set.weights.At(0, 1), 0.5, 1e-6);
  EXPECT_NEAR(set.weights.At(0, 2), 0.25, 1e-6);
  EXPECT_NEAR(set.weights.At(1, 0), 1.0, 1e-6);  // from the future: no boost beyond 1
  clock.AdvanceSeconds(30 * kDay);
  TrainingSet later = AssembleTrainingSet(Dictionaries(), events, config, clock.NowSeconds());
  EXPECT_NEAR(later.weights.At(0, 0), 0.5, 1e-6);
}

TEST(DataSufficiencyTest, ThinDataIsRefusedWithAnExplanation) {
  std::vector<SnapshotInteraction> events = {Event(0, 0, 0, 1), Event(0, 1, 0, 1)};
  TrainingSet set = AssembleTrainingSet(Dictionaries(), events, EventConfig::NewsDefaults(), 10);
  Status status = CheckDataSufficiency(set);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("2 usable interactions (need at least 1000)"), std::string::npos);
  EXPECT_NE(status.message().find("1 users who interacted with two or more"), std::string::npos);
  SufficiencyOptions relaxed{2, 1};
  EXPECT_TRUE(CheckDataSufficiency(set, relaxed).ok());
  SufficiencyOptions more_users{2, 2};
  EXPECT_FALSE(CheckDataSufficiency(set, more_users).ok());
}

TEST(BuildTrainingSetTest, ReadsEventsAndCatalogueFromTheStore) {
  TempDataDir dir("snapshot");
  FakeClock clock;
  auto store = OpenTestStore(dir.path(), clock);
  ASSERT_TRUE(store->CreateGroup("news").ok());
  ItemRecord item;
  item.item_id = "b";
  item.creation_timestamp = 42;
  item.properties_json = R"({"CATEGORY":"sport"})";
  ASSERT_TRUE(store->UpsertItems("news", {item}).ok());
  std::vector<Interaction> events = {MakeEvent("u0", "a", "read", 10, 0.9),
                                     MakeEvent("u0", "b", "like", 11),
                                     MakeEvent("u1", "a", "dismiss", 12)};
  ASSERT_TRUE(store->AppendEvents("news", events).ok());
  auto set = BuildTrainingSet(*store, "news", EventConfig::NewsDefaults(), clock);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->user_ids.size(), 2u);
  ASSERT_EQ(set->item_ids.size(), 2u);
  int32_t a = set->item_ids[0] == "a" ? 0 : 1;
  int32_t b = 1 - a;
  int32_t u0 = set->user_ids[0] == "u0" ? 0 : 1;
  EXPECT_FLOAT_EQ(set->weights.At(u0, a), 2.0f);
  EXPECT_FLOAT_EQ(set->weights.At(u0, b), 4.0f);
  EXPECT_FLOAT_EQ(set->negatives.At(1 - u0, a), 1.0f);
  EXPECT_EQ(set->item_creation_times[static_cast<size_t>(b)], 42);
  EXPECT_EQ(set->item_properties_json[static_cast<size_t>(b)], R"({"CATEGORY":"sport"})");
  EXPECT_EQ(set->item_properties_json[static_cast<size_t>(a)], "{}");
  EXPECT_EQ(set->events_read, 3);
  EXPECT_GT(set->last_sequence, 0);
}

TEST(BuildTrainingSetTest, UnknownGroupIsNotFound) {
  TempDataDir dir("snapshot-missing");
  FakeClock clock;
  auto store = OpenTestStore(dir.path(), clock);
  auto set = BuildTrainingSet(*store, "nope", EventConfig::NewsDefaults(), clock);
  EXPECT_EQ(set.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace attune

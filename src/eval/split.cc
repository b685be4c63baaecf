#include "eval/split.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attune {
namespace {

uint64_t Mix(uint64_t x) {  // SplitMix64 finaliser: a stable, portable hash
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Hash(uint64_t seed, uint64_t a, uint64_t b = 0) { return Mix(Mix(Mix(seed) ^ a) ^ b); }

Split Assemble(const InteractionLog& log, const std::vector<uint8_t>& train_mask,
               const std::vector<uint8_t>& history_mask, const std::vector<uint8_t>& test_mask) {
  Split split;
  split.train = log.ToMatrix(log.num_users, log.num_items, train_mask);
  split.train_times = log.NewestTimes(train_mask);
  split.history = log.ToMatrix(log.num_users, log.num_items, history_mask);
  split.test = WithoutSeen(log.ToMatrix(log.num_users, log.num_items, test_mask), split.history);
  return split;
}

// Event indices of each user, oldest first (ties keep file order).
std::vector<std::vector<size_t>> EventsByUser(const InteractionLog& log) {
  std::vector<std::vector<size_t>> by_user(static_cast<size_t>(log.num_users));
  for (size_t event = 0; event < log.size(); ++event) by_user[log.users[event]].push_back(event);
  for (auto& events : by_user) {
    std::stable_sort(events.begin(), events.end(),
                     [&](size_t a, size_t b) { return log.timestamps[a] < log.timestamps[b]; });
  }
  return by_user;
}

// The test users: a seeded-hash order over users with >= 2 events, first `fraction` of them.
std::vector<int32_t> ChooseTestUsers(const std::vector<std::vector<size_t>>& by_user,
                                     const PersonalizeSplitOptions& options) {
  std::vector<int32_t> eligible;
  for (size_t user = 0; user < by_user.size(); ++user) {
    if (by_user[user].size() >= 2) eligible.push_back(static_cast<int32_t>(user));
  }
  std::sort(eligible.begin(), eligible.end(), [&](int32_t a, int32_t b) {
    return Hash(options.seed, a) < Hash(options.seed, b);
  });
  const double wanted = std::round(options.test_user_fraction * static_cast<double>(eligible.size()));
  eligible.resize(std::min(eligible.size(), static_cast<size_t>(std::max(1.0, wanted))));
  return eligible;
}

}  // namespace

CsrMatrix WithoutSeen(const CsrMatrix& test, const CsrMatrix& history) {
  std::vector<Triplet> kept;
  for (int32_t user = 0; user < test.rows; ++user) {
    const auto items = test.RowIndices(user);
    const auto values = test.RowValues(user);
    for (size_t pos = 0; pos < items.size(); ++pos) {
      const bool seen = user < history.rows && history.At(user, items[pos]) != 0.0f;
      if (!seen) kept.push_back({user, items[pos], values[pos]});
    }
  }
  return CsrMatrix::FromTriplets(test.rows, test.cols, std::move(kept));
}

Split SplitFromFiles(const InteractionLog& train, const InteractionLog& test) {
  const int32_t users = std::max(train.num_users, test.num_users);
  const int32_t items = std::max(train.num_items, test.num_items);
  Split split;
  split.train = train.ToMatrix(users, items);
  split.train_times = train.NewestTimes();
  split.history = split.train;
  split.test = WithoutSeen(test.ToMatrix(users, items), split.history);
  return split;
}

Result<Split> PersonalizeSplit(const InteractionLog& log, const PersonalizeSplitOptions& options) {
  if (!log.has_timestamps()) {
    return InvalidArgument("the personalize protocol needs a TIMESTAMP column; name it with "
                           "--columns or use --protocol files with --train and --test");
  }
  const auto by_user = EventsByUser(log);
  const std::vector<int32_t> test_users = ChooseTestUsers(by_user, options);
  if (test_users.empty()) return InvalidArgument("no user has two or more events to hold out");
  std::vector<uint8_t> train(log.size(), 1), history(log.size(), 1), test(log.size(), 0);
  for (int32_t user : test_users) {
    const auto& events = by_user[user];
    const size_t n = events.size();
    const size_t held = std::clamp<size_t>(
        static_cast<size_t>(std::floor(options.holdout_fraction * static_cast<double>(n))), 1, n - 1);
    for (size_t pos = 0; pos < n; ++pos) {
      train[events[pos]] = 0;
      if (pos >= n - held) std::swap(history[events[pos]], test[events[pos]]);
    }
  }
  return Assemble(log, train, history, test);
}

Result<Split> TemporalSplit(const InteractionLog& log, int64_t test_after) {
  if (!log.has_timestamps()) {
    return InvalidArgument("the temporal protocol needs a TIMESTAMP column; name it with --columns");
  }
  std::vector<uint8_t> train(log.size()), test(log.size());
  for (size_t event = 0; event < log.size(); ++event) {
    test[event] = log.timestamps[event] > test_after ? 1 : 0;
    train[event] = 1 - test[event];
  }
  const auto test_events = std::count(test.begin(), test.end(), uint8_t{1});
  if (test_events == 0 || test_events == static_cast<int64_t>(log.size())) {
    return InvalidArgument("the time cut-off " + std::to_string(test_after) + " leaves " +
                           (test_events == 0 ? "no test events" : "no training events") +
                           "; pick a cut-off inside the data's time range");
  }
  return Assemble(log, train, train, test);
}

int64_t CutoffForLastDays(const InteractionLog& log, int days) {
  int64_t newest = 0;
  for (int64_t t : log.timestamps) newest = std::max(newest, t);
  return newest - static_cast<int64_t>(days) * 86400;
}

Split CarveValidation(const CsrMatrix& train, const ValidationOptions& options) {
  std::vector<Triplet> kept, held;
  std::vector<size_t> order;
  for (int32_t user = 0; user < train.rows; ++user) {
    const auto items = train.RowIndices(user);
    const auto values = train.RowValues(user);
    const size_t n = items.size();
    const size_t held_count = n < 2 ? 0 : std::min(n - 1, static_cast<size_t>(std::llround(
                                                              options.holdout_fraction * n)));
    order.resize(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return Hash(options.seed, user, items[a]) < Hash(options.seed, user, items[b]);
    });
    for (size_t rank = 0; rank < n; ++rank) {
      const size_t pos = order[rank];
      (rank < held_count ? held : kept).push_back({user, items[pos], values[pos]});
    }
  }
  Split split;
  split.train = CsrMatrix::FromTriplets(train.rows, train.cols, std::move(kept));
  split.history = split.train;
  split.test = CsrMatrix::FromTriplets(train.rows, train.cols, std::move(held));
  return split;
}

}  // namespace attune

// Checks the generated site as `attune import` and a data person would: every row parses,
// counts are exact, time order, funnel order, the power-law activity and the decay of news.
#include "synth/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "synth/vocabulary.h"

namespace attune::synth {
namespace {

using Row = std::vector<std::string>;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// RFC 4180 reader, strict: a quote inside an unquoted field or an unclosed quote fails the test.
std::vector<Row> ParseCsv(const std::string& text) {
  std::vector<Row> rows(1, Row(1));
  bool quoted = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    std::string& field = rows.back().back();
    if (quoted) {
      if (c != '"') field.push_back(c);
      else if (pos + 1 < text.size() && text[pos + 1] == '"') field.push_back('"'), ++pos;
      else quoted = false;
    } else if (c == '"') {
      EXPECT_TRUE(field.empty()) << "quote inside an unquoted field near byte " << pos;
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      field.push_back(c);
    }
  }
  EXPECT_FALSE(quoted) << "unclosed quote";
  EXPECT_EQ(rows.back(), Row(1)) << "the file must end with a newline";
  rows.pop_back();
  return rows;
}

int64_t ToInt(const std::string& text) {
  int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  EXPECT_TRUE(result.ec == std::errc() && result.ptr == text.data() + text.size()) << text;
  return value;
}

struct Site {
  GenerateSummary summary;
  std::vector<Row> users, items, interactions;
};

GenerateOptions SmallOptions() {
  GenerateOptions options;
  options.seed = 7;
  options.days = 10;
  options.users = 600;
  options.stories = 500;
  options.interactions = 40000;
  return options;
}

std::string NewDir(const std::string& name) {
  return ::testing::TempDir() + "/synth_" + std::to_string(getpid()) + "_" + name;
}

class GeneratedSite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = NewDir("site");
    auto summary = GenerateSite(SmallOptions(), dir_);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    site_ = new Site{*summary, ParseCsv(ReadAll(dir_ + "/users.csv")),
                     ParseCsv(ReadAll(dir_ + "/items.csv")),
                     ParseCsv(ReadAll(dir_ + "/interactions.csv"))};
  }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
    std::filesystem::remove_all(dir_);
  }
  static const Site& site() { return *site_; }
  // Column indices of interactions.csv.
  enum { kUser, kItem, kType, kTime, kValue, kSession, kEvent };

  static inline std::string dir_;
  static inline Site* site_ = nullptr;
};

TEST_F(GeneratedSite, HeadersAndExactCounts) {
  ASSERT_FALSE(site().interactions.empty());
  EXPECT_EQ(site().users[0], (Row{"USER_ID", "REGION", "AGE"}));
  EXPECT_EQ(site().items[0], (Row{"ITEM_ID", "CREATION_TIMESTAMP", "CATEGORY", "TAGS", "SOURCE",
                                  "TITLE"}));
  EXPECT_EQ(site().interactions[0], (Row{"USER_ID", "ITEM_ID", "EVENT_TYPE", "TIMESTAMP",
                                         "EVENT_VALUE", "SESSION_ID", "EVENT_ID"}));
  EXPECT_EQ(site().users.size(), 600u + 1);
  EXPECT_EQ(site().items.size(), 500u + 1);
  EXPECT_EQ(site().interactions.size(), 40000u + 1);
  EXPECT_EQ(site().summary.interactions, 40000u);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/interactions.csv.tmp"));
}

TEST_F(GeneratedSite, ItemsAreWellFormed) {
  const int64_t start = site().summary.window_start, end = site().summary.window_end;
  std::map<std::string, std::set<std::string>> tags_of;
  for (const CategoryWords& c : Categories())
    tags_of[std::string(c.name)] = {c.tags.begin(), c.tags.end()};
  int with_comma = 0;
  for (size_t line = 1; line < site().items.size(); ++line) {
    const Row& row = site().items[line];
    ASSERT_EQ(row.size(), 6u) << "items.csv:" << line + 1;
    EXPECT_EQ(row[0], "i" + std::to_string(line));
    const int64_t published = ToInt(row[1]);
    EXPECT_TRUE(published >= start && published < end) << "items.csv:" << line + 1;
    ASSERT_TRUE(tags_of.count(row[2])) << row[2];
    std::stringstream tags(row[3]);
    for (std::string tag; std::getline(tags, tag, '|');) EXPECT_TRUE(tags_of[row[2]].count(tag));
    EXPECT_FALSE(row[4].empty());
    EXPECT_GT(row[5].size(), 15u);
    with_comma += row[5].find(',') != std::string::npos;
  }
  EXPECT_GT(with_comma, 0) << "some titles should need CSV quoting";
}

TEST_F(GeneratedSite, InteractionsParseInTimeOrderWithinTheWindow) {
  const int64_t start = site().summary.window_start, end = site().summary.window_end;
  const std::set<std::string> types = {"open", "read", "like", "comment", "save", "hide"};
  std::set<std::string> event_ids;
  int64_t previous = start;
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    ASSERT_EQ(row.size(), 7u) << "interactions.csv:" << line + 1;
    const int64_t user = ToInt(row[kUser].substr(1)), item = ToInt(row[kItem].substr(1));
    EXPECT_TRUE(row[kUser][0] == 'u' && user >= 1 && user <= 600) << row[kUser];
    EXPECT_TRUE(row[kItem][0] == 'i' && item >= 1 && item <= 500) << row[kItem];
    ASSERT_TRUE(types.count(row[kType])) << row[kType];
    const int64_t time = ToInt(row[kTime]);
    ASSERT_GE(time, previous) << "interactions.csv:" << line + 1 << " out of time order";
    ASSERT_LT(time, end);
    previous = time;
    if (row[kType] == "read") {
      const double value = std::stod(row[kValue]);
      EXPECT_TRUE(value >= 0.0 && value <= 1.0) << row[kValue];
    } else {
      EXPECT_EQ(row[kValue], "");
    }
    EXPECT_FALSE(row[kSession].empty());
    EXPECT_TRUE(event_ids.insert(row[kEvent]).second) << "duplicate EVENT_ID " << row[kEvent];
  }
}

TEST_F(GeneratedSite, NoEventBeforeItsStoryIsPublished) {
  std::unordered_map<std::string, int64_t> published;
  for (size_t line = 1; line < site().items.size(); ++line)
    published[site().items[line][0]] = ToInt(site().items[line][1]);
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    ASSERT_GE(ToInt(row[kTime]), published.at(row[kItem])) << "interactions.csv:" << line + 1;
  }
}

TEST_F(GeneratedSite, FunnelOrderPerUserAndStory) {
  std::map<std::pair<std::string, std::string>, int64_t> first_open;
  int checked = 0;
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    const auto key = std::make_pair(row[kUser], row[kItem]);
    if (row[kType] == "open") first_open.emplace(key, ToInt(row[kTime]));
    if (row[kType] == "open" || row[kType] == "hide") continue;
    // Rows are in time order, so an open seen earlier in the file came first.
    ASSERT_TRUE(first_open.count(key)) << row[kType] << " without an earlier open at line " << line + 1;
    ++checked;
  }
  EXPECT_GT(checked, 1000);
}

TEST_F(GeneratedSite, SessionsGroupOneUsersEventsCloseInTime) {
  std::unordered_map<std::string, std::pair<std::string, int64_t>> first;  // session -> user, time
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    const auto [it, fresh] = first.emplace(row[kSession], std::make_pair(row[kUser], ToInt(row[kTime])));
    if (fresh) continue;
    EXPECT_EQ(it->second.first, row[kUser]) << "session " << row[kSession];
    EXPECT_LE(ToInt(row[kTime]) - it->second.second, 3600) << "session " << row[kSession];
  }
  const double per_session = 40000.0 / static_cast<double>(first.size());
  EXPECT_GT(per_session, 2.0);
  EXPECT_LT(per_session, 20.0);
}

TEST_F(GeneratedSite, ActivityFollowsAPowerLaw) {
  std::unordered_map<std::string, int> per_user;
  for (size_t line = 1; line < site().interactions.size(); ++line)
    ++per_user[site().interactions[line][kUser]];
  std::vector<int> counts;
  for (const auto& [user, count] : per_user) counts.push_back(count);
  std::sort(counts.rbegin(), counts.rend());
  const int top = 600 / 100;  // the top 1% of users
  int64_t top_events = 0;
  for (int rank = 0; rank < top; ++rank) top_events += counts[rank];
  // Equal activity would give them about 1%; Pareto(1.5) capped gives about a sixth.
  EXPECT_GT(static_cast<double>(top_events) / 40000, 0.08);
  EXPECT_GT(counts.front(), 20 * counts[counts.size() / 2]);  // heaviest vs. median user
}

TEST_F(GeneratedSite, MostReadingHappensWithinTwoDaysOfPublication) {
  std::unordered_map<std::string, int64_t> published;
  for (size_t line = 1; line < site().items.size(); ++line)
    published[site().items[line][0]] = ToInt(site().items[line][1]);
  int opens = 0, within_two_days = 0, within_six_hours = 0;
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    if (row[kType] != "open") continue;
    const int64_t age = ToInt(row[kTime]) - published.at(row[kItem]);
    ++opens;
    within_two_days += age <= 48 * 3600;
    within_six_hours += age <= 6 * 3600;
  }
  EXPECT_GT(within_two_days, 0.7 * opens);
  EXPECT_GT(within_six_hours, 0.3 * opens);
  EXPECT_LT(within_six_hours, 0.9 * opens);  // and still a tail
}

TEST_F(GeneratedSite, ReadersStickToTheirInterestsAndTheFunnelNarrows) {
  std::unordered_map<std::string, std::string> category;
  for (size_t line = 1; line < site().items.size(); ++line)
    category[site().items[line][0]] = site().items[line][2];
  std::unordered_map<std::string, std::map<std::string, int>> reads_by_user;
  std::map<std::string, int> by_type;
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    ++by_type[row[kType]];
    if (row[kType] == "read") ++reads_by_user[row[kUser]][category.at(row[kItem])];
  }
  double top_share_sum = 0;
  int active = 0;
  for (const auto& [user, per_category] : reads_by_user) {
    int total = 0, best = 0;
    for (const auto& [name, count] : per_category) total += count, best = std::max(best, count);
    if (total < 30) continue;
    top_share_sum += static_cast<double>(best) / total;
    ++active;
  }
  ASSERT_GT(active, 50);
  EXPECT_GT(top_share_sum / active, 0.4);  // ten categories: about 0.15 if readers had no taste
  EXPECT_GT(by_type["open"], by_type["read"]);
  EXPECT_GT(by_type["read"], 5 * by_type["like"]);
  EXPECT_GT(by_type["like"], 0);
  EXPECT_GT(by_type["comment"], 0);
  EXPECT_GT(by_type["save"], 0);
  EXPECT_GT(by_type["hide"], 0);
}

TEST_F(GeneratedSite, ReadersReadMoreOfStoriesInTheirFavouriteCategory) {
  std::unordered_map<std::string, std::string> category;
  for (size_t line = 1; line < site().items.size(); ++line)
    category[site().items[line][0]] = site().items[line][2];
  // Per user and category: number of reads and the sum of the share read.
  std::unordered_map<std::string, std::map<std::string, std::pair<int, double>>> reads;
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    if (row[kType] != "read") continue;
    auto& [count, sum] = reads[row[kUser]][category.at(row[kItem])];
    ++count, sum += std::stod(row[kValue]);
  }
  double favourite_sum = 0, other_sum = 0;
  int favourite_count = 0, other_count = 0;
  for (const auto& [user, per_category] : reads) {
    const auto favourite = std::max_element(per_category.begin(), per_category.end(),
        [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
    for (auto it = per_category.begin(); it != per_category.end(); ++it) {
      (it == favourite ? favourite_sum : other_sum) += it->second.second;
      (it == favourite ? favourite_count : other_count) += it->second.first;
    }
  }
  ASSERT_GT(other_count, 100);
  EXPECT_GT(favourite_sum / favourite_count, other_sum / other_count + 0.1);
}

TEST_F(GeneratedSite, ReadersRarelyReopenAStoryTheyOpenedBefore) {
  std::set<std::pair<std::string, std::string>> opened;
  int opens = 0, reopens = 0;
  for (size_t line = 1; line < site().interactions.size(); ++line) {
    const Row& row = site().interactions[line];
    if (row[kType] != "open") continue;
    ++opens;
    reopens += !opened.emplace(row[kUser], row[kItem]).second;
  }
  EXPECT_GT(reopens, 0);                 // some do come back
  EXPECT_LT(reopens, 0.12 * opens);      // without the reading memory: about a quarter
}

TEST(GenerateSiteTest, SameSeedSameBytesOtherSeedOtherBytes) {
  GenerateOptions options = SmallOptions();
  options.interactions = 10000;
  const std::string a = NewDir("a"), b = NewDir("b"), c = NewDir("c");
  ASSERT_TRUE(GenerateSite(options, a).ok());
  ASSERT_TRUE(GenerateSite(options, b).ok());
  options.seed += 1;
  ASSERT_TRUE(GenerateSite(options, c).ok());
  for (const char* name : {"/users.csv", "/items.csv", "/interactions.csv"}) {
    EXPECT_EQ(ReadAll(a + name), ReadAll(b + name)) << name;
    EXPECT_NE(ReadAll(a + name), ReadAll(c + name)) << name;
  }
  for (const std::string& dir : {a, b, c}) std::filesystem::remove_all(dir);
}

TEST(GenerateSiteTest, BadOptionsNameTheFlag) {
  GenerateOptions options = SmallOptions();
  options.days = 0;
  auto result = GenerateSite(options, NewDir("bad"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("--days"), std::string::npos);
}

TEST(GenerateSiteTest, ZeroInteractionsWritesHeadersOnly) {
  GenerateOptions options = SmallOptions();
  options.interactions = 0;
  const std::string dir = NewDir("empty");
  ASSERT_TRUE(GenerateSite(options, dir).ok());
  EXPECT_EQ(ReadAll(dir + "/interactions.csv"),
            "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE,SESSION_ID,EVENT_ID\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace attune::synth

// Cold start, measured (issue 4): on a site from `attune generate`, the newest 10% of stories (by
// CREATION_TIMESTAMP) are held out of training entirely. user-personalization is trained with
// item content on the rest; each held-out story gets its vector from its content alone. Then, for
// every reader who read held-out stories and has training history, the held-out stories are
// ranked for them and Recall@20 / HR@20 count the ones they really read. Compared, in the same
// run, with a random order, with the popularity of the story's category in training (all that a
// non-personal ranker knows of a story nobody has read yet), and with the same model trained
// without content.
//
// Usage: cold_start_bench [--users N] [--stories N] [--interactions N] [--days N] [--seed N]
//                         [key=value ...]   (user-personalization parameters)
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <numeric>
#include <random>
#include <string>

#include "model/registry.h"
#include "site_data.h"
#include "synth/generator.h"

namespace attune::bench {
namespace {

constexpr int kTopK = 20;

struct Config {
  synth::GenerateOptions site;
  Params params;
};

struct Task {
  CsrMatrix train;
  std::vector<int32_t> held_out;                      // story indices
  std::map<int32_t, std::vector<int32_t>> truth;      // user -> held-out stories read
};

Task MakeTask(const SiteData& site) {
  const int32_t items = static_cast<int32_t>(site.item_created.size());
  std::vector<int32_t> order(static_cast<size_t>(items));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return site.item_created[size_t(a)] > site.item_created[size_t(b)];
  });
  Task task;
  std::vector<uint8_t> held(static_cast<size_t>(items), 0);
  for (int32_t i = 0; i < items / 10; ++i) {
    held[size_t(order[size_t(i)])] = 1;
    task.held_out.push_back(order[size_t(i)]);
  }
  std::sort(task.held_out.begin(), task.held_out.end());
  std::vector<Triplet> train;
  for (const SiteEvent& e : site.events) {
    if (!held[size_t(e.item)]) train.push_back({e.user, e.item, e.weight});
  }
  task.train = CsrMatrix::FromTriplets(site.num_users, items, std::move(train));
  for (const SiteEvent& e : site.events) {
    if (!held[size_t(e.item)] || task.train.RowIndices(e.user).empty()) continue;
    auto& read = task.truth[e.user];
    if (std::find(read.begin(), read.end(), e.item) == read.end()) read.push_back(e.item);
  }
  return task;
}

// Recall@20 and HR@20 of a ranking function over the held-out stories.
template <typename RankFn>
std::pair<double, double> Measure(const Task& task, RankFn rank) {
  double recall = 0, hits = 0;
  for (const auto& [user, read] : task.truth) {
    const std::vector<float> scores = rank(user);
    std::vector<int32_t> order(task.held_out.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return scores[size_t(a)] > scores[size_t(b)]; });
    int found = 0;
    for (size_t r = 0; r < std::min<size_t>(kTopK, order.size()); ++r) {
      const int32_t story = task.held_out[size_t(order[r])];
      found += std::find(read.begin(), read.end(), story) != read.end();
    }
    recall += double(found) / double(read.size());
    hits += found > 0;
  }
  const double users = std::max<size_t>(1, task.truth.size());
  return {recall / users, hits / users};
}

std::unique_ptr<Recommender> Train(const Config& config, const Task& task, const ItemContent* content) {
  auto model = MakeRecommender("user-personalization", config.params);
  if (!model.ok()) {
    std::fprintf(stderr, "cold_start_bench: %s\n", model.status().message().c_str());
    std::exit(2);
  }
  TrainingData data;
  data.user_items = &task.train;
  data.item_content = content;
  data.threads = 2;
  if (Status fitted = (*model)->Fit(data); !fitted.ok()) {
    std::fprintf(stderr, "cold_start_bench: %s\n", fitted.message().c_str());
    std::exit(2);
  }
  return std::move(model).value();
}

std::vector<float> CategoryPopularity(const SiteData& site, const Task& task) {
  std::map<std::string, double> by_category;
  for (int32_t item = 0; item < task.train.cols; ++item) by_category[site.item_category[size_t(item)]] += 0;
  const CsrMatrix by_item = task.train.Transposed();
  for (int32_t item = 0; item < by_item.rows; ++item) {
    by_category[site.item_category[size_t(item)]] += double(by_item.RowIndices(item).size());
  }
  std::vector<float> scores;
  for (int32_t story : task.held_out) scores.push_back(float(by_category[site.item_category[size_t(story)]]));
  return scores;
}

void Run(const Config& config) {
  const std::string dir = (std::filesystem::temp_directory_path() / "attune-cold-start-site").string();
  auto summary = synth::GenerateSite(config.site, dir);
  if (!summary.ok()) { std::fprintf(stderr, "%s\n", summary.status().message().c_str()); std::exit(2); }
  auto site = ReadGeneratedSite(dir);
  if (!site.ok()) { std::fprintf(stderr, "%s\n", site.status().message().c_str()); std::exit(2); }
  const Task task = MakeTask(*site);
  std::printf("site: %u users, %u stories, %llu interactions; held out %zu newest stories; %zu test readers\n",
              summary->users, summary->stories, static_cast<unsigned long long>(summary->interactions),
              task.held_out.size(), task.truth.size());
  auto with_content = Train(config, task, &site->content);
  auto without_content = Train(config, task, nullptr);
  std::mt19937_64 rng(7);
  const std::vector<float> category = CategoryPopularity(*site, task);
  auto model_rank = [&](const Recommender& m) {
    return [&](int32_t user) { return ScoreItemsForUser(m, task.train, user, task.held_out); };
  };
  const auto rows = std::vector<std::pair<const char*, std::pair<double, double>>>{
      {"random order", Measure(task, [&](int32_t) {
         std::vector<float> s(task.held_out.size());
         for (float& v : s) v = std::uniform_real_distribution<float>()(rng);
         return s;
       })},
      {"category popularity in training", Measure(task, [&](int32_t) { return category; })},
      {"user-personalization without content", Measure(task, model_rank(*without_content))},
      {"user-personalization with content projection", Measure(task, model_rank(*with_content))},
  };
  std::printf("| ranking of the held-out stories | Recall@20 | HR@20 |\n|---|---|---|\n");
  for (const auto& [name, m] : rows) std::printf("| %s | %.4f | %.4f |\n", name, m.first, m.second);
  std::printf("(chance level for Recall@20: 20 / %zu = %.4f)\n", task.held_out.size(),
              20.0 / double(task.held_out.size()));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace attune::bench

int main(int argc, char** argv) {
  attune::bench::Config config;
  config.site.users = 5000;
  config.site.stories = 3000;
  config.site.interactions = 500000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::strtoull(argv[++i], nullptr, 10) : 0ULL; };
    if (arg == "--users") config.site.users = uint32_t(next());
    else if (arg == "--stories") config.site.stories = uint32_t(next());
    else if (arg == "--interactions") config.site.interactions = next();
    else if (arg == "--days") config.site.days = int(next());
    else if (arg == "--seed") config.site.seed = next();
    else if (arg.find('=') != std::string::npos) config.params.Set(arg.substr(0, arg.find('=')), arg.substr(arg.find('=') + 1));
    else { std::fprintf(stderr, "cold_start_bench: unknown argument %s\n", arg.c_str()); return 2; }
  }
  attune::bench::Run(config);
  return 0;
}

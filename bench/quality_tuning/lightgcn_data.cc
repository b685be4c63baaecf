#include "lightgcn_data.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

namespace attune::bench {

Result<ItemLists> ReadLightGcn(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open");
  ItemLists lists;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    std::istringstream tokens(line);
    long long user = -1, item = -1;
    if (!(tokens >> user)) continue;  // blank line
    if (user < 0 || user > 100'000'000) {
      return InvalidArgument(path + ":" + std::to_string(line_no) + ": bad user id");
    }
    if (lists.size() <= static_cast<size_t>(user)) lists.resize(static_cast<size_t>(user) + 1);
    while (tokens >> item) {
      if (item < 0 || item > 100'000'000) {
        return InvalidArgument(path + ":" + std::to_string(line_no) + ": bad item id");
      }
      lists[static_cast<size_t>(user)].push_back(static_cast<int32_t>(item));
    }
    if (!tokens.eof()) return InvalidArgument(path + ":" + std::to_string(line_no) + ": bad token");
  }
  return lists;
}

CsrMatrix ToMatrix(const ItemLists& lists, int32_t users, int32_t items) {
  std::vector<Triplet> triplets;
  for (size_t u = 0; u < lists.size(); ++u) {
    for (int32_t item : lists[u]) triplets.push_back({static_cast<int32_t>(u), item, 1.0f});
  }
  return CsrMatrix::FromTriplets(users, items, std::move(triplets), Duplicates::kMax);
}

ItemLists HoldOut(ItemLists& train, double fraction, uint64_t seed) {
  std::mt19937_64 rng(seed);
  ItemLists held(train.size());
  for (size_t u = 0; u < train.size(); ++u) {
    auto& items = train[u];
    std::shuffle(items.begin(), items.end(), rng);
    size_t n = static_cast<size_t>(std::lround(fraction * static_cast<double>(items.size())));
    n = std::min(n, items.size() > 0 ? items.size() - 1 : 0);
    held[u].assign(items.end() - static_cast<ptrdiff_t>(n), items.end());
    items.resize(items.size() - n);
    std::sort(items.begin(), items.end());
  }
  return held;
}

}  // namespace attune::bench

#include "core/item_content.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace attune {
namespace {

uint64_t Fnv1a(std::string_view bytes, uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

bool IsNumber(std::string_view value) {
  if (value.empty()) return false;
  return std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return std::isdigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

int32_t ContentFeature(std::string_view field, std::string_view token, int32_t dims) {
  const uint64_t hash = Fnv1a(token, Fnv1a("\x1f", Fnv1a(field)));
  return static_cast<int32_t>(hash % static_cast<uint64_t>(std::max(1, dims)));
}

void ItemContentBuilder::AddToken(int32_t item, std::string_view field, std::string_view token) {
  if (!token.empty()) cells_.push_back({item, ContentFeature(field, token, dims_), 1.0f});
}

void ItemContentBuilder::AddField(int32_t item, std::string_view field, std::string_view value) {
  value = Trim(value);
  if (item < 0 || value.empty() || IsNumber(value)) return;
  if (value.find('|') != std::string_view::npos) {
    size_t start = 0;
    while (start <= value.size()) {
      const size_t bar = std::min(value.find('|', start), value.size());
      AddToken(item, field, Trim(value.substr(start, bar - start)));
      start = bar + 1;
    }
    return;
  }
  if (value.find(' ') == std::string_view::npos) {
    AddToken(item, field, value);
    return;
  }
  std::string word;
  for (size_t i = 0; i <= value.size(); ++i) {
    const unsigned char c = i < value.size() ? static_cast<unsigned char>(value[i]) : ' ';
    if (std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else {
      if (word.size() >= 3) AddToken(item, std::string(field) + ":word", word);
      word.clear();
    }
  }
}

ItemContent ItemContentBuilder::Build(int32_t num_items) const {
  std::vector<Triplet> cells;
  for (const Triplet& cell : cells_) {
    if (cell.row < num_items) cells.push_back(cell);
  }
  ItemContent content;
  content.dims = dims_;
  content.features = CsrMatrix::FromTriplets(num_items, dims_, std::move(cells), Duplicates::kMax);
  CsrMatrix& f = content.features;
  // Inverse document frequency, then unit rows.
  std::vector<int32_t> df(static_cast<size_t>(dims_), 0);
  for (int32_t col : f.indices) df[static_cast<size_t>(col)]++;
  const double items = std::max(1, num_items);
  for (size_t p = 0; p < f.values.size(); ++p) {
    f.values[p] = static_cast<float>(std::log(1.0 + items / df[static_cast<size_t>(f.indices[p])]));
  }
  for (int32_t item = 0; item < f.rows; ++item) {
    double norm = 0;
    for (int64_t p = f.indptr[item]; p < f.indptr[item + 1]; ++p) norm += double(f.values[p]) * f.values[p];
    if (norm <= 0) continue;
    const float scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (int64_t p = f.indptr[item]; p < f.indptr[item + 1]; ++p) f.values[p] *= scale;
  }
  return content;
}

}  // namespace attune

#include "synth/people.h"

#include <algorithm>

#include "synth/alias_table.h"
#include "synth/vocabulary.h"

namespace attune::synth {
namespace {

constexpr double kExploreChance = 0.15;

const AliasTable& CategoryTable() {
  static const AliasTable table([] {
    std::vector<double> shares;
    for (const CategoryWords& c : Categories()) shares.push_back(c.share);
    return shares;
  }());
  return table;
}

void PickInterests(Rng& rng, Reader& reader) {
  reader.interest_count = static_cast<uint8_t>(1 + rng.Chance(0.6) + rng.Chance(0.3));
  float raw[3] = {};
  float total = 0, strongest = 0;
  for (uint8_t slot = 0; slot < reader.interest_count; ++slot) {
    uint8_t category;
    do {
      category = static_cast<uint8_t>(CategoryTable().Sample(rng));
    } while (std::find(reader.interests, reader.interests + slot, category) !=
             reader.interests + slot);
    reader.interests[slot] = category;
    raw[slot] = static_cast<float>(0.2 + rng.Exponential(1.0));
    total += raw[slot];
    strongest = std::max(strongest, raw[slot]);
  }
  float running = 0;
  for (uint8_t slot = 0; slot < reader.interest_count; ++slot) {
    running += raw[slot];
    reader.interest_weight[slot] = slot + 1 == reader.interest_count ? 1.0f : running / total;
    reader.affinity[slot] = raw[slot] / strongest;
  }
}

void PickFavourites(Rng& rng, Reader& reader) {
  reader.favourite_count = static_cast<uint8_t>(rng.Below(3));
  for (uint8_t slot = 0; slot < reader.favourite_count; ++slot) {
    const uint8_t category = reader.interests[rng.Below(reader.interest_count)];
    const auto tags = Categories()[category].tags.size();
    reader.favourite_category[slot] = category;
    reader.favourite_tag[slot] = static_cast<uint8_t>(rng.Below(static_cast<uint32_t>(tags)));
  }
}

}  // namespace

std::vector<Reader> MakeReaders(uint32_t count, Rng& rng) {
  std::vector<Reader> readers(count);
  for (Reader& reader : readers) {
    reader.activity = std::min(rng.Pareto(kActivityAlpha), kActivityCap);
    PickInterests(rng, reader);
    PickFavourites(rng, reader);
    reader.region = static_cast<uint8_t>(rng.Below(static_cast<uint32_t>(Regions().size())));
    reader.age = static_cast<uint8_t>(std::clamp(40.0 + 14.0 * rng.Normal(), 16.0, 90.0));
  }
  return readers;
}

double Match(const Reader& reader, const Story& story) {
  double category_fit = 0;
  for (uint8_t slot = 0; slot < reader.interest_count; ++slot) {
    if (reader.interests[slot] == story.category) category_fit = reader.affinity[slot];
  }
  double tag_fit = 0;
  for (uint8_t fav = 0; fav < reader.favourite_count; ++fav) {
    if (reader.favourite_category[fav] != story.category) continue;
    for (uint8_t slot = 0; slot < story.tag_count; ++slot) {
      if (story.tags[slot] == reader.favourite_tag[fav]) tag_fit = 1;
    }
  }
  return 0.75 * category_fit + 0.25 * tag_fit;
}

uint8_t NextCategory(const Reader& reader, Rng& rng) {
  if (rng.Chance(kExploreChance)) return static_cast<uint8_t>(CategoryTable().Sample(rng));
  const float draw = static_cast<float>(rng.Uniform());
  for (uint8_t slot = 0; slot + 1 < reader.interest_count; ++slot) {
    if (draw < reader.interest_weight[slot]) return reader.interests[slot];
  }
  return reader.interests[reader.interest_count - 1];
}

}  // namespace attune::synth

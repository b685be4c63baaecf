#include "synth/stories.h"

#include <algorithm>
#include <cmath>

#include "synth/alias_table.h"

namespace attune::synth {
namespace {

template <typename Span>
std::string_view Any(const Span& words, Rng& rng) {
  return words[rng.Below(static_cast<uint32_t>(words.size()))];
}

std::vector<double> CategoryShares() {
  std::vector<double> shares;
  for (const CategoryWords& c : Categories()) shares.push_back(c.share);
  return shares;
}

void PickTags(const CategoryWords& words, Rng& rng, Story& story) {
  const uint32_t available = static_cast<uint32_t>(words.tags.size());
  story.tag_count = static_cast<uint8_t>(1 + rng.Below(3));
  for (uint8_t slot = 0; slot < story.tag_count; ++slot) {
    uint8_t tag = static_cast<uint8_t>(rng.Below(available));
    // Distinct tags: step to the next free one (at most 3 of at least 3 tags, so one exists).
    while (std::find(story.tags, story.tags + slot, tag) != story.tags + slot) {
      tag = static_cast<uint8_t>((tag + 1) % available);
    }
    story.tags[slot] = tag;
  }
}

// Heavy-tailed virality: log-normal, scaled so the median story is taken about a third of the
// times it is offered and the best ones almost always.
float Quality(Rng& rng) {
  const double q = 0.3 * std::exp(0.8 * rng.Normal());
  return static_cast<float>(std::clamp(q, 0.02, 1.0));
}

}  // namespace

std::string MakeTitle(const CategoryWords& words, Rng& rng) {
  std::string title(Any(words.subjects, rng));
  title.append(" ").append(Any(words.actions, rng)).append(" ").append(Any(words.objects, rng));
  const double form = rng.Uniform();
  if (form < 0.25) {
    title.append(", ").append(Any(TitleTails(), rng));
  } else if (form < 0.35) {
    title = "\"" + std::string(Any(TitleQuotes(), rng)) + "\": " + title;
  }
  return title;
}

std::string JoinTags(const Story& story) {
  const CategoryWords& words = Categories()[story.category];
  std::string joined;
  for (uint8_t slot = 0; slot < story.tag_count; ++slot) {
    if (slot > 0) joined.push_back('|');
    joined.append(words.tags[story.tags[slot]]);
  }
  return joined;
}

std::vector<Story> MakeStories(uint32_t count, const Timeline& newsroom, Rng& rng) {
  const AliasTable category_table(CategoryShares());
  std::vector<Story> stories(count);
  for (uint32_t idx = 0; idx < count; ++idx) {
    Story& story = stories[idx];
    const double jitter = idx == 0 ? 0.0 : rng.Uniform();
    story.published = static_cast<int64_t>(newsroom.At((idx + jitter) / count));
    story.category = static_cast<uint8_t>(category_table.Sample(rng));
    story.source = static_cast<uint8_t>(rng.Below(static_cast<uint32_t>(Sources().size())));
    PickTags(Categories()[story.category], rng, story);
    story.quality = Quality(rng);
    story.read_seconds = static_cast<uint16_t>(60 + rng.Below(600));
    story.title = MakeTitle(Categories()[story.category], rng);
  }
  return stories;
}

}  // namespace attune::synth

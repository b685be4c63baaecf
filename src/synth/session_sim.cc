#include "synth/session_sim.h"

#include <algorithm>
#include <cmath>

namespace attune::synth {

std::string_view EventTypeName(EventType type) {
  static constexpr std::string_view kNames[kEventTypeCount] = {"open", "read", "like",
                                                               "comment", "save", "hide"};
  return kNames[static_cast<int>(type)];
}

namespace {

constexpr int kMaxStoriesPerSession = 12;
constexpr double kRereadChance = 0.05;

// Everything about the session being simulated, so the steps below stay small.
struct Cursor {
  const SessionWorld& world;
  const Reader& reader;
  uint32_t reader_idx;
  uint32_t session;
  int64_t now;
  int64_t latest;
  Rng& rng;
  std::vector<SimEvent>& out;

  bool Emit(uint32_t story, EventType type, int percent = -1) {
    if (now >= latest) return false;
    out.push_back({now, reader_idx, story, session, type, static_cast<int8_t>(percent)});
    return true;
  }
  void Wait(double seconds) { now += 1 + static_cast<int64_t>(seconds); }
};

int StoriesInSession(Rng& rng) {
  int count = 1;
  while (count < kMaxStoriesPerSession && rng.Chance(0.55)) ++count;
  return count;
}

// Share of the story read, in hundredths: mostly driven by how well it fits the reader.
int ReadPercent(double match, Rng& rng) {
  const double share = 0.15 + 0.65 * match + 0.2 * rng.Normal();
  return static_cast<int>(std::lround(std::clamp(share, 0.02, 1.0) * 100));
}

void Act(Cursor& c, uint32_t story, EventType type, double chance, double mean_wait) {
  if (!c.rng.Chance(chance)) return;
  c.Wait(c.rng.Exponential(mean_wait));
  c.Emit(story, type);
}

// After a read, the engaged few act on the story; each action takes a moment.
void React(Cursor& c, uint32_t story, double match, int percent) {
  const double engaged = match * percent / 100.0 * (0.5 + c.world.stories[story].quality);
  Act(c, story, EventType::kLike, 0.01 + 0.12 * engaged, 4);
  Act(c, story, EventType::kComment, 0.003 + 0.03 * engaged, 60);
  Act(c, story, EventType::kSave, 0.004 + 0.05 * engaged, 3);
}

void VisitStory(Cursor& c, uint32_t story, double match) {
  // Off-interest stories in the feed get dismissed now and then, without being opened.
  if (match < 0.2 && c.rng.Chance(0.3)) {
    c.Emit(story, EventType::kHide);
    c.Wait(c.rng.Exponential(4));
    return;
  }
  if (!c.Emit(story, EventType::kOpen)) return;
  if (!c.rng.Chance(0.45 + 0.45 * match)) {  // a bounce: back to the list
    c.Wait(c.rng.Exponential(10));
    return;
  }
  const int percent = ReadPercent(match, c.rng);
  c.Wait(c.world.stories[story].read_seconds * percent / 100.0);
  if (!c.Emit(story, EventType::kRead, percent)) return;
  React(c, story, match, percent);
  c.Wait(c.rng.Exponential(15));
}


// The next story for the reader, avoiding what they saw lately (a few come back on purpose).
int64_t NextStory(Cursor& c) {
  int64_t picked = kNoStory;
  for (int attempt = 0; attempt < 3; ++attempt) {
    picked = c.world.picker.PickAny(NextCategory(c.reader, c.rng), c.now, c.reader, c.rng);
    if (picked == kNoStory) return kNoStory;
    if (!c.world.memory.Contains(c.reader_idx, static_cast<uint32_t>(picked)) ||
        c.rng.Chance(kRereadChance)) {
      return picked;
    }
  }
  return kNoStory;  // everything offered was seen already: the reader moves on
}

}  // namespace

void SimulateSession(const SessionWorld& world, uint32_t reader, uint32_t session, int64_t start,
                     int64_t latest, Rng& rng, std::vector<SimEvent>& out) {
  Cursor c{world, world.readers[reader], reader, session, start, latest, rng, out};
  const int planned = StoriesInSession(rng);
  for (int visit = 0; visit < planned && c.now < latest; ++visit) {
    const int64_t picked = NextStory(c);
    if (picked == kNoStory) continue;
    const uint32_t story = static_cast<uint32_t>(picked);
    world.memory.Add(reader, story);
    VisitStory(c, story, Match(c.reader, world.stories[story]));
  }
}

}  // namespace attune::synth

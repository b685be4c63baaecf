// One reading session: a reader arrives, opens a few stories one after another, reads part of
// each (more of it when it matches their interests), sometimes likes, comments on or saves what
// they read, and hides some stories that are off their interests. Events of one story follow
// the funnel in time (open, then read, then like/comment/save), all within `latest`.
// Thread safety: none; a session reads and updates the readers' ReadingMemory.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "synth/people.h"
#include "synth/rng.h"
#include "synth/story_picker.h"

namespace attune::synth {

enum class EventType : uint8_t { kOpen, kRead, kLike, kComment, kSave, kHide };
inline constexpr int kEventTypeCount = 6;
// "open", "read", "like", "comment", "save", "hide".
std::string_view EventTypeName(EventType type);

struct SimEvent {
  int64_t time = 0;       // epoch seconds
  uint32_t reader = 0;
  uint32_t story = 0;
  uint32_t session = 0;
  EventType type = EventType::kOpen;
  int8_t read_percent = -1;  // EVENT_VALUE of a read in hundredths; -1: no value
};

// What each reader opened or hid lately (the last kSlots stories), so that readers rarely
// come back to a story they already saw, as on a real news site.
class ReadingMemory {
 public:
  static constexpr uint32_t kSlots = 32;
  explicit ReadingMemory(size_t readers)
      : stories_(readers * kSlots, kEmpty), next_(readers, 0) {}

  bool Contains(uint32_t reader, uint32_t story) const {
    const uint32_t* slots = &stories_[size_t{reader} * kSlots];
    for (uint32_t slot = 0; slot < kSlots; ++slot) {
      if (slots[slot] == story) return true;
    }
    return false;
  }
  void Add(uint32_t reader, uint32_t story) {
    stories_[size_t{reader} * kSlots + next_[reader]] = story;
    next_[reader] = static_cast<uint8_t>((next_[reader] + 1) % kSlots);
  }

 private:
  static constexpr uint32_t kEmpty = ~0u;
  std::vector<uint32_t> stories_;
  std::vector<uint8_t> next_;
};

struct SessionWorld {
  const std::vector<Story>& stories;
  const std::vector<Reader>& readers;
  const StoryPicker& picker;
  ReadingMemory& memory;  // updated by every session
};

// Appends the session's events, in time order, to `out`. `start` <= every event < `latest`.
void SimulateSession(const SessionWorld& world, uint32_t reader, uint32_t session, int64_t start,
                     int64_t latest, Rng& rng, std::vector<SimEvent>& out);

}  // namespace attune::synth

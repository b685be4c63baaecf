#include "core/ids.h"

namespace attune {
namespace {

constexpr size_t kMinSlots = 16;

uint64_t Mix(uint64_t h) {
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 31);
}

}  // namespace

IdDictionary::IdDictionary() : slots_(kMinSlots) {}

// Eight bytes at a time, each word folded in with a multiply-xorshift; ids are short, so this beats
// a byte-wise hash, and the final mix spreads the low bits the table indexes by.
uint64_t IdDictionary::Hash(std::string_view id) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (id.size() * 0xff51afd7ed558ccdull);
  const char* p = id.data();
  size_t left = id.size();
  for (; left >= 8; p += 8, left -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = Mix(h ^ word);
  }
  if (left > 0) {
    uint64_t word = 0;
    std::memcpy(&word, p, left);
    h = Mix(h ^ word);
  }
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 29);
}

uint32_t IdDictionary::Meta(std::string_view id, uint64_t hash) {
  const uint32_t length = id.size() <= kShortName ? static_cast<uint32_t>(id.size()) : kLongName;
  return length | static_cast<uint32_t>(hash >> 40) << 8;
}

uint64_t IdDictionary::ShortWord(std::string_view id) {
  uint64_t word = 0;
  if (id.size() <= kShortName) std::memcpy(&word, id.data(), id.size());
  return word;
}

size_t IdDictionary::Probe(std::string_view id, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const uint32_t meta = Meta(id, hash);
  const bool is_short = id.size() <= kShortName;
  const uint64_t word = ShortWord(id);
  for (size_t pos = hash & mask;; pos = (pos + 1) & mask) {
    const Slot& slot = slots_[pos];
    if (slot.index < 0) return pos;
    if (slot.meta == meta && (is_short ? slot.word == word : NameAt(slot.word) == id)) return pos;
  }
}

int32_t IdDictionary::Intern(std::string_view id, uint64_t hash) {
  Slot& slot = slots_[Probe(id, hash)];
  if (slot.index >= 0) return slot.index;
  const int32_t index = size();
  const uint64_t offset = arena_.size();
  const auto length = static_cast<uint32_t>(id.size());
  arena_.append(reinterpret_cast<const char*>(&length), sizeof(length)).append(id);
  offsets_.push_back(offset);
  slot = Slot{id.size() <= kShortName ? ShortWord(id) : offset, index, Meta(id, hash)};
  if (offsets_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
  return index;
}

std::optional<int32_t> IdDictionary::Find(std::string_view id) const {
  const Slot& slot = slots_[Probe(id, Hash(id))];
  if (slot.index < 0) return std::nullopt;
  return slot.index;
}

void IdDictionary::Rehash(size_t slot_count) {
  std::vector<Slot> old(slot_count);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.index < 0) continue;
    size_t pos = Hash(Name(slot.index)) & mask;  // names are distinct: find the first free slot
    while (slots_[pos].index >= 0) pos = (pos + 1) & mask;
    slots_[pos] = slot;
  }
}

void IdDictionary::Reserve(size_t n) {
  offsets_.reserve(n);
  size_t slot_count = slots_.size();
  while (slot_count < 2 * n) slot_count *= 2;
  if (slot_count > slots_.size()) Rehash(slot_count);
}

}  // namespace attune

// IdDictionary: external string ids (USER_ID, ITEM_ID) <-> dense indices 0..size()-1, in order of
// first appearance. Algorithms work on dense indices only; the dictionary translates at the edges.
//
// Layout (an import looks up every row's ids at random, so a lookup should cost one cache miss):
// the names live end to end in one arena, each after its 4-byte length, with an offset per index;
// an open-addressing table (linear probing, at most half full) of 16-byte slots maps names to
// indices. A slot holds a name of up to 8 bytes itself, so such a lookup touches only its slot; a
// longer name's slot holds a hash tag and the name's arena offset (two cache lines). Memory is
// 12 bytes per entry plus the name plus 32-64 bytes of table.
// Thread safety: const methods may run concurrently; Intern and Reserve need exclusive access.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attune {

class IdDictionary {
 public:
  IdDictionary();

  // Returns the index of `id`, adding it when new.
  int32_t Intern(std::string_view id) { return Intern(id, Hash(id)); }
  // The same with `hash` == Hash(id), for callers that computed it already (to Prefetch).
  int32_t Intern(std::string_view id, uint64_t hash);
  // The index of `id`, or nullopt when it was never interned.
  std::optional<int32_t> Find(std::string_view id) const;
  // A hint that the id with this Hash is looked up soon: starts loading its slot, so that a caller
  // looking up many ids (prefetch them all, then intern them) waits for memory once per batch.
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }
  static uint64_t Hash(std::string_view id);
  // Valid until the next Intern (which may move the arena).
  std::string_view Name(int32_t index) const { return NameAt(offsets_[static_cast<size_t>(index)]); }
  int32_t size() const { return static_cast<int32_t>(offsets_.size()); }
  // Makes room for `n` ids without regrowing the table.
  void Reserve(size_t n);

 private:
  struct Slot {
    uint64_t word = 0;   // a short name's bytes (zero padded), else its arena offset
    int32_t index = -1;  // -1: empty
    uint32_t meta = 0;   // low 8 bits: the length, or kLongName; high 24 bits: a hash tag
  };
  static constexpr uint32_t kLongName = 0xff;
  static constexpr size_t kShortName = 8;

  static uint32_t Meta(std::string_view id, uint64_t hash);
  static uint64_t ShortWord(std::string_view id);
  std::string_view NameAt(uint64_t offset) const {
    uint32_t length;
    std::memcpy(&length, arena_.data() + offset, sizeof(length));
    return std::string_view(arena_.data() + offset + sizeof(length), length);
  }
  // The slot holding `id`, or the empty slot where it belongs.
  size_t Probe(std::string_view id, uint64_t hash) const;
  void Rehash(size_t slot_count);

  std::string arena_;              // [uint32 length][bytes] per name, end to end
  std::vector<uint64_t> offsets_;  // by index: where the name's entry starts in arena_
  std::vector<Slot> slots_;        // a power of two in size
};

}  // namespace attune

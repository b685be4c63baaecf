// IdDictionary: external string ids (USER_ID, ITEM_ID) <-> dense indices 0..size()-1, in order of
// first appearance. Algorithms work on dense indices only; the dictionary translates at the edges.
// Thread safety: const methods may run concurrently; Intern needs exclusive access.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace attune {

class IdDictionary {
 public:
  // Returns the index of `id`, adding it when new.
  int32_t Intern(std::string_view id);
  // The index of `id`, or nullopt when it was never interned.
  std::optional<int32_t> Find(std::string_view id) const;
  const std::string& Name(int32_t index) const { return names_[static_cast<size_t>(index)]; }
  int32_t size() const { return static_cast<int32_t>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }
  void Reserve(size_t n);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> index_;
  std::vector<std::string> names_;
};

}  // namespace attune

#include "core/ids.h"

namespace attune {

int32_t IdDictionary::Intern(std::string_view id) {
  auto it = index_.find(id);
  if (it != index_.end()) return it->second;
  const auto index = static_cast<int32_t>(names_.size());
  names_.emplace_back(id);
  index_.emplace(names_.back(), index);
  return index;
}

std::optional<int32_t> IdDictionary::Find(std::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

void IdDictionary::Reserve(size_t n) {
  index_.reserve(n);
  names_.reserve(n);
}

}  // namespace attune

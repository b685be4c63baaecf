// The words of the synthetic news site: categories (with their share of stories, their tags and
// the parts titles are built from), sources and reader regions. Plain constant data, so that a
// change of wording changes the output of a seed but never its shape.
// Thread safety: immutable.
#pragma once

#include <span>
#include <string_view>

namespace attune::synth {

struct CategoryWords {
  std::string_view name;
  double share;  // relative share of stories published and of readers' interest
  std::span<const std::string_view> tags;
  std::span<const std::string_view> subjects;  // "City council"
  std::span<const std::string_view> actions;   // "approves"
  std::span<const std::string_view> objects;   // "new tram line"
};

std::span<const CategoryWords> Categories();
std::span<const std::string_view> Sources();
std::span<const std::string_view> Regions();
// Endings that follow a comma ("experts say") and quotes that open a title.
std::span<const std::string_view> TitleTails();
std::span<const std::string_view> TitleQuotes();

}  // namespace attune::synth

#include "model/params.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace attune {
namespace {

Status OutOfRange(std::string_view key, const std::string& value, std::string_view range) {
  return InvalidArgument("parameter " + std::string(key) + "=" + value + ": expected " +
                         std::string(range));
}

}  // namespace

Result<Params> Params::FromStrings(const std::vector<std::string>& key_values) {
  Params params;
  for (const std::string& kv : key_values) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("parameter \"" + kv + "\": expected key=value, e.g. factors=64");
    }
    params.Set(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return params;
}

const std::string* Params::Lookup(std::string_view key) const {
  read_.insert(std::string(key));
  auto it = values_.find(std::string(key));
  return it == values_.end() ? nullptr : &it->second;
}

Result<int> Params::GetInt(std::string_view key, int default_value, int min_value,
                           int max_value) const {
  const std::string* v = Lookup(key);
  if (v == nullptr) return default_value;
  int out = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  const std::string range = "an integer in [" + std::to_string(min_value) + ", " +
                            std::to_string(max_value) + "]";
  if (ec != std::errc() || end != v->data() + v->size()) return OutOfRange(key, *v, range);
  if (out < min_value || out > max_value) return OutOfRange(key, *v, range);
  return out;
}

Result<double> Params::GetDouble(std::string_view key, double default_value, double min_value,
                                 double max_value) const {
  const std::string* v = Lookup(key);
  if (v == nullptr) return default_value;
  char* end = nullptr;
  const double out = std::strtod(v->c_str(), &end);
  const std::string range = "a number in [" + std::to_string(min_value) + ", " +
                            std::to_string(max_value) + "]";
  if (v->empty() || end != v->c_str() + v->size() || !std::isfinite(out)) {
    return OutOfRange(key, *v, range);
  }
  if (out < min_value || out > max_value) return OutOfRange(key, *v, range);
  return out;
}

Result<bool> Params::GetBool(std::string_view key, bool default_value) const {
  const std::string* v = Lookup(key);
  if (v == nullptr) return default_value;
  if (*v == "true" || *v == "1" || *v == "yes") return true;
  if (*v == "false" || *v == "0" || *v == "no") return false;
  return OutOfRange(key, *v, "true or false");
}

Result<std::string> Params::GetString(std::string_view key, std::string default_value,
                                      const std::vector<std::string>& allowed) const {
  const std::string* v = Lookup(key);
  if (v == nullptr) return default_value;
  if (allowed.empty()) return *v;
  std::string list;
  for (const std::string& a : allowed) {
    if (a == *v) return *v;
    list += (list.empty() ? "" : ", ") + a;
  }
  return OutOfRange(key, *v, "one of " + list);
}

Status Params::CheckAllUsed(std::string_view recipe) const {
  std::string unknown;
  for (const auto& [key, value] : values_) {
    if (read_.find(key) == read_.end()) unknown += (unknown.empty() ? "" : ", ") + key;
  }
  if (unknown.empty()) return Status::Ok();
  std::string known;
  for (const std::string& key : read_) known += (known.empty() ? "" : ", ") + key;
  return InvalidArgument("unknown parameter(s) for recipe " + std::string(recipe) + ": " +
                         unknown + " (known: " + (known.empty() ? "none" : known) + ")");
}

std::string Params::ToString() const {
  std::string out;
  for (const auto& [key, value] : values_) out += (out.empty() ? "" : " ") + key + "=" + value;
  return out;
}

}  // namespace attune

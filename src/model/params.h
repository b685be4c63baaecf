// Params: a recipe's hyperparameters as key=value strings (from the CLI's --param, the HTTP API's
// JSON, or a model file), read through typed getters that check ranges. After a recipe has read
// what it knows, CheckAllUsed() turns a misspelt key into a clear error instead of a silent default.
// Thread safety: not thread safe (getters record which keys were read).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace attune {

class Params {
 public:
  Params() = default;
  // Parses "key=value" strings; a missing '=' or an empty key is an error.
  static Result<Params> FromStrings(const std::vector<std::string>& key_values);

  void Set(std::string key, std::string value) { values_[std::move(key)] = std::move(value); }
  bool Has(std::string_view key) const { return values_.find(std::string(key)) != values_.end(); }
  const std::map<std::string, std::string>& values() const { return values_; }

  // Each returns the default when the key is absent, and an InvalidArgument naming the key, the
  // value and the accepted range when the value does not parse or is out of range.
  Result<int> GetInt(std::string_view key, int default_value, int min_value, int max_value) const;
  Result<double> GetDouble(std::string_view key, double default_value, double min_value,
                           double max_value) const;
  Result<bool> GetBool(std::string_view key, bool default_value) const;
  Result<std::string> GetString(std::string_view key, std::string default_value,
                                const std::vector<std::string>& allowed = {}) const;

  // InvalidArgument listing every key that no getter read, with the keys `recipe` knows.
  Status CheckAllUsed(std::string_view recipe) const;

  // "factors=64 iterations=15": stable order, for logs and model files.
  std::string ToString() const;

 private:
  const std::string* Lookup(std::string_view key) const;
  std::map<std::string, std::string> values_;
  mutable std::set<std::string, std::less<>> read_;
};

}  // namespace attune

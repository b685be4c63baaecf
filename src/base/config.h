// ServerOptions and the configuration loader: one TOML file plus ATTUNE_<KEY> environment
// variables, parsed only here at the edge (main) into a plain struct; nothing deeper reads the
// file or the environment.
//
// Precedence: defaults < TOML file < environment < command-line flags (applied by the caller).
// Nested TOML tables are flattened with '_' ([http] port = 1 is the key "http_port"), so every
// key has exactly one environment name: ATTUNE_ + upper-case key.
// Unknown keys and bad values in the file are errors naming file:line and the key; a bad value in
// the environment is an error naming the variable. Unknown ATTUNE_ variables are ignored, because
// other tools (tests, scripts) share the prefix.
// Thread safety: pure functions over values.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/status.h"

namespace attune {

struct ServerOptions {
  // Where the store and model files live. Relative paths resolve against the working directory.
  std::string data_dir = "attune-data";
  // Loopback by default: exposing the API is an explicit decision ("0.0.0.0").
  std::string bind = "127.0.0.1";
  // 0 asks the kernel for a free port (tests); the chosen port is logged.
  int port = 8080;
  // Global admin key. Empty: one is generated on first start, printed once, stored hashed.
  std::string admin_key;
  // HTTP worker threads. More threads let more requests share one group commit, at the cost of
  // memory and contention on 2-core machines.
  int threads = 8;
  // Largest accepted request body; larger bodies get 413. Bigger CSV imports should use a path.
  int64_t max_body_bytes = 10 * 1024 * 1024;
  // Largest batch of events/items/users per request; larger batches get 413.
  int max_batch = 1000;
  // debug, info, warn, error or off.
  std::string log_level = "info";
};

// The environment as name -> value (main passes `environ`; tests pass a literal map).
using Environment = std::map<std::string, std::string>;
Environment ProcessEnvironment();

// Loads `toml_path` (skipped when empty) and then the ATTUNE_ variables of `env` over `defaults`.
Result<ServerOptions> LoadServerOptions(const std::string& toml_path, const Environment& env,
                                        ServerOptions defaults = {});

// Same, with the TOML text given directly; `source_name` is used in messages ("attune.toml").
Result<ServerOptions> ParseServerOptions(const std::string& toml_text,
                                         const std::string& source_name, const Environment& env,
                                         ServerOptions defaults = {});

}  // namespace attune

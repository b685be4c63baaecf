// The configuration of a verb that uses a data directory (serve, import, train, keys), loaded the
// same way for every one of them: defaults < TOML file (--config) < ATTUNE_ environment < flags.
// Also applies the log level, so that `--log-level` wins over `log_level` of the configuration.
// Thread safety: call from main's thread, before the verb starts work.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "base/config.h"

namespace attune {

// The verb's own flags that override configuration keys; empty means "not given".
struct VerbOverrides {
  std::string config_path;  // a verb's own --config (serve has one); else the global --config
  std::string data_dir;     // --data-dir
};

// Loads the configuration file and the process environment, applies `overrides`, then sets the
// log level from the global --log-level when given, else from `log_level` of the configuration.
Result<ServerOptions> LoadVerbOptions(const VerbOverrides& overrides);

// Declares `--data-dir` on `sub` with the same help text for every verb.
void AddDataDirOption(CLI::App& sub, std::string& data_dir);

}  // namespace attune

// The command table of the `attune` binary. Each verb lives in its own cmd_<verb>.cc and registers
// itself with ATTUNE_COMMAND, so adding a verb touches no shared file (as in redis' command table).
// A verb's setup function declares its flags on the CLI11 subcommand and installs a callback
// that stores the process exit code in `exit_code` (0 ok, 1 failure, 2 bad usage).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace attune {

struct CommandSpec {
  std::string name;
  std::string help;
  int order;  // position in `attune --help`
  std::function<void(CLI::App& sub, int& exit_code)> setup;
};

// The registered commands, sorted by `order`.
std::vector<CommandSpec>& Commands();

struct CommandRegistrar {
  explicit CommandRegistrar(CommandSpec spec) { Commands().push_back(std::move(spec)); }
};

// Options every verb shares (set before the verb runs by main.cc).
struct GlobalOptions {
  std::string config_path;   // --config FILE (TOML)
  std::string log_level;      // --log-level; empty: log_level of the configuration (info)
  bool log_json = false;
};
GlobalOptions& Globals();

}  // namespace attune

#define ATTUNE_COMMAND(var, name, help, order, setup) \
  static ::attune::CommandRegistrar var{::attune::CommandSpec{name, help, order, setup}}

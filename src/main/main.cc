// attune: one binary for the server and every command-line verb.
// Verbs register themselves (command.h); this file only parses global flags and dispatches.
#include <algorithm>
#include <cstdio>
#include <exception>

#include "base/log.h"
#include "main/command.h"

namespace attune {

std::vector<CommandSpec>& Commands() {
  static std::vector<CommandSpec> commands;
  return commands;
}

GlobalOptions& Globals() {
  static GlobalOptions globals;
  return globals;
}

namespace {

int Run(int argc, char** argv) {
  CLI::App app{"Attune: a self-hosted recommendation engine for stories and news.\n"
               "Run `attune <command> --help` for the flags of each command."};
  app.set_version_flag("--version", std::string("attune ") + ATTUNE_VERSION);
  app.require_subcommand(1);
  // Global flags are accepted after the verb too (`attune import --config f ...`): subcommands
  // created below inherit this and pass options they do not know up to `app`.
  app.fallthrough();
  GlobalOptions& globals = Globals();
  app.add_option("--config", globals.config_path, "TOML configuration file");
  app.add_option("--log-level", globals.log_level,
                 "debug, info, warn, error or off (default: log_level of the configuration, info)")
      ->check([](const std::string& name) {
        auto level = ParseLogLevel(name);
        return level.ok() ? std::string() : level.status().message();
      });
  app.add_flag("--log-json", globals.log_json, "Write logs as one JSON object per line");

  int exit_code = 0;
  auto& commands = Commands();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const CommandSpec& a, const CommandSpec& b) { return a.order < b.order; });
  for (const CommandSpec& spec : commands) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.help);
    spec.setup(*sub, exit_code);
  }
  // Verbs without a configuration (eval, generate) get the flag's level here; verbs that load the
  // configuration apply it again over the configured level (main/verb_options.h).
  app.parse_complete_callback([&] {
    if (auto level = ParseLogLevel(globals.log_level); level.ok()) SetLogLevel(*level);
    if (globals.log_json) SetLogFormat(LogFormat::kJson);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}

}  // namespace
}  // namespace attune

int main(int argc, char** argv) {
  // Last-resort catch: library exceptions are converted at adapters; anything reaching here is a bug.
  try {
    return attune::Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "attune: internal error: %s\n", e.what());
    return 70;
  }
}

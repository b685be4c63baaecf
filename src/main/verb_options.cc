#include "main/verb_options.h"

#include "base/log.h"
#include "main/command.h"

namespace attune {

Result<ServerOptions> LoadVerbOptions(const VerbOverrides& overrides) {
  const std::string& config =
      overrides.config_path.empty() ? Globals().config_path : overrides.config_path;
  ATTUNE_ASSIGN_OR_RETURN(ServerOptions options, LoadServerOptions(config, ProcessEnvironment()));
  if (!overrides.data_dir.empty()) options.data_dir = overrides.data_dir;
  const std::string& level_name =
      Globals().log_level.empty() ? options.log_level : Globals().log_level;
  ATTUNE_ASSIGN_OR_RETURN(LogLevel level, ParseLogLevel(level_name));
  SetLogLevel(level);
  return options;
}

void AddDataDirOption(CLI::App& sub, std::string& data_dir) {
  sub.add_option("--data-dir", data_dir,
                 "Data directory (default: data_dir of the configuration, env ATTUNE_DATA_DIR, "
                 "else ./attune-data)");
}

}  // namespace attune

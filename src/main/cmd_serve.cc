// `attune serve`: opens the store, makes sure an admin key exists, starts the HTTP API and runs
// until SIGINT or SIGTERM, then stops cleanly (requests in flight finish, the store closes).
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "base/log.h"
#include "http/api_context.h"
#include "http/server.h"
#include "main/command.h"
#include "main/verb_options.h"
#include "jobs/training_runner.h"
#include "store/solution_store.h"
#include "store/store.h"

namespace attune {
namespace {

struct ServeFlags {
  std::string config_path;
  std::string data_dir;
  std::string bind;
  int port = -1;
  int threads = 0;
};

Result<ServerOptions> ResolveOptions(const ServeFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(ServerOptions options,
                          LoadVerbOptions({flags.config_path, flags.data_dir}));
  if (!flags.bind.empty()) options.bind = flags.bind;
  if (flags.port >= 0) options.port = flags.port;
  if (flags.threads > 0) options.threads = flags.threads;
  return options;
}

// The configured admin key's hash, or, when none is configured and the store holds no global
// admin key yet, a new key printed once to stdout.
Result<std::string> EnsureAdminKey(Store& store, const ServerOptions& options) {
  if (!options.admin_key.empty()) return HashApiKeySecret(options.admin_key);
  ATTUNE_ASSIGN_OR_RETURN(std::vector<ApiKeyInfo> keys, store.ListApiKeys());
  for (const ApiKeyInfo& key : keys) {
    if (key.role == KeyRole::kAdmin && key.group.empty() && key.revoked_at == 0) return std::string();
  }
  ATTUNE_ASSIGN_OR_RETURN(NewApiKey key, store.CreateApiKey("", KeyRole::kAdmin, "initial-admin"));
  std::printf("Created the admin API key (shown only once; keep it safe):\n  %s\n",
              key.secret.c_str());
  std::fflush(stdout);
  LogInfo("serve.admin_key_created", {{"id", key.info.id}, {"prefix", key.info.prefix}});
  return std::string();
}

// SIGINT/SIGTERM end the server. A handler (not sigwait) is used because libraries start threads
// before main (OpenBLAS's pool) that do not block these signals: with sigwait, a signal that
// arrives while the main thread is not yet waiting went to such a thread and killed the process.
// The handler only writes one byte to a pipe (async-signal-safe); the main thread reads it.
int g_stop_pipe[2] = {-1, -1};

extern "C" void OnStopSignal(int signal_number) {
  const unsigned char byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] ssize_t ignored = write(g_stop_pipe[1], &byte, 1);
}

Status InstallStopHandler() {
  if (pipe(g_stop_pipe) != 0) return Internal("cannot create the stop-signal pipe");
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return Status::Ok();
}

// Blocks until SIGINT or SIGTERM arrives; returns the signal number.
int WaitForStopSignal() {
  unsigned char byte = 0;
  while (read(g_stop_pipe[0], &byte, 1) != 1) {
  }
  return byte;
}

Status Serve(const ServeFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(ServerOptions options, ResolveOptions(flags));
  ATTUNE_RETURN_IF_ERROR(InstallStopHandler());
  StoreOptions store_options;
  store_options.location = options.data_dir;
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(store_options));
  ATTUNE_ASSIGN_OR_RETURN(std::string admin_hash, EnsureAdminKey(*store, options));
  // Training (owner: training): solution tables in the same database, one training worker.
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<SolutionStore> solutions, OpenSolutionStore(store_options));
  TrainingOptions training_options;
  training_options.data_dir = options.data_dir;
  TrainingRunner training(*store, *solutions, training_options);
  http::ApiContext context(*store, SystemClock::Default(),
                           http::ApiOptions{options.max_body_bytes, options.max_batch, admin_hash});
  context.solutions = solutions.get();
  context.training = &training;
  context.keys.SetAdminKeyHash(admin_hash);
  http::Api api(context);
  http::HttpServer server(api, {options.bind, options.port, options.threads, options.max_body_bytes});
  ATTUNE_RETURN_IF_ERROR(server.Start());
  const std::string url = "http://" + options.bind + ":" + std::to_string(server.port());
  std::printf("attune: listening on %s\n", url.c_str());
  std::fflush(stdout);
  LogInfo("serve.listening", {{"url", url}, {"data_dir", options.data_dir},
                              {"threads", options.threads}});
  const int signal_number = WaitForStopSignal();
  LogInfo("serve.stopping", {{"signal", signal_number}});
  server.Stop();
  return Status::Ok();
}

void SetupServe(CLI::App& sub, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  sub.add_option("--config", flags->config_path, "TOML configuration file");
  AddDataDirOption(sub, flags->data_dir);
  sub.add_option("--bind", flags->bind, "Address to listen on (default 127.0.0.1)");
  sub.add_option("--port", flags->port, "Port (default 8080; 0 picks a free one)");
  sub.add_option("--threads", flags->threads, "HTTP worker threads (default 8)");
  sub.callback([flags, &exit_code] {
    Status status = Serve(*flags);
    if (!status.ok()) std::fprintf(stderr, "attune serve: %s\n", status.message().c_str());
    exit_code = status.ok() ? 0 : 1;
  });
}

ATTUNE_COMMAND(kServeCommand, "serve", "Run the HTTP API server", 10, SetupServe);

}  // namespace
}  // namespace attune

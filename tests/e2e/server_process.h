// ServerProcess: runs the real `attune serve` binary for end-to-end and crash tests, on
// 127.0.0.1 with a free port (--port 0; the port is read from the "listening on" line) and a
// given data directory, and talks HTTP to it.
// Thread safety: one test thread.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace attune::testing {

struct HttpResult {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  nlohmann::json json() const;  // the body parsed (null when it is not JSON)
};

class ServerProcess {
 public:
  // Extra environment variables (e.g. {"ATTUNE_ADMIN_KEY", "k"}) for the server.
  ServerProcess(std::string data_dir, std::map<std::string, std::string> env = {});
  ~ServerProcess();  // SIGTERM and wait, if still running

  // Flags placed before the verb (`attune --log-level error serve ...`); call before Start().
  void set_global_args(std::vector<std::string> args) { global_args_ = std::move(args); }
  // Starts the binary and waits for its "listening on" line. False (with `error()`) on failure.
  bool Start();
  void Kill();       // SIGKILL and reap: a crash
  int Stop();        // SIGTERM, wait; returns the exit status (128 + signal when killed)
  int port() const { return port_; }
  // Lines the server printed to stdout before "listening on" (e.g. the generated admin key).
  const std::string& startup_output() const { return startup_output_; }
  const std::string& error() const { return error_; }
  // Where the server's stderr (its log) goes; appended to across restarts.
  std::string log_path() const { return data_dir_ + ".server.log"; }

  HttpResult Request(const std::string& method, const std::string& path,
                     const std::string& key = "", const std::string& body = "",
                     const std::string& content_type = "application/json") const;

 private:
  std::string data_dir_;
  std::map<std::string, std::string> env_;
  std::vector<std::string> global_args_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string startup_output_;
  std::string error_;
};

// A fresh empty directory under the system temp dir; removed by the caller (RemoveTree).
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& path);

}  // namespace attune::testing

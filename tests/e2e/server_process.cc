#include "server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <httplib.h>

namespace attune::testing {

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

ServerProcess::ServerProcess(std::string data_dir, std::map<std::string, std::string> env)
    : data_dir_(std::move(data_dir)), env_(std::move(env)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
}

bool ServerProcess::Start() {
  int out[2];
  if (pipe(out) != 0) return error_ = "pipe failed", false;
  const std::string log_path = this->log_path();
  std::vector<std::string> args = {ATTUNE_BINARY};
  args.insert(args.end(), global_args_.begin(), global_args_.end());
  for (const char* arg : {"serve", "--data-dir", data_dir_.c_str(), "--port", "0", "--threads", "4"}) {
    args.push_back(arg);
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) dup2(log, STDERR_FILENO);
    close(out[0]);
    for (const auto& [name, value] : env_) setenv(name.c_str(), value.c_str(), 1);
    execv(ATTUNE_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  FILE* stream = fdopen(out[0], "r");
  char line[4096];
  const std::string marker = "attune: listening on http://127.0.0.1:";
  while (std::fgets(line, sizeof(line), stream) != nullptr) {
    std::string text(line);
    if (text.rfind(marker, 0) == 0) {
      port_ = std::atoi(text.c_str() + marker.size());
      break;
    }
    startup_output_ += text;
  }
  // The pipe stays open in the child; we stop reading (the server prints nothing more).
  std::fclose(stream);
  if (port_ <= 0) error_ = "server did not start; see " + log_path;
  return port_ > 0;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);  // as a shell reports it
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

HttpResult ServerProcess::Request(const std::string& method, const std::string& path,
                                  const std::string& key, const std::string& body,
                                  const std::string& content_type) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(120, 0);
  httplib::Headers headers;
  if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return client.Get(path, headers);
    if (method == "DELETE") return client.Delete(path, headers);
    if (method == "POST") return client.Post(path, headers, body, content_type);
    return client.Put(path, headers, body, content_type);
  };
  httplib::Result result = send();
  if (!result) return HttpResult{};
  return HttpResult{result->status, result->body};
}

std::string MakeTempDir(const std::string& prefix) {
  std::string templ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return "";
  return std::string(buffer.data());
}

void RemoveTree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
  std::filesystem::remove(path + ".server.log", ignored);
}

}  // namespace attune::testing

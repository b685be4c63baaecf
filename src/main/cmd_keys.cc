// `attune keys create|list|revoke`: API key administration for operators, on the data directory
// directly (no server needed). Secrets are printed once at creation; only hashes are stored.
#include <cstdio>
#include <memory>

#include "main/command.h"
#include "main/verb_options.h"
#include "store/store.h"

namespace attune {
namespace {

struct KeysFlags {
  std::string data_dir;
  std::string role = "read";
  std::string name;
  std::string group;
  int64_t key_id = 0;
};

Result<std::unique_ptr<Store>> OpenDataDir(const KeysFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(ServerOptions options, LoadVerbOptions({"", flags.data_dir}));
  StoreOptions store_options;
  store_options.location = options.data_dir;
  return OpenStore(store_options);
}

Status Create(const KeysFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(KeyRole role, ParseKeyRole(flags.role));
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenDataDir(flags));
  if (!flags.group.empty()) ATTUNE_RETURN_IF_ERROR(store->GetGroup(flags.group).status());
  ATTUNE_ASSIGN_OR_RETURN(NewApiKey key, store->CreateApiKey(flags.group, role, flags.name));
  std::printf("id %lld  role %s  group %s\n%s\n", static_cast<long long>(key.info.id),
              std::string(KeyRoleName(role)).c_str(),
              flags.group.empty() ? "(all)" : flags.group.c_str(), key.secret.c_str());
  return Status::Ok();
}

Status List(const KeysFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenDataDir(flags));
  ATTUNE_ASSIGN_OR_RETURN(std::vector<ApiKeyInfo> keys, store->ListApiKeys());
  std::printf("%-6s %-8s %-10s %-16s %-20s %s\n", "ID", "ROLE", "PREFIX", "GROUP", "NAME", "STATE");
  for (const ApiKeyInfo& key : keys) {
    std::printf("%-6lld %-8s %-10s %-16s %-20s %s\n", static_cast<long long>(key.id),
                std::string(KeyRoleName(key.role)).c_str(), key.prefix.c_str(),
                key.group.empty() ? "(all)" : key.group.c_str(), key.name.c_str(),
                key.revoked_at ? "revoked" : "active");
  }
  return Status::Ok();
}

Status Revoke(const KeysFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenDataDir(flags));
  ATTUNE_RETURN_IF_ERROR(store->RevokeApiKey(flags.key_id));
  std::printf("revoked key %lld\n", static_cast<long long>(flags.key_id));
  return Status::Ok();
}

void Finish(const Status& status, int& exit_code) {
  if (!status.ok()) std::fprintf(stderr, "attune keys: %s\n", status.message().c_str());
  exit_code = status.ok() ? 0 : 1;
}

void SetupKeys(CLI::App& sub, int& exit_code) {
  auto flags = std::make_shared<KeysFlags>();
  sub.require_subcommand(1);
  AddDataDirOption(sub, flags->data_dir);
  CLI::App* create = sub.add_subcommand("create", "Create a key and print its secret once");
  create->add_option("--role", flags->role, "admin, read or track")->capture_default_str();
  create->add_option("--name", flags->name, "What the key is for")->required();
  create->add_option("--group", flags->group, "Limit the key to one dataset group");
  create->callback([flags, &exit_code] { Finish(Create(*flags), exit_code); });
  CLI::App* list = sub.add_subcommand("list", "List keys (never their secrets)");
  list->callback([flags, &exit_code] { Finish(List(*flags), exit_code); });
  CLI::App* revoke = sub.add_subcommand("revoke", "Revoke a key by id");
  revoke->add_option("id", flags->key_id, "Key id (from `attune keys list`)")->required();
  revoke->callback([flags, &exit_code] { Finish(Revoke(*flags), exit_code); });
}

ATTUNE_COMMAND(kKeysCommand, "keys", "Create, list and revoke API keys", 80, SetupKeys);

}  // namespace
}  // namespace attune

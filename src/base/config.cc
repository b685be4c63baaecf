// Configuration loader: toml++ is used only here, and its exceptions stop at this adapter.
#include "base/config.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <toml++/toml.h>

#include "base/log.h"

extern char** environ;

namespace attune {
namespace {

// One configured value before it is checked, with where it came from for messages.
struct RawValue {
  std::string key;
  std::string where;  // "attune.toml:3: port" or "environment ATTUNE_PORT"
  bool from_env = false;
  bool is_int = false;
  bool is_string = false;
  int64_t int_value = 0;
  std::string text;  // the string value, or a rendering of a non-string for messages
};

struct FieldSpec {
  const char* key;
  std::string ServerOptions::*string_field;
  int64_t min, max;  // integer fields only
  void (*set_int)(ServerOptions&, int64_t);
};

const std::vector<FieldSpec>& Fields() {
  static const std::vector<FieldSpec> fields = {
      {"data_dir", &ServerOptions::data_dir, 0, 0, nullptr},
      {"bind", &ServerOptions::bind, 0, 0, nullptr},
      {"admin_key", &ServerOptions::admin_key, 0, 0, nullptr},
      {"log_level", &ServerOptions::log_level, 0, 0, nullptr},
      {"port", nullptr, 0, 65535, [](ServerOptions& o, int64_t v) { o.port = int(v); }},
      {"threads", nullptr, 1, 1024, [](ServerOptions& o, int64_t v) { o.threads = int(v); }},
      {"max_body_bytes", nullptr, 1024, int64_t{1} << 34,
       [](ServerOptions& o, int64_t v) { o.max_body_bytes = v; }},
      {"max_batch", nullptr, 1, 1'000'000,
       [](ServerOptions& o, int64_t v) { o.max_batch = int(v); }},
  };
  return fields;
}

std::string KnownKeys() {
  std::string out;
  for (const FieldSpec& f : Fields()) out += (out.empty() ? "" : ", ") + std::string(f.key);
  return out;
}

const FieldSpec* FindField(const std::string& key) {
  for (const FieldSpec& f : Fields()) {
    if (key == f.key) return &f;
  }
  return nullptr;
}

Result<int64_t> ParseEnvInt(const RawValue& raw) {
  int64_t v = 0;
  const char* end = raw.text.data() + raw.text.size();
  auto [ptr, ec] = std::from_chars(raw.text.data(), end, v);
  if (ec != std::errc() || ptr != end) {
    return InvalidArgument(raw.where + ": expected an integer, got \"" + raw.text + "\"");
  }
  return v;
}

Status ApplyInt(const FieldSpec& f, const RawValue& raw, ServerOptions& options) {
  int64_t v = raw.int_value;
  if (raw.from_env) {
    ATTUNE_ASSIGN_OR_RETURN(v, ParseEnvInt(raw));
  } else if (!raw.is_int) {
    return InvalidArgument(raw.where + ": expected an integer, got " + raw.text);
  }
  if (v < f.min || v > f.max) {
    return InvalidArgument(raw.where + ": " + std::to_string(v) + " is out of range [" +
                           std::to_string(f.min) + ", " + std::to_string(f.max) + "]");
  }
  f.set_int(options, v);
  return Status::Ok();
}

Status ApplyString(const FieldSpec& f, const RawValue& raw, ServerOptions& options) {
  if (!raw.from_env && !raw.is_string) {
    return InvalidArgument(raw.where + ": expected a string, got " + raw.text);
  }
  if (std::string(f.key) == "log_level" && !ParseLogLevel(raw.text).ok()) {
    return InvalidArgument(raw.where + ": expected debug, info, warn, error or off, got \"" +
                           raw.text + "\"");
  }
  if ((std::string(f.key) == "bind" || std::string(f.key) == "data_dir") && raw.text.empty()) {
    return InvalidArgument(raw.where + ": must not be empty");
  }
  options.*(f.string_field) = raw.text;
  return Status::Ok();
}

Status Apply(const RawValue& raw, ServerOptions& options) {
  const FieldSpec* f = FindField(raw.key);
  if (f == nullptr) {
    return InvalidArgument(raw.where + ": unknown key; known keys: " + KnownKeys());
  }
  return f->string_field ? ApplyString(*f, raw, options) : ApplyInt(*f, raw, options);
}

RawValue FromNode(const std::string& key, const toml::node& node, const std::string& source) {
  RawValue raw;
  raw.key = key;
  raw.where = source + ":" + std::to_string(node.source().begin.line) + ": " + key;
  if (auto i = node.value<int64_t>(); i && node.is_integer()) {
    raw.is_int = true;
    raw.int_value = *i;
  }
  if (node.is_string()) {
    raw.is_string = true;
    raw.text = *node.value<std::string>();
  } else {
    std::ostringstream rendered;
    rendered << "a value of type " << node.type();
    raw.text = rendered.str();
  }
  return raw;
}

// Flattens nested tables into "outer_inner" keys.
void Flatten(const toml::table& table, const std::string& prefix, const std::string& source,
             std::vector<RawValue>& out) {
  for (const auto& [name, node] : table) {
    const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "_" + std::string(name.str());
    if (const toml::table* inner = node.as_table()) {
      Flatten(*inner, key, source, out);
    } else {
      out.push_back(FromNode(key, node, source));
    }
  }
}

Result<std::vector<RawValue>> ParseToml(const std::string& text, const std::string& source) {
  std::vector<RawValue> out;
  try {
    toml::table table = toml::parse(text, source);
    Flatten(table, "", source, out);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(source + ":" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) + ": " +
                           std::string(e.description()));
  }
  return out;
}

std::vector<RawValue> FromEnvironment(const Environment& env) {
  std::vector<RawValue> out;
  for (const FieldSpec& f : Fields()) {
    std::string name = "ATTUNE_";
    for (const char* c = f.key; *c; ++c) name += char(std::toupper(static_cast<unsigned char>(*c)));
    auto it = env.find(name);
    if (it == env.end()) continue;
    RawValue raw;
    raw.key = f.key;
    raw.where = "environment " + name;
    raw.from_env = true;
    raw.text = it->second;
    out.push_back(std::move(raw));
  }
  return out;
}

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string s(*entry);
    const size_t eq = s.find('=');
    if (eq != std::string::npos && s.rfind("ATTUNE_", 0) == 0) env[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return env;
}

Result<ServerOptions> ParseServerOptions(const std::string& toml_text,
                                         const std::string& source_name, const Environment& env,
                                         ServerOptions defaults) {
  ATTUNE_ASSIGN_OR_RETURN(std::vector<RawValue> raws, ParseToml(toml_text, source_name));
  for (RawValue& raw : FromEnvironment(env)) raws.push_back(std::move(raw));
  for (const RawValue& raw : raws) ATTUNE_RETURN_IF_ERROR(Apply(raw, defaults));
  return defaults;
}

Result<ServerOptions> LoadServerOptions(const std::string& toml_path, const Environment& env,
                                        ServerOptions defaults) {
  if (toml_path.empty()) return ParseServerOptions("", "(no config file)", env, defaults);
  std::string text;
  try {
    std::ifstream in(toml_path);
    if (!in) return InvalidArgument(toml_path + ": cannot open the configuration file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  } catch (const std::exception& e) {
    return InvalidArgument(toml_path + ": cannot read: " + e.what());
  }
  return ParseServerOptions(text, toml_path, env, defaults);
}

}  // namespace attune

#include "store/sql_dialect.h"

#include <utility>

namespace attune {
namespace {

std::string NumberPlaceholders(const std::string& sql) {
  std::string out;
  int next = 1;
  bool in_literal = false;
  for (char c : sql) {
    if (c == '\'') in_literal = !in_literal;
    if (c == '?' && !in_literal) {
      out += '$' + std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string SqlDialect::Render(std::string_view sql) const {
  const std::pair<std::string_view, std::string_view> tokens[] = {
      {"{INT}", int_type},
      {"{REAL}", real_type},
      {"{SERIAL_PK}", serial_pk},
      {"{BEGIN_WRITE}", begin_write},
      {"{WITHOUT_ROWID}", without_rowid},
      {"{V1_INTERACTIONS_SEQ}", v1_interactions_seq},
  };
  std::string out(sql);
  for (const auto& [token, value] : tokens) {
    for (size_t pos = out.find(token); pos != std::string::npos; pos = out.find(token, pos)) {
      out.replace(pos, token.size(), value);
      pos += value.size();
    }
  }
  return numbered_placeholders ? NumberPlaceholders(out) : out;
}

}  // namespace attune

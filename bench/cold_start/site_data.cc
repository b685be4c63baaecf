#include "site_data.h"

#include <charconv>
#include <unordered_map>

#include "base/csv.h"

namespace attune::bench {
namespace {

// Field positions by header name; InvalidArgument naming the file when one is missing.
Result<std::vector<int>> Columns(CsvReader& reader, const std::vector<std::string>& names) {
  CsvRow header;
  ATTUNE_ASSIGN_OR_RETURN(bool has, reader.Next(header));
  if (!has) return InvalidArgument(reader.name() + ": empty file");
  std::vector<int> at(names.size(), -1);
  for (size_t col = 0; col < header.fields.size(); ++col) {
    for (size_t n = 0; n < names.size(); ++n) {
      if (header.fields[col] == names[n]) at[n] = static_cast<int>(col);
    }
  }
  for (size_t n = 0; n < names.size(); ++n) {
    if (at[n] < 0) return InvalidArgument(reader.name() + ": no " + names[n] + " column");
  }
  return at;
}

int64_t ToInt(std::string_view s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

Result<SiteData> ReadGeneratedSite(const std::string& dir) {
  SiteData site;
  std::unordered_map<std::string, int32_t> items, users;
  ATTUNE_ASSIGN_OR_RETURN(auto item_reader, CsvReader::OpenFile(dir + "/items.csv", CsvOptions()));
  ATTUNE_ASSIGN_OR_RETURN(auto ic, Columns(*item_reader, {"ITEM_ID", "CREATION_TIMESTAMP", "CATEGORY",
                                                          "TAGS", "SOURCE", "TITLE"}));
  ItemContentBuilder builder;
  CsvRow row;
  while (true) {
    ATTUNE_ASSIGN_OR_RETURN(bool has, item_reader->Next(row));
    if (!has) break;
    const int32_t item = static_cast<int32_t>(items.size());
    items.emplace(std::string(row.fields[ic[0]]), item);
    site.item_created.push_back(ToInt(row.fields[ic[1]]));
    site.item_category.emplace_back(row.fields[ic[2]]);
    for (int f = 2; f < 6; ++f) {
      static const char* kNames[] = {"", "", "CATEGORY", "TAGS", "SOURCE", "TITLE"};
      builder.AddField(item, kNames[f], row.fields[ic[f]]);
    }
  }
  site.content = builder.Build(static_cast<int32_t>(items.size()));
  ATTUNE_ASSIGN_OR_RETURN(auto reader, CsvReader::OpenFile(dir + "/interactions.csv", CsvOptions()));
  ATTUNE_ASSIGN_OR_RETURN(auto ec, Columns(*reader, {"USER_ID", "ITEM_ID", "EVENT_TYPE"}));
  while (true) {
    ATTUNE_ASSIGN_OR_RETURN(bool has, reader->Next(row));
    if (!has) break;
    if (row.fields[ec[2]] == "hide") continue;
    auto item = items.find(std::string(row.fields[ec[1]]));
    if (item == items.end()) continue;
    auto [user, added] = users.emplace(std::string(row.fields[ec[0]]), static_cast<int32_t>(users.size()));
    site.events.push_back({user->second, item->second, 1.0f});
  }
  site.num_users = static_cast<int32_t>(users.size());
  return site;
}

}  // namespace attune::bench

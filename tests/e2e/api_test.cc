// End-to-end: the real `attune serve` binary on 127.0.0.1, driven over HTTP.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server_process.h"

namespace attune::testing {
namespace {

using Json = nlohmann::json;
const char* kAdmin = "e2e-admin-key";

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("attune-e2e"));
    server_ = new ServerProcess(*dir_ + "/data", {{"ATTUNE_ADMIN_KEY", kAdmin},
                                                  {"ATTUNE_MAX_BODY_BYTES", "1048576"}});
    ASSERT_TRUE(server_->Start()) << server_->error();
  }
  static void TearDownTestSuite() {
    delete server_;
    RemoveTree(*dir_);
    delete dir_;
  }

  static HttpResult Call(const std::string& method, const std::string& path,
                         const std::string& body = "", const std::string& key = kAdmin) {
    return server_->Request(method, path, key, body);
  }
  static void CreateGroup(const std::string& name) {
    HttpResult r = Call("POST", "/v1/groups", Json{{"name", name}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::string EventsBody(const std::string& user, int count, const std::string& id_prefix,
                                int64_t first_ts = 1'700'000'000) {
    Json events = Json::array();
    for (int i = 0; i < count; ++i) {
      events.push_back({{"event_id", id_prefix + std::to_string(i)}, {"event_type", "read"},
                        {"item_id", "item" + std::to_string(i % 7)}, {"timestamp", first_ts + i}});
    }
    return Json{{"user_id", user}, {"events", events}}.dump();
  }
  static std::string ErrorMessage(const HttpResult& r) {
    return r.json().value("/error/message"_json_pointer, std::string());
  }

  static std::string* dir_;
  static ServerProcess* server_;
};
std::string* ApiTest::dir_ = nullptr;
ServerProcess* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthNeedsNoKey) {
  EXPECT_EQ(Call("GET", "/healthz", "", "").status, 200);
  EXPECT_EQ(Call("GET", "/readyz", "", "").status, 200);
}

TEST_F(ApiTest, MissingOrUnknownKeyIs401WithTheErrorShape) {
  HttpResult none = Call("GET", "/v1/groups", "", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json()["error"]["code"], "unauthenticated");
  EXPECT_EQ(Call("GET", "/v1/groups", "", "not-a-key").status, 401);
}

TEST_F(ApiTest, UnknownRouteIs404) {
  HttpResult r = Call("GET", "/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["error"]["code"], "not_found");
}

TEST_F(ApiTest, GroupsCreateListGetDelete) {
  CreateGroup("g-crud");
  EXPECT_EQ(Call("POST", "/v1/groups", R"({"name": "g-crud"})").status, 409);
  HttpResult list = Call("GET", "/v1/groups");
  ASSERT_EQ(list.status, 200);
  bool found = false;
  const Json groups = list.json()["groups"];
  for (const Json& g : groups) found = found || g.value("name", "") == "g-crud";
  EXPECT_TRUE(found) << list.body;
  EXPECT_EQ(Call("GET", "/v1/groups/g-crud").json()["num_interactions"], 0);
  EXPECT_EQ(Call("DELETE", "/v1/groups/g-crud").status, 204);
  EXPECT_EQ(Call("GET", "/v1/groups/g-crud").status, 404);
}

TEST_F(ApiTest, BadJsonIs400WithThePosition) {
  HttpResult r = Call("POST", "/v1/groups", "{\"name\": }");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(ErrorMessage(r).find("at byte"), std::string::npos) << r.body;
}

TEST_F(ApiTest, SchemaItemsAndValidation) {
  CreateGroup("g-items");
  HttpResult put = Call("PUT", "/v1/groups/g-items/schemas/items",
                        R"({"fields": [{"name": "CATEGORY", "type": "categorical"},
                                       {"name": "WORDS", "type": "numeric"}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  HttpResult get = Call("GET", "/v1/groups/g-items/schemas/items");
  ASSERT_EQ(get.status, 200);
  EXPECT_NE(get.body.find("WORDS"), std::string::npos);
  HttpResult ok = Call("PUT", "/v1/groups/g-items/items",
                       R"({"items": [{"item_id": "a", "creation_timestamp": "2023-11-14T22:13:20Z",
                                      "properties": {"CATEGORY": "sport", "WORDS": 300}}]})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  HttpResult item = Call("GET", "/v1/groups/g-items/items/a");
  ASSERT_EQ(item.status, 200);
  EXPECT_EQ(item.json()["creation_timestamp"], 1'700'000'000);
  EXPECT_EQ(item.json()["properties"]["CATEGORY"], "sport");
  HttpResult bad = Call("PUT", "/v1/groups/g-items/items",
                        R"({"items": [{"item_id": "b"}, {"item_id": "c", "properties": {"WORDS": "many"}}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(ErrorMessage(bad).find("items[1].properties.WORDS"), std::string::npos) << bad.body;
  EXPECT_EQ(Call("GET", "/v1/groups/g-items/items/b").status, 404);  // nothing of a bad batch
  EXPECT_EQ(Call("DELETE", "/v1/groups/g-items/items/a").status, 204);
  EXPECT_EQ(Call("GET", "/v1/groups/g-items/items/a").status, 404);
}

TEST_F(ApiTest, ItemBatchOverOneThousandIs413) {
  CreateGroup("g-bigitems");
  Json items = Json::array();
  for (int i = 0; i < 1001; ++i) items.push_back({{"item_id", "i" + std::to_string(i)}});
  HttpResult r = Call("PUT", "/v1/groups/g-bigitems/items", Json{{"items", items}}.dump());
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["error"]["code"], "resource_exhausted");
}

TEST_F(ApiTest, EventsDedupAndCountsAndUnknownItemsLinkUpLater) {
  CreateGroup("g-events");
  HttpResult first = Call("POST", "/v1/groups/g-events/events", EventsBody("u1", 10, "e"));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["accepted"], 10);
  EXPECT_EQ(first.json()["duplicates"], 0);
  HttpResult again = Call("POST", "/v1/groups/g-events/events", EventsBody("u1", 12, "e"));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["accepted"], 2);
  EXPECT_EQ(again.json()["duplicates"], 10);
  Json group = Call("GET", "/v1/groups/g-events").json();
  EXPECT_EQ(group["num_interactions"], 12);
  EXPECT_EQ(group["interactions_per_event_type"]["read"], 12);
  // The events named item0..item6, none of them in the catalogue yet: the ids are known, the
  // items are not.
  EXPECT_EQ(group["num_items"], 7);
  EXPECT_EQ(Call("GET", "/v1/groups/g-events/items/item3").status, 404);
  ASSERT_EQ(Call("PUT", "/v1/groups/g-events/items",
                 R"({"items": [{"item_id": "item3", "properties": {"CATEGORY": "sport"}}]})")
                .status,
            200);
  // Linked: the catalogue row took the id the events created (still 7 items, not 8), and the
  // events that named it before it arrived are the item's events now.
  EXPECT_EQ(Call("GET", "/v1/groups/g-events").json()["num_items"], 7);
  HttpResult item = Call("GET", "/v1/groups/g-events/items/item3");
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.json()["properties"]["CATEGORY"], "sport");
  Json listed = Call("GET", "/v1/groups/g-events/users/u1/interactions").json()["interactions"];
  int item3_events = 0;
  for (const Json& event : listed) item3_events += event["item_id"] == "item3" ? 1 : 0;
  EXPECT_EQ(item3_events, 2);  // e3 and e10 (item ids cycle through item0..item6)
}

TEST_F(ApiTest, EventPropertiesAreCheckedAgainstTheInteractionsSchema) {
  CreateGroup("g-props");
  ASSERT_EQ(Call("PUT", "/v1/groups/g-props/schemas/interactions",
                 R"({"fields": [{"name": "WORDS", "type": "numeric"}]})")
                .status,
            200);
  Json body = Json::parse(EventsBody("u", 5, "p"));
  body["events"][3]["properties"] = {{"WORDS", "abc"}};
  HttpResult bad = Call("POST", "/v1/groups/g-props/events", body.dump());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(ErrorMessage(bad), "events[3].properties.WORDS: expected a number, got \"abc\"");
  body["events"][3]["properties"] = {{"COLOUR", "red"}};
  HttpResult undeclared = Call("POST", "/v1/groups/g-props/events", body.dump());
  EXPECT_EQ(undeclared.status, 400) << undeclared.body;
  EXPECT_NE(ErrorMessage(undeclared).find("events[3].properties.COLOUR: not a declared field"),
            std::string::npos) << undeclared.body;
  body["events"][3].erase("properties");
  body["events"][3]["colour"] = "red";
  HttpResult unknown = Call("POST", "/v1/groups/g-props/events", body.dump());
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_NE(ErrorMessage(unknown).find("events[3].colour: unknown field"), std::string::npos)
      << unknown.body;
  EXPECT_EQ(Call("GET", "/v1/groups/g-props").json()["num_interactions"], 0);
  body["events"][3].erase("colour");
  body["events"][3]["properties"] = {{"words", "12"}};
  ASSERT_EQ(Call("POST", "/v1/groups/g-props/events", body.dump()).status, 200);
  Json listed = Call("GET", "/v1/groups/g-props/users/u/interactions").json()["interactions"];
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed[1]["properties"], Json({{"WORDS", 12}})) << listed.dump();  // p3, newest-but-one
}

TEST_F(ApiTest, EventBatchOverOneThousandIs413AndBadTimestampIs400) {
  CreateGroup("g-limits");
  HttpResult big = Call("POST", "/v1/groups/g-limits/events", EventsBody("u", 1001, "x"));
  EXPECT_EQ(big.status, 413) << big.body;
  Json body = Json::parse(EventsBody("u", 5, "t"));
  body["events"][3]["timestamp"] = "yesterday";
  HttpResult bad = Call("POST", "/v1/groups/g-limits/events", body.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorMessage(bad),
            "events[3].timestamp: expected epoch seconds or ISO-8601, got \"yesterday\"");
  EXPECT_EQ(Call("GET", "/v1/groups/g-limits").json()["num_interactions"], 0);
}

TEST_F(ApiTest, BodyOverTheLimitIs413) {
  CreateGroup("g-body");
  HttpResult r = Call("POST", "/v1/groups/g-body/events", std::string(2 << 20, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["error"]["code"], "resource_exhausted") << r.body;
}

TEST_F(ApiTest, InteractionsNewestFirstAndUserDeletionCascades) {
  CreateGroup("g-users");
  ASSERT_EQ(Call("POST", "/v1/groups/g-users/events", EventsBody("u9", 5, "n")).status, 200);
  ASSERT_EQ(Call("PUT", "/v1/groups/g-users/users", R"({"users": [{"user_id": "u9"}]})").status,
            200);
  HttpResult list = Call("GET", "/v1/groups/g-users/users/u9/interactions?limit=3");
  ASSERT_EQ(list.status, 200);
  Json events = list.json()["interactions"];
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["timestamp"], 1'700'000'004);
  EXPECT_EQ(events[1]["timestamp"], 1'700'000'003);
  EXPECT_EQ(events[2]["timestamp"], 1'700'000'002);
  EXPECT_EQ(Call("DELETE", "/v1/groups/g-users/users/u9").status, 204);
  EXPECT_EQ(Call("GET", "/v1/groups/g-users/users/u9").status, 404);
  EXPECT_EQ(Call("GET", "/v1/groups/g-users/users/u9/interactions").json()["interactions"].size(),
            0u);
  EXPECT_EQ(Call("GET", "/v1/groups/g-users").json()["num_interactions"], 0);
}

TEST_F(ApiTest, KeysAndRoles) {
  CreateGroup("g-keys");
  CreateGroup("g-other");
  HttpResult created = Call("POST", "/v1/keys", R"({"group": "g-keys", "role": "track", "name": "web"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string track = created.json()["secret"];
  const std::string read = Call("POST", "/v1/keys", R"({"role": "read", "name": "r"})").json()["secret"];
  EXPECT_EQ(Call("POST", "/v1/groups/g-keys/events", EventsBody("u", 2, "k"), track).status, 200);
  EXPECT_EQ(Call("POST", "/v1/groups/g-other/events", EventsBody("u", 2, "k"), track).status, 403);
  EXPECT_EQ(Call("GET", "/v1/groups/g-keys", "", track).status, 403);
  EXPECT_EQ(Call("PUT", "/v1/groups/g-keys/items", R"({"items":[{"item_id":"a"}]})", track).status,
            403);
  EXPECT_EQ(Call("GET", "/v1/groups/g-keys", "", read).status, 200);
  EXPECT_EQ(Call("POST", "/v1/groups/g-keys/events", EventsBody("u", 2, "r"), read).status, 403);
  EXPECT_EQ(Call("POST", "/v1/keys", R"({"role": "admin", "name": "x"})", read).status, 403);
  HttpResult list = Call("GET", "/v1/keys");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(track), std::string::npos);  // never secrets
  const int64_t id = created.json()["id"];
  EXPECT_EQ(Call("DELETE", "/v1/keys/" + std::to_string(id)).status, 204);
  EXPECT_EQ(Call("POST", "/v1/groups/g-keys/events", EventsBody("u", 2, "z"), track).status, 401);
}

TEST_F(ApiTest, ImportCsvBody) {
  CreateGroup("g-import");
  const std::string csv =
      "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\nu1,i1,read,1700000000\nu1,i2,read,1700000100\n"
      "u2,i1,open,1700000200\n";
  HttpResult r = server_->Request("POST", "/v1/groups/g-import/imports?dataset=interactions",
                                  kAdmin, csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "succeeded") << r.body;
  EXPECT_EQ(r.json()["rows_imported"], 3);
  const int64_t job_id = r.json()["job_id"];
  HttpResult job = Call("GET", "/v1/groups/g-import/imports/" + std::to_string(job_id));
  ASSERT_EQ(job.status, 200);
  EXPECT_EQ(job.json()["status"], "succeeded");
  EXPECT_EQ(Call("GET", "/v1/groups/g-import/imports").json()["imports"].size(), 1u);
  EXPECT_EQ(Call("GET", "/v1/groups/g-import").json()["num_interactions"], 3);
  EXPECT_EQ(Call("GET", "/v1/groups/g-import/users/u1/interactions").json()["interactions"][0]["item_id"],
            "i2");
}

// The CLI's import options over HTTP, with the API's names: a MovieLens u.data-like body (tabs,
// no header) through the query, the error-rate threshold, and messages in the API's spelling.
TEST_F(ApiTest, ImportOptionsMatchTheCommandLine) {
  CreateGroup("g-import-options");
  const std::string udata = "1\t10\t4\t881250949\n2\t10\t3\t891717742\n1\t11\t5\t878887116\n";
  HttpResult tabs = server_->Request(
      "POST",
      "/v1/groups/g-import-options/imports?dataset=interactions&delimiter=tab&no_header=true"
      "&columns=USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP",
      kAdmin, udata, "text/csv");
  ASSERT_EQ(tabs.status, 200) << tabs.body;
  EXPECT_EQ(tabs.json()["status"], "succeeded") << tabs.body;
  EXPECT_EQ(tabs.json()["rows_imported"], 3);

  // One bad row in three is over a 10% threshold and under a 50% one.
  const std::string one_bad = "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\nu1,i1,read,1700000000\n"
                              "u1,i2,read,yesterday\nu2,i1,open,1700000200\n";
  HttpResult strict = server_->Request(
      "POST", "/v1/groups/g-import-options/imports?dataset=interactions", kAdmin, one_bad,
      "text/csv");
  ASSERT_EQ(strict.status, 200) << strict.body;
  EXPECT_EQ(strict.json()["status"], "failed") << strict.body;
  EXPECT_NE(strict.json()["message"].get<std::string>().find("raise max_error_rate"),
            std::string::npos) << strict.body;
  HttpResult lenient = server_->Request(
      "POST", "/v1/groups/g-import-options/imports?dataset=interactions&max_error_rate=0.5",
      kAdmin, one_bad, "text/csv");
  ASSERT_EQ(lenient.status, 200) << lenient.body;
  EXPECT_EQ(lenient.json()["status"], "succeeded") << lenient.body;
  EXPECT_EQ(lenient.json()["rows_imported"], 2);
  EXPECT_EQ(lenient.json()["errors"][0]["line"], 3);
  EXPECT_EQ(lenient.json()["errors"][0]["column"], "TIMESTAMP");

  HttpResult no_columns = server_->Request(
      "POST", "/v1/groups/g-import-options/imports?dataset=interactions&no_header=true", kAdmin,
      udata, "text/csv");
  EXPECT_EQ(no_columns.status, 400) << no_columns.body;
  EXPECT_EQ(ErrorMessage(no_columns),
            "no_header needs columns, e.g. columns=USER_ID,ITEM_ID,TIMESTAMP");
  HttpResult typo = server_->Request(
      "POST", "/v1/groups/g-import-options/imports?dataset=interactions&delimeter=tab", kAdmin,
      udata, "text/csv");
  EXPECT_EQ(typo.status, 400) << typo.body;
  EXPECT_NE(ErrorMessage(typo).find("query.delimeter: unknown field"), std::string::npos)
      << typo.body;
  HttpResult bad_delimiter = server_->Request(
      "POST", "/v1/groups/g-import-options/imports?dataset=interactions&delimiter=ab", kAdmin,
      udata, "text/csv");
  EXPECT_EQ(bad_delimiter.status, 400) << bad_delimiter.body;
  EXPECT_EQ(ErrorMessage(bad_delimiter).rfind("query.delimiter: expected one character", 0), 0u)
      << bad_delimiter.body;
  HttpResult bad_mode = server_->Request(
      "POST", "/v1/groups/g-import-options/imports?dataset=interactions&mode=ful", kAdmin, udata,
      "text/csv");
  EXPECT_EQ(bad_mode.status, 400) << bad_mode.body;
  EXPECT_EQ(ErrorMessage(bad_mode).rfind("query.mode: ", 0), 0u) << bad_mode.body;
  // Nothing of the rejected requests was imported: 3 u.data rows and the 2 good rows above.
  EXPECT_EQ(Call("GET", "/v1/groups/g-import-options").json()["num_interactions"], 5);
  HttpResult bad_rate = Call("POST", "/v1/groups/g-import-options/imports",
                             R"({"path": "/nonexistent.csv", "dataset": "interactions",
                                 "max_error_rate": "lots"})");
  EXPECT_EQ(bad_rate.status, 400) << bad_rate.body;
  EXPECT_EQ(ErrorMessage(bad_rate), "max_error_rate: expected a number, got \"lots\"");
}

TEST_F(ApiTest, MetricsCountRequestsAndEvents) {
  CreateGroup("g-metrics");
  ASSERT_EQ(Call("POST", "/v1/groups/g-metrics/events", EventsBody("u", 3, "m")).status, 200);
  HttpResult metrics = Call("GET", "/metrics", "", "");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("route=\"/v1/groups/{group}/events\",status=\"200\""),
            std::string::npos);
  EXPECT_NE(metrics.body.find("attune_events_accepted_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("attune_http_request_duration_seconds_bucket"), std::string::npos);
}

// SIGTERM straight after the "listening" line, before the main thread waits for it: the signal
// may go to a library's thread (OpenBLAS starts some before main) and must still stop cleanly.
TEST(ServeTest, SigtermRightAfterStartIsACleanExit) {
  const std::string dir = MakeTempDir("attune-e2e-term");
  for (int attempt = 0; attempt < 5; ++attempt) {
    ServerProcess server(dir + "/data");
    ASSERT_TRUE(server.Start()) << server.error();
    EXPECT_EQ(server.Stop(), 0) << "attempt " << attempt;
  }
  RemoveTree(dir);
}

TEST(ServeTest, GeneratesAnAdminKeyOnceAndItWorksAfterRestart) {
  const std::string dir = MakeTempDir("attune-e2e-key");
  std::string secret;
  {
    ServerProcess server(dir + "/data");
    ASSERT_TRUE(server.Start()) << server.error();
    const std::string& out = server.startup_output();
    const size_t at = out.find("atk_");
    ASSERT_NE(at, std::string::npos) << out;
    secret = out.substr(at, out.find('\n', at) - at);
    EXPECT_EQ(server.Request("GET", "/v1/groups", secret).status, 200);
    EXPECT_EQ(server.Stop(), 0);  // SIGTERM is a clean exit
  }
  ServerProcess again(dir + "/data");
  ASSERT_TRUE(again.Start()) << again.error();
  EXPECT_EQ(again.startup_output().find("atk_"), std::string::npos);  // printed only once
  EXPECT_EQ(again.Request("GET", "/v1/groups", secret).status, 200);
  again.Stop();
  RemoveTree(dir);
}

}  // namespace
}  // namespace attune::testing

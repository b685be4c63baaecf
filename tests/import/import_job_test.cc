// The import job on small files whose right answer is known.
#include "import_test_util.h"

namespace attune {
namespace {

using ImportJobTest = ImportTestBase;

const char kGood[] =
    "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE\n"
    "u1,i1,read,1700000000,0.5\n"
    "u1,i2,open,1700000000123,\n"
    "u2,i1,like,2023-11-14T22:13:20Z,1\n";

TEST_F(ImportJobTest, GoodFileImportsEveryRowAndRecordsTheJob) {
  ImportSummary s = Import(Request(WriteFile("good.csv", kGood)));
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, 3);
  EXPECT_EQ(s.rows_imported, 3);
  EXPECT_EQ(s.rows_rejected, 0);
  EXPECT_TRUE(s.errors.empty());
  EXPECT_EQ(Interactions(), 3);
  auto job = store_->GetImportJob(s.job_id);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->status, JobStatus::kSucceeded);
  EXPECT_EQ(job->rows_imported, 3);
  EXPECT_EQ(job->spec.content_hash, s.content_hash);
  auto events = store_->UserInteractions("g", "u1", 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  for (const StoredInteraction& e : *events) {
    EXPECT_EQ(e.timestamp, 1700000000) << "epoch seconds and milliseconds agree";
    if (e.item_id == "i1") {
      EXPECT_EQ(e.event_value, 0.5);
    } else {
      EXPECT_FALSE(e.event_value.has_value());
    }
  }
}

TEST_F(ImportJobTest, BadRowsAreSkippedAndReportedWithLineAndColumn) {
  std::string csv = "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n";
  for (int i = 0; i < 18; ++i) csv += "u" + std::to_string(i) + ",i1,read,1700000000\n";
  csv.insert(csv.find("u3,"), "u9,i9,read,yesterday\n");  // line 5
  csv += ",i1,read,1700000000\n";                        // line 21: empty USER_ID
  ImportSummary s = Import(Request(WriteFile("bad.csv", csv)));
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, 20);
  EXPECT_EQ(s.rows_rejected, 2);
  EXPECT_EQ(s.rows_imported, 18);
  EXPECT_EQ(Interactions(), 18);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_EQ(s.errors[0].line, 5);
  EXPECT_EQ(s.errors[0].column, "TIMESTAMP");
  EXPECT_NE(s.errors[0].message.find("\"yesterday\""), std::string::npos) << s.errors[0].message;
  EXPECT_EQ(s.errors[1].line, 21);
  EXPECT_EQ(s.errors[1].column, "USER_ID");
  auto job = store_->GetImportJob(s.job_id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->rows_rejected, 2);
  ASSERT_EQ(job->errors.size(), 2u);
  EXPECT_EQ(job->errors[0].line, 5);
}

TEST_F(ImportJobTest, TooManyBadRowsFailTheJobAndImportNothing) {
  std::string csv = "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n";
  for (int i = 0; i < 8; ++i) csv += "u" + std::to_string(i) + ",i1,read,1700000000\n";
  csv += "u8,i1,read,soon\nu9,i1,\"read\"x,1\n";  // 2 of 10 bad: 20% > 10%
  ImportSummary s = Import(Request(WriteFile("worse.csv", csv)));
  EXPECT_EQ(s.status, "failed");
  EXPECT_EQ(s.rows_read, 10);
  EXPECT_EQ(s.rows_rejected, 2);
  EXPECT_EQ(s.rows_imported, 0);
  EXPECT_NE(s.message.find("nothing was imported"), std::string::npos) << s.message;
  EXPECT_EQ(Interactions(), 0);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_EQ(s.errors[1].line, 11);
  EXPECT_NE(s.errors[1].message.find("after a closing quote"), std::string::npos);
  auto job = store_->GetImportJob(s.job_id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->status, JobStatus::kFailed);
  EXPECT_EQ(job->rows_rejected, 2);

  ImportRequest lenient = Request(WriteFile("worse.csv", csv));
  lenient.max_error_rate = 0.2;  // exactly at the limit: allowed
  EXPECT_EQ(Import(lenient).status, "succeeded");
  EXPECT_EQ(Interactions(), 8);
}

TEST_F(ImportJobTest, QuotedFieldsWithNewlinesKeepLineNumbersRight) {
  std::string csv =
      "ITEM_ID,CREATION_TIMESTAMP,TITLE,TAGS,CATEGORY\n"
      "a,1700000000,\"Rain, then sun\nand \"\"wind\"\"\",x|y,weather\n"
      "b,not-a-time,t,,\n"
      "c,,\"plain\",z,\n";
  ImportSummary s = Import(Request(WriteFile("items.csv", csv), DatasetType::kItems));
  EXPECT_EQ(s.status, "failed") << "1 of 3 rejected is over 10%";
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].line, 4) << "the quoted newline moves row b to line 4";
  EXPECT_EQ(s.errors[0].column, "CREATION_TIMESTAMP");

  ImportRequest lenient = Request(WriteFile("items.csv", csv), DatasetType::kItems);
  lenient.max_error_rate = 0.5;
  lenient.force = true;
  EXPECT_EQ(Import(lenient).rows_imported, 2);
  auto item = store_->GetItem("g", "a");
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->creation_timestamp, 1700000000);
  EXPECT_NE(item->properties_json.find("Rain, then sun\\nand \\\"wind\\\""), std::string::npos)
      << item->properties_json;
  EXPECT_NE(item->properties_json.find("[\"x\",\"y\"]"), std::string::npos) << item->properties_json;
}

TEST_F(ImportJobTest, CrLfBomAndLowerCaseHeader) {
  std::string csv = "\xEF\xBB\xBFuser_id,Item_Id,event_type,timestamp\r\nu1,i1,read,1\r\nu1,i2,read,2";
  ImportSummary s = Import(Request(WriteFile("crlf.csv", csv)));
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_imported, 2);
  auto events = store_->UserInteractions("g", "u1", 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].item_id, "i2") << "no stray \\r at the end of the last field";
  EXPECT_EQ((*events)[0].timestamp, 2);
}

TEST_F(ImportJobTest, UnknownHeaderColumnsAreIgnoredWithAWarning) {
  ImportSummary s = Import(Request(WriteFile("extra.csv", "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,COLOR\nu,i,read,1,red\n")));
  EXPECT_EQ(s.status, "succeeded") << s.message;
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("\"COLOR\""), std::string::npos);
}

TEST_F(ImportJobTest, MissingRequiredColumnFailsTheWholeFile) {
  ImportSummary s = Import(Request(WriteFile("no_time.csv", "USER_ID,ITEM_ID,EVENT_TYPE\nu,i,read\n")));
  EXPECT_EQ(s.status, "failed");
  EXPECT_NE(s.message.find("TIMESTAMP"), std::string::npos) << s.message;
  EXPECT_EQ(Interactions(), 0);
}

TEST_F(ImportJobTest, UnknownExplicitColumnIsAnErrorListingTheFields) {
  ImportRequest request = Request(WriteFile("x.tsv", "1\t2\n"));
  request.has_header = false;
  request.columns = {"USER_ID", "ITEM", "TIMESTAMP"};
  auto summary = RunImport(*store_, request, nullptr);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(summary.status().message().find("\"ITEM\""), std::string::npos);
  EXPECT_NE(summary.status().message().find("ITEM_ID"), std::string::npos);
}

TEST_F(ImportJobTest, UnknownGroupAndMissingFileAreErrorsBeforeAnyJob) {
  ImportRequest request = Request(WriteFile("good.csv", kGood));
  request.group = "nope";
  EXPECT_EQ(RunImport(*store_, request, nullptr).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(RunImport(*store_, Request((dir_ / "missing.csv").string()), nullptr).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ImportJobTest, ReimportOfIdenticalContentIsSkippedUnlessForced) {
  std::string path = WriteFile("good.csv", kGood);
  ImportSummary first = Import(Request(path));
  ASSERT_EQ(first.status, "succeeded");
  ImportSummary again = Import(Request(path));
  EXPECT_EQ(again.status, "skipped");
  EXPECT_EQ(again.job_id, first.job_id);
  EXPECT_NE(again.message.find("--force"), std::string::npos);
  EXPECT_EQ(Interactions(), 3);
  ImportRequest forced = Request(path);
  forced.force = true;
  ImportSummary third = Import(forced);
  EXPECT_EQ(third.status, "succeeded");
  EXPECT_NE(third.job_id, first.job_id);
  EXPECT_EQ(Interactions(), 6);
  ImportSummary changed = Import(Request(WriteFile("good2.csv", std::string(kGood) + "u3,i3,read,5,\n")));
  EXPECT_EQ(changed.status, "succeeded") << "different content is not a re-import";
}

TEST_F(ImportJobTest, FullModeReplacesImportedRowsButKeepsApiEvents) {
  ASSERT_EQ(Import(Request(WriteFile("a.csv", kGood))).rows_imported, 3);
  Interaction api{"api-user", "i1", "read", 1700000100, std::nullopt, "", "", "", "", ""};
  ASSERT_TRUE(store_->AppendEvents("g", {api}).ok());
  ImportRequest full = Request(WriteFile("b.csv", "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\nu7,i7,read,1\n"));
  full.mode = ImportMode::kFull;
  EXPECT_EQ(Import(full).status, "succeeded");
  EXPECT_EQ(Interactions(), 2) << "3 imported rows replaced by 1; the API event stays";
  auto u1 = store_->UserInteractions("g", "u1", 10);
  ASSERT_TRUE(u1.ok());
  EXPECT_TRUE(u1->empty());
  auto api_events = store_->UserInteractions("g", "api-user", 10);
  ASSERT_TRUE(api_events.ok());
  EXPECT_EQ(api_events->size(), 1u);
}

TEST_F(ImportJobTest, DuplicateEventIdsAreCounted) {
  ImportSummary s = Import(Request(WriteFile("dup.csv",
      "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_ID\nu,i,read,1,e1\nu,i,read,1,e1\nu,j,read,1,e2\n")));
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, 3);
  EXPECT_EQ(s.duplicates, 1);
  EXPECT_EQ(Interactions(), 2);
}

TEST_F(ImportJobTest, UsersDatasetAndInMemoryBody) {
  ImportRequest request = Request("", DatasetType::kUsers);
  request.body = "USER_ID,AGE\nu1,30\nu2,41\n";
  ImportSummary s = Import(request);
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_imported, 2);
  auto user = store_->GetUser("g", "u2");
  ASSERT_TRUE(user.ok()) << user.status().ToString();
}

TEST_F(ImportJobTest, ProgressReachesTheTotal) {
  std::string path = WriteFile("good.csv", kGood);
  std::vector<JobProgress> seen;
  auto s = RunImport(*store_, Request(path), [&](const JobProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(s.ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().done, std::filesystem::file_size(path));
  EXPECT_EQ(seen.back().total, std::filesystem::file_size(path));
  EXPECT_EQ(seen.back().rows, 3);
}

TEST_F(ImportJobTest, LightGcnLinesBecomeInteractions) {
  ImportRequest request = Request(WriteFile("train.txt", "0 5 6 7\n1 5\n2\n"));
  request.format = ImportFormat::kLightGcn;
  ImportSummary s = Import(request);
  EXPECT_EQ(s.status, "succeeded") << s.message;
  EXPECT_EQ(s.rows_read, 4);
  EXPECT_EQ(s.rows_imported, 4);
  auto events = store_->UserInteractions("g", "0", 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].event_type, "interaction");
  EXPECT_EQ((*events)[0].timestamp, 0);
}

}  // namespace
}  // namespace attune

#include "base/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

namespace attune {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Reads everything; errors are collected as their messages, in order, between the rows.
struct ReadAll {
  Rows rows;
  std::vector<int64_t> lines;
  std::vector<std::string> errors;
};

ReadAll Read(CsvReader& reader) {
  ReadAll out;
  CsvRow row;
  for (int guard = 0; guard < 1'000'000; ++guard) {
    Result<bool> more = reader.Next(row);
    if (!more.ok()) {
      out.errors.push_back(more.status().message());
      continue;
    }
    if (!*more) break;
    out.rows.emplace_back(row.fields.begin(), row.fields.end());
    out.lines.push_back(row.line);
  }
  return out;
}

ReadAll ReadString(std::string text, CsvOptions options = {}) {
  auto reader = CsvReader::FromString(std::move(text), "t.csv", options);
  return Read(*reader);
}

TEST(CsvReaderTest, SimpleRowsAndLineNumbers) {
  ReadAll r = ReadString("a,b,c\n1,2,3\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(r.errors.empty());
}

TEST(CsvReaderTest, FinalLineWithoutNewline) {
  EXPECT_EQ(ReadString("a,b\n1,2").rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, EmptyFieldsAreKept) {
  EXPECT_EQ(ReadString(",x,\n").rows, (Rows{{"", "x", ""}}));
}

TEST(CsvReaderTest, CrLfLineEnds) {
  ReadAll r = ReadString("a,b\r\n1,2\r\n3,4");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, BomIsSkipped) {
  ReadAll r = ReadString("\xEF\xBB\xBFUSER_ID,ITEM_ID\nu,i\n");
  EXPECT_EQ(r.rows, (Rows{{"USER_ID", "ITEM_ID"}, {"u", "i"}}));
}

TEST(CsvReaderTest, EmptyLinesAreSkippedButCounted) {
  ReadAll r = ReadString("\na\n\r\n\nb\n\n");
  EXPECT_EQ(r.rows, (Rows{{"a"}, {"b"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{2, 5}));
}

TEST(CsvReaderTest, QuotedFieldsWithDelimitersNewlinesAndDoubledQuotes) {
  ReadAll r = ReadString("id,text\n1,\"a, b\"\n2,\"line1\nline2\"\n3,\"say \"\"hi\"\"\"\n4,x\n");
  EXPECT_EQ(r.rows, (Rows{{"id", "text"}, {"1", "a, b"}, {"2", "line1\nline2"},
                          {"3", "say \"hi\""}, {"4", "x"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 3, 5, 6}));
  EXPECT_TRUE(r.errors.empty());
}

TEST(CsvReaderTest, QuotedEmptyFieldAndQuotedCrLf) {
  EXPECT_EQ(ReadString("\"\",\"x\r\ny\"\r\n").rows, (Rows{{"", "x\r\ny"}}));
}

TEST(CsvReaderTest, TabDelimiter) {
  CsvOptions options;
  options.delimiter = '\t';
  EXPECT_EQ(ReadString("196\t242\t3\t881250949\n", options).rows,
            (Rows{{"196", "242", "3", "881250949"}}));
}

TEST(CsvReaderTest, StrayQuoteIsARowErrorAndReadingContinues) {
  ReadAll r = ReadString("a,b\n1,x\"y\n2,z\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"2", "z"}}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].rfind("t.csv:2:4: quote inside an unquoted field", 0), 0u) << r.errors[0];
}

TEST(CsvReaderTest, CharacterAfterClosingQuoteIsARowError) {
  ReadAll r = ReadString("\"ab\"c,d\nok\n");
  EXPECT_EQ(r.rows, (Rows{{"ok"}}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].rfind("t.csv:1:5: unexpected 'c' after a closing quote", 0), 0u)
      << r.errors[0];
}

TEST(CsvReaderTest, UnterminatedQuoteReportsItsStartAndResumesOnTheNextLine) {
  ReadAll r = ReadString("a\n1,\"open\n2,x\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].rfind("t.csv:2:3: unterminated quoted field", 0), 0u) << r.errors[0];
  EXPECT_EQ(r.rows, (Rows{{"a"}, {"2", "x"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 3}));
}

TEST(CsvReaderTest, InvalidUtf8IsARowErrorWithColumn) {
  ReadAll r = ReadString("caf\xC3\xA9,1\nab\xFF,2\nx\xE2\x82,3\nok,4\n");
  EXPECT_EQ(r.rows, (Rows{{"caf\xC3\xA9", "1"}, {"ok", "4"}}));
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].rfind("t.csv:2:3: invalid UTF-8 (byte 0xFF)", 0), 0u) << r.errors[0];
  EXPECT_EQ(r.errors[1].rfind("t.csv:3:2: invalid UTF-8 (byte 0xE2)", 0), 0u) << r.errors[1];
}

TEST(CsvReaderTest, OverlongAndSurrogateUtf8AreRejected) {
  EXPECT_EQ(ReadString("\xC0\xAF\n").errors.size(), 1u);       // overlong '/'
  EXPECT_EQ(ReadString("\xED\xA0\x80\n").errors.size(), 1u);   // U+D800
  EXPECT_EQ(ReadString("\xF4\x90\x80\x80\n").errors.size(), 1u);  // > U+10FFFF
  EXPECT_TRUE(ReadString("\xF0\x9F\x98\x80\n").errors.empty());   // emoji
}

TEST(CsvReaderTest, Utf8ValidationCanBeTurnedOff) {
  CsvOptions options;
  options.validate_utf8 = false;
  EXPECT_EQ(ReadString("ab\xFF\n", options).rows, (Rows{{"ab\xFF"}}));
}

TEST(CsvReaderTest, RecordLongerThanTheLimitIsAnError) {
  CsvOptions options;
  options.max_record_bytes = 1000;
  std::string path = ::testing::TempDir() + "/csv_long.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,\"" << std::string(5000, 'x') << "\n" << std::string(3000, 'y') << "\nb,c\n";
  }
  auto reader = CsvReader::OpenFile(path, options);
  ASSERT_TRUE(reader.ok());
  ReadAll r = Read(**reader);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].find("record longer than 1000 bytes"), std::string::npos);
  ASSERT_FALSE(r.rows.empty());
  EXPECT_EQ(r.rows.back(), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(r.lines.back(), 3);
  std::remove(path.c_str());
}

TEST(CsvReaderTest, MissingFileIsNotFound) {
  auto reader = CsvReader::OpenFile("/nonexistent/x.csv", {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("/nonexistent/x.csv"), std::string::npos);
}

// Random CSV with every special case, written with a known field list, read back from a file
// (records cross the 1 MiB buffer boundary many times) and compared.
TEST(CsvReaderTest, RandomRoundTripAcrossBufferBoundaries) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab,\"\n\r xyz\xC3\xA9";
  Rows expected;
  std::string text;
  while (text.size() < (size_t{3} << 20)) {
    std::vector<std::string> fields(1 + rng() % 5);
    for (size_t f = 0; f < fields.size(); ++f) {
      size_t len = rng() % 12;
      for (size_t k = 0; k < len; ++k) {
        size_t pick = rng() % (alphabet.size() - 1);
        if (alphabet[pick] == '\xC3') fields[f] += "\xC3\xA9";
        else if (alphabet[pick] != '\xA9') fields[f] += alphabet[pick];
      }
      if (f > 0) text += ',';
      bool quote = fields[f].find_first_of(",\"\n\r") != std::string::npos || fields[f].empty();
      if (!quote) { text += fields[f]; continue; }
      text += '"';
      for (char c : fields[f]) text += (c == '"') ? std::string("\"\"") : std::string(1, c);
      text += '"';
    }
    text += (rng() % 2) ? "\r\n" : "\n";
    expected.push_back(fields);
  }
  std::string path = ::testing::TempDir() + "/csv_random.csv";
  { std::ofstream(path, std::ios::binary) << text; }
  auto reader = CsvReader::OpenFile(path, {});
  ASSERT_TRUE(reader.ok());
  ReadAll r = Read(**reader);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  ASSERT_EQ(r.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(r.rows[i], expected[i]) << "row " << i;
  EXPECT_EQ((*reader)->bytes_consumed(), text.size());
  EXPECT_EQ((*reader)->total_bytes(), text.size());
  auto from_string = CsvReader::FromString(text, "s", {});
  Read(*from_string);
  EXPECT_EQ((*reader)->content_hash(), from_string->content_hash());
  std::remove(path.c_str());
}

TEST(StreamHash64Test, ChunkingDoesNotMatterButContentDoes) {
  std::string data(1000, 'q');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31);
  StreamHash64 whole;
  whole.Update(data);
  for (size_t step : {1, 3, 7, 8, 13, 999}) {
    StreamHash64 chunked;
    for (size_t i = 0; i < data.size(); i += step) chunked.Update(std::string_view(data).substr(i, step));
    EXPECT_EQ(chunked.Finish(), whole.Finish()) << step;
  }
  StreamHash64 other;
  data[500] ^= 1;
  other.Update(data);
  EXPECT_NE(other.Finish(), whole.Finish());
  StreamHash64 a, b;
  a.Update("ab");
  b.Update(std::string_view("ab\0", 3));  // a trailing zero byte must change the hash
  EXPECT_NE(a.Finish(), b.Finish());
}

}  // namespace
}  // namespace attune

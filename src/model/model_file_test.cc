#include "model/model_file.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "model/als.h"
#include "model/registry.h"

namespace attune {
namespace {

// A fresh directory of its own for each test (mkdtemp), removed with everything in it at the end,
// so that tests running at the same time do not share files and nothing is left behind.
class TempModelDir {
 public:
  TempModelDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "attune-model-file-XXXXXX").string();
    if (mkdtemp(templ.data()) != nullptr) dir_ = templ;
  }
  ~TempModelDir() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  TempModelDir(const TempModelDir&) = delete;
  TempModelDir& operator=(const TempModelDir&) = delete;

  std::string Path(const std::string& name) const { return dir_ + "/" + name + ".model"; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

CsrMatrix SmallMatrix() {
  std::mt19937 rng(5);
  std::vector<Triplet> t;
  for (int u = 0; u < 30; ++u) {
    for (int i = 0; i < 20; ++i) {
      if (rng() % 3 == 0) t.push_back({u, i, 1.0f + static_cast<float>(rng() % 3)});
    }
  }
  return CsrMatrix::FromTriplets(30, 20, std::move(t));
}

std::unique_ptr<Recommender> TrainedAls(const CsrMatrix& m) {
  auto params = Params::FromStrings({"factors=12", "iterations=3"});
  auto model = MakeRecommender("user-personalization", *params);
  TrainingData data;
  data.user_items = &m;
  EXPECT_TRUE((*model)->Fit(data).ok());
  return std::move(*model);
}

TEST(ModelFileTest, Hash64MatchesXxHash64KnownValues) {
  EXPECT_EQ(Hash64(std::string_view("")), 0xEF46DB3751D8E999ull);
  EXPECT_NE(Hash64(std::string_view("abc")), Hash64(std::string_view("abd")));
}

TEST(ModelFileTest, RoundTripIsBitForBitAndKeepsMetadata) {
  const CsrMatrix m = SmallMatrix();
  auto model = TrainedAls(m);
  const ModelFileInfo info{DataFingerprint(m), 1700000000, "job-17"};
  const TempModelDir temp;
  ASSERT_FALSE(temp.dir().empty());
  const std::string a = temp.Path("a"), b = temp.Path("b");
  ASSERT_TRUE(SaveModel(*model, info, a).ok());
  auto loaded = LoadModel(a);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->model->recipe(), "user-personalization");
  EXPECT_EQ(loaded->model->params().ToString(), model->params().ToString());
  EXPECT_EQ(loaded->info.data_fingerprint, info.data_fingerprint);
  EXPECT_EQ(loaded->info.created_unix, 1700000000);
  EXPECT_EQ(loaded->info.description, "job-17");
  ASSERT_TRUE(SaveModel(*loaded->model, loaded->info, b).ok());
  EXPECT_EQ(ReadAll(a), ReadAll(b));
  const auto before = RecommendForUser(*model, m, 3, 5);
  const auto after = RecommendForUser(*loaded->model, m, 3, 5);
  EXPECT_EQ(before, after);
}

TEST(ModelFileTest, CorruptionAtAnyOffsetIsRejectedWithPath) {
  const CsrMatrix m = SmallMatrix();
  const TempModelDir temp;
  ASSERT_FALSE(temp.dir().empty());
  const std::string path = temp.Path("corrupt");
  ASSERT_TRUE(SaveModel(*TrainedAls(m), {}, path).ok());
  const std::string good = ReadAll(path);
  for (size_t offset : {size_t{0}, size_t{9}, size_t{13}, size_t{20}, good.size() / 2, good.size() - 1}) {
    std::string bad = good;
    bad[offset] = static_cast<char>(bad[offset] ^ 0x40);
    WriteAll(path, bad);
    auto loaded = LoadModel(path);
    ASSERT_FALSE(loaded.ok()) << "flip at offset " << offset << " was accepted";
    EXPECT_NE(loaded.status().message().find(path), std::string::npos) << loaded.status().ToString();
  }
  WriteAll(path, good.substr(0, 8) + "\x07" + good.substr(9));
  EXPECT_NE(LoadModel(path).status().message().find("format version"), std::string::npos);
  WriteAll(path, good);
  EXPECT_TRUE(LoadModel(path).ok());
}

TEST(ModelFileTest, TruncationAndMissingFilesAreRejected) {
  const CsrMatrix m = SmallMatrix();
  const TempModelDir temp;
  ASSERT_FALSE(temp.dir().empty());
  const std::string path = temp.Path("truncated");
  ASSERT_TRUE(SaveModel(*TrainedAls(m), {}, path).ok());
  const std::string good = ReadAll(path);
  for (size_t keep : {size_t{0}, size_t{10}, good.size() / 3, good.size() - 8, good.size() - 1}) {
    WriteAll(path, good.substr(0, keep));
    auto loaded = LoadModel(path);
    ASSERT_FALSE(loaded.ok()) << "truncated to " << keep << " bytes was accepted";
    EXPECT_NE(loaded.status().message().find("model file"), std::string::npos);
  }
  EXPECT_EQ(LoadModel(temp.Path("does-not-exist")).status().code(), StatusCode::kNotFound);
  WriteAll(path, "not a model, just some text that is long enough");
  EXPECT_NE(LoadModel(path).status().message().find("bad magic"), std::string::npos);
}

TEST(ModelFileTest, FingerprintChangesWithData) {
  const CsrMatrix m = SmallMatrix();
  CsrMatrix changed = m;
  changed.values[0] += 1.0f;
  EXPECT_EQ(DataFingerprint(m), DataFingerprint(SmallMatrix()));
  EXPECT_NE(DataFingerprint(m), DataFingerprint(changed));
}

}  // namespace
}  // namespace attune

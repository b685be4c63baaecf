#include "model/als.h"

#include "core/item_content.h"

#include <cblas.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <cmath>
#include <string>

namespace attune {
namespace {

constexpr uint32_t kBodyVersion = 2;  // 2: the content projection follows the row hashes

float Dot(const float* a, const float* b, size_t n) {
  float sum = 0.0f;
  for (size_t j = 0; j < n; ++j) sum += a[j] * b[j];
  return sum;
}

void PutFactors(ModelWriter& writer, const FactorMatrix& m) {
  writer.Put<int32_t>(m.rows);
  writer.PutVector(m.data);
}

Status GetFactors(ModelReader& reader, int32_t factors, std::string_view what, FactorMatrix& m) {
  m = FactorMatrix::Zeros(0, factors);
  ATTUNE_RETURN_IF_ERROR(reader.Get(m.rows));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(m.data));
  if (m.rows < 0 || m.data.size() != static_cast<size_t>(m.rows) * m.ld) {
    return InvalidArgument("user-personalization model: " + std::string(what) + " factors hold " +
                           std::to_string(m.data.size()) + " floats, expected " +
                           std::to_string(m.rows) + " rows x " + std::to_string(m.ld));
  }
  return Status::Ok();
}

}  // namespace

Status CheckAlsWeights(const CsrMatrix& m) {
  for (int32_t row = 0; row < m.rows; ++row) {
    for (float w : m.RowValues(row)) {
      if (!(w >= 0.0f) || !std::isfinite(w)) {
        return InvalidArgument("user-personalization: user row " + std::to_string(row) +
                               " has interaction weight " + std::to_string(w) +
                               "; weights must be finite and >= 0 (check event weights and decay)");
      }
    }
  }
  return Status::Ok();
}

uint64_t RowHash(std::span<const int32_t> items, std::span<const float> weights) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ items.size();
  auto mix = [&h](uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
  };
  for (size_t i = 0; i < items.size(); ++i) {
    uint32_t bits = 0;
    std::memcpy(&bits, &weights[i], sizeof bits);
    mix((static_cast<uint64_t>(static_cast<uint32_t>(items[i])) << 32) | bits);
  }
  return h ^ (h >> 33);
}

Result<AlsOptions> AlsOptionsFromParams(const Params& params) {
  AlsOptions o;
  ATTUNE_ASSIGN_OR_RETURN(o.factors, params.GetInt("factors", o.factors, 1, 1024));
  ATTUNE_ASSIGN_OR_RETURN(o.iterations, params.GetInt("iterations", o.iterations, 1, 1000));
  ATTUNE_ASSIGN_OR_RETURN(double reg, params.GetDouble("regularization", o.regularization, 0, 1e6));
  ATTUNE_ASSIGN_OR_RETURN(double alpha, params.GetDouble("alpha", o.alpha, 0, 1e6));
  ATTUNE_ASSIGN_OR_RETURN(std::string conf, params.GetString("confidence", "linear", {"linear", "log"}));
  ATTUNE_ASSIGN_OR_RETURN(o.cg_steps, params.GetInt("cg_steps", o.cg_steps, 1, 64));
  ATTUNE_ASSIGN_OR_RETURN(std::string precision, params.GetString("precision", "int8", {"int8", "mixed", "float"}));
  o.gather_precision = precision == "int8"    ? GatherPrecision::kInt8
                       : precision == "mixed" ? GatherPrecision::kHalf
                                              : GatherPrecision::kFloat;
  ATTUNE_ASSIGN_OR_RETURN(o.fold_in_steps, params.GetInt("fold_in_steps", o.fold_in_steps, 1, 256));
  ATTUNE_ASSIGN_OR_RETURN(double content_reg, params.GetDouble("content_regularization",
                                                                o.content_regularization, 1e-6, 1e6));
  o.content_regularization = static_cast<float>(content_reg);
  ATTUNE_ASSIGN_OR_RETURN(o.content_iterations, params.GetInt("content_iterations", o.content_iterations, 1, 1000));
  ATTUNE_ASSIGN_OR_RETURN(int seed, params.GetInt("seed", 42, 0, INT_MAX));
  o.regularization = static_cast<float>(reg);
  o.alpha = static_cast<float>(alpha);
  o.log_confidence = conf == "log";
  o.seed = static_cast<uint64_t>(seed);
  return o;
}

namespace {

Result<std::unique_ptr<Recommender>> NewAlsNamed(const Params& params, const std::string& recipe) {
  ATTUNE_ASSIGN_OR_RETURN(AlsOptions options, AlsOptionsFromParams(params));
  ATTUNE_RETURN_IF_ERROR(params.CheckAllUsed(recipe));
  return std::unique_ptr<Recommender>(std::make_unique<Als>(params, options, recipe));
}

}  // namespace

Result<std::unique_ptr<Recommender>> NewAls(const Params& params) {
  return NewAlsNamed(params, "user-personalization");
}

Result<std::unique_ptr<Recommender>> NewPersonalizedRanking(const Params& params) {
  return NewAlsNamed(params, "personalized-ranking");
}

Status Als::Fit(const TrainingData& data) {
  if (data.user_items == nullptr) return InvalidArgument("user-personalization: no training matrix");
  ATTUNE_RETURN_IF_ERROR(CheckAlsWeights(*data.user_items));
  return Train(*data.user_items, data);
}

Status Als::Train(const CsrMatrix& user_items, const TrainingData& data) {
  const CsrMatrix item_users = user_items.Transposed(data.threads);
  const std::vector<float> user_cw = ConfidenceWeights(user_items.values, options_.alpha, options_.log_confidence);
  const std::vector<float> item_cw = ConfidenceWeights(item_users.values, options_.alpha, options_.log_confidence);
  // The rotations swap buffers between the two sides and `spare`: give all three room for the
  // larger side from the start, so that no half-iteration (and no setup step) reallocates.
  const int32_t most = std::max(user_items.rows, user_items.cols);
  user_factors_ = FactorMatrix::Zeros(user_items.rows, options_.factors, most);
  item_factors_ = FactorMatrix::Zeros(user_items.cols, options_.factors, most);
  HugePageVector<float> spare;
  spare.reserve(static_cast<size_t>(most) * item_factors_.ld);
  // Only the items start at random: the users' factors are solved first, from the items', and
  // their start is only that first solve's CG warm start, for which zero serves as well as small
  // random values (equal training loss after 15 iterations, docs/benchmarks.md) and costs no draws.
  const float stddev = 0.1f / std::sqrt(static_cast<float>(options_.factors));
  RandomizeFactors(item_factors_, stddev, options_.seed + 1, data.threads);
  const float lambda = options_.regularization;
  // The fixed side in the form it is gathered in, rebuilt every half-iteration (nothing for float).
  GatherCopy copy(options_.gather_precision);
  SolveScratch scratch;
  for (int iter = 0; iter < options_.iterations; ++iter) {
    if (data.cancel != nullptr && data.cancel->load()) {
      return Cancelled("user-personalization: training cancelled at iteration " + std::to_string(iter));
    }
    // Each half-iteration first turns the model into the eigenbasis of the fixed side's Gram
    // matrix (scores unchanged), where CG is cheaper per step and needs fewer steps (als_solver.h).
    DiagonalGram gram = RotateToGramEigenbasis(item_factors_, user_factors_, lambda, &copy, &spare, data.threads);
    SolveRows(gram.Problem(item_factors_, &copy), user_items, user_cw,
              options_.cg_steps, data.threads, user_factors_, &scratch);
    if (half_step_hook_) half_step_hook_(user_factors_, item_factors_);
    gram = RotateToGramEigenbasis(user_factors_, item_factors_, lambda, &copy, &spare, data.threads);
    SolveRows(gram.Problem(user_factors_, &copy), item_users, item_cw,
              options_.cg_steps, data.threads, item_factors_, &scratch);
    if (half_step_hook_) half_step_hook_(user_factors_, item_factors_);
    if (data.progress) {
      data.progress(double(iter + 1) / options_.iterations,
                    "iteration " + std::to_string(iter + 1) + "/" + std::to_string(options_.iterations));
    }
  }
  if (data.item_content != nullptr) LearnContent(*data.item_content, item_users);
  row_hash_.resize(static_cast<size_t>(user_items.rows));
  for (int32_t u = 0; u < user_items.rows; ++u) {
    row_hash_[static_cast<size_t>(u)] = RowHash(user_items.RowIndices(u), user_items.RowValues(u));
  }
  FinishModel();
  return Status::Ok();
}

void Als::FinishModel() {
  item_gram_ = RegularizedGram(item_factors_, options_.regularization);
  item_norms_.resize(static_cast<size_t>(item_factors_.rows));
  for (int32_t i = 0; i < item_factors_.rows; ++i) {
    const float* y = item_factors_.Row(i);
    item_norms_[static_cast<size_t>(i)] = std::sqrt(Dot(y, y, item_factors_.ld));
  }
}

std::vector<float> Als::FoldInUser(std::span<const int32_t> items, std::span<const float> weights) const {
  const size_t ld = item_factors_.ld;
  std::vector<int32_t> known;
  std::vector<float> cw;
  known.reserve(items.size());
  cw.reserve(items.size());
  for (size_t i = 0; i < items.size() && i < weights.size(); ++i) {
    if (items[i] < 0 || items[i] >= item_factors_.rows) continue;
    known.push_back(items[i]);
    const float w = std::max(weights[i], 0.0f);
    cw.push_back(options_.alpha * (options_.log_confidence ? std::log1p(w) : w));
  }
  std::vector<float> x(ld, 0.0f);
  if (known.empty()) return x;
  CgScratch scratch(ld);
  SolveRow({.other = &item_factors_, .gram = item_gram_.data()}, known, cw, options_.fold_in_steps, scratch, x.data());
  return x;  // ld floats; callers that expose it trim to factors()
}

const float* Als::UserVector(const CsrMatrix& history, int32_t user, std::vector<float>& fold) const {
  const bool in_history = user >= 0 && user < history.rows;
  std::span<const int32_t> items;
  std::span<const float> weights;
  if (in_history) {
    items = history.RowIndices(user);
    weights = history.RowValues(user);
  }
  if (user >= 0 && user < user_factors_.rows && row_hash_[static_cast<size_t>(user)] == RowHash(items, weights)) {
    return user_factors_.Row(user);
  }
  fold = FoldInUser(items, weights);
  return fold.data();
}

void Als::ScoreUsers(const CsrMatrix& history, std::span<const int32_t> users,
                     std::span<float> out) const {
  const size_t ld = item_factors_.ld;
  const int n = static_cast<int>(users.size());
  if (n == 0 || item_factors_.rows == 0) return;
  std::vector<float> block(users.size() * ld);
  std::vector<float> fold;
  for (size_t u = 0; u < users.size(); ++u) {
    const float* v = UserVector(history, users[u], fold);
    std::copy(v, v + ld, block.begin() + static_cast<ptrdiff_t>(u * ld));
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, item_factors_.rows, static_cast<int>(ld),
              1.0f, block.data(), static_cast<int>(ld), item_factors_.data.data(), static_cast<int>(ld),
              0.0f, out.data(), item_factors_.rows);
}

Result<std::vector<ScoredItem>> Als::SimilarItems(int32_t item, int k) const {
  if (item < 0 || item >= item_factors_.rows) {
    return InvalidArgument("user-personalization: item index " + std::to_string(item) +
                           " is outside the model's " + std::to_string(item_factors_.rows) + " items");
  }
  std::vector<float> scores(static_cast<size_t>(item_factors_.rows));
  const float* query = item_factors_.Row(item);
  const float query_norm = item_norms_[static_cast<size_t>(item)];
  for (int32_t other = 0; other < item_factors_.rows; ++other) {
    const float denom = query_norm * item_norms_[static_cast<size_t>(other)];
    const float dot = Dot(query, item_factors_.Row(other), item_factors_.ld);
    scores[static_cast<size_t>(other)] = denom > 0.0f ? dot / denom : 0.0f;
  }
  scores[static_cast<size_t>(item)] = kExcludedScore;
  std::vector<ScoredItem> top;
  SelectTopK(scores, k, top);
  return top;
}

void Als::LearnContent(const ItemContent& content, const CsrMatrix& item_users) {
  const CsrMatrix& features = content.features;
  std::vector<uint8_t> trained(static_cast<size_t>(item_factors_.rows), 0);
  for (int32_t item = 0; item < item_users.rows; ++item) {
    trained[static_cast<size_t>(item)] = item_users.indptr[item + 1] > item_users.indptr[item];
  }
  projection_.Fit(features, options_.factors, trained,
                  [this](int32_t item) { return item_factors_.Row(item); },
                  options_.content_regularization, options_.content_iterations);
  for (int32_t item = 0; item < std::min(item_factors_.rows, features.rows); ++item) {
    if (!trained[static_cast<size_t>(item)]) projection_.Project(features, item, item_factors_.Row(item));
  }
}

std::vector<float> Als::ProjectContent(const CsrMatrix& features, int32_t item) const {
  std::vector<float> vector(static_cast<size_t>(options_.factors), 0.0f);
  projection_.Project(features, item, vector.data());
  return vector;
}

void Als::SaveBody(ModelWriter& writer) const {
  writer.Put<uint32_t>(kBodyVersion);
  writer.Put<int32_t>(options_.factors);
  PutFactors(writer, user_factors_);
  PutFactors(writer, item_factors_);
  writer.PutVector(row_hash_);
  projection_.Save(writer);
}

Status Als::LoadBody(ModelReader& reader) {
  uint32_t version = 0;
  int32_t factors = 0;
  ATTUNE_RETURN_IF_ERROR(reader.Get(version));
  if (version != kBodyVersion && version != 1) {
    return InvalidArgument("user-personalization model body version " + std::to_string(version) +
                           " is not supported (expected " + std::to_string(kBodyVersion) + "); retrain");
  }
  ATTUNE_RETURN_IF_ERROR(reader.Get(factors));
  if (factors != options_.factors) {
    return InvalidArgument("user-personalization model body has " + std::to_string(factors) +
                           " factors but its parameters say " + std::to_string(options_.factors));
  }
  ATTUNE_RETURN_IF_ERROR(GetFactors(reader, factors, "user", user_factors_));
  ATTUNE_RETURN_IF_ERROR(GetFactors(reader, factors, "item", item_factors_));
  ATTUNE_RETURN_IF_ERROR(reader.GetVector(row_hash_));
  if (row_hash_.size() != static_cast<size_t>(user_factors_.rows)) {
    return InvalidArgument("user-personalization model: " + std::to_string(row_hash_.size()) +
                           " history hashes for " + std::to_string(user_factors_.rows) + " users");
  }
  projection_ = ContentProjection();
  if (version >= 2) ATTUNE_RETURN_IF_ERROR(projection_.Load(reader, factors));
  FinishModel();
  return Status::Ok();
}

}  // namespace attune

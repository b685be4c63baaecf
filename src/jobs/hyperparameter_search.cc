#include "jobs/hyperparameter_search.h"

#include <cmath>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "eval/evaluator.h"
#include "eval/split.h"
#include "jobs/training_metrics.h"

namespace attune {
namespace {

using nlohmann::json;

std::string ValueText(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

Result<ParamRange> ParseRange(const std::string& name, const json& value) {
  const std::string where = "hyperparameter_search.ranges." + name;
  ParamRange range;
  range.name = name;
  if (value.is_object() && value.contains("choices")) {
    if (!value["choices"].is_array() || value["choices"].empty()) {
      return InvalidArgument(where + ".choices must be a non-empty list");
    }
    range.kind = ParamRange::Kind::kChoice;
    for (const json& choice : value["choices"]) range.choices.push_back(ValueText(choice));
    return range;
  }
  json lo, hi;
  if (value.is_array() && value.size() == 2) {
    lo = value[0], hi = value[1];
  } else if (value.is_object() && value.contains("min") && value.contains("max")) {
    lo = value["min"], hi = value["max"];
    range.log = value.value("log", false);
  } else {
    return InvalidArgument(where + ": expected [min, max], {\"min\": a, \"max\": b, \"log\": true} "
                           "or {\"choices\": [...]}");
  }
  if (!lo.is_number() || !hi.is_number()) return InvalidArgument(where + ": min and max must be numbers");
  range.kind = lo.is_number_integer() && hi.is_number_integer() ? ParamRange::Kind::kInt
                                                                 : ParamRange::Kind::kDouble;
  range.min = lo.get<double>();
  range.max = hi.get<double>();
  if (range.min > range.max) return InvalidArgument(where + ": min is greater than max");
  if (range.log && range.min <= 0) return InvalidArgument(where + ": a log range needs min > 0");
  return range;
}

Status ParseBudget(const json& root, SearchSpec& spec) {
  spec.max_trials = root.value("max_trials", spec.max_trials);
  spec.max_seconds = root.value("max_seconds", spec.max_seconds);
  spec.seed = root.value("seed", spec.seed);
  spec.metric = root.value("metric", spec.metric);
  if (spec.max_trials < 1 || spec.max_trials > 1000) {
    return InvalidArgument("hyperparameter_search.max_trials must be in [1, 1000]");
  }
  if (!(spec.max_seconds > 0)) return InvalidArgument("hyperparameter_search.max_seconds must be > 0");
  return Status::Ok();
}

std::string Sample(const ParamRange& range, std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  if (range.kind == ParamRange::Kind::kChoice) {
    return range.choices[static_cast<size_t>(random() % range.choices.size())];
  }
  double u = unit(random);
  double x = range.log ? std::exp(std::log(range.min) + u * (std::log(range.max) - std::log(range.min)))
                       : range.min + u * (range.max - range.min);
  if (range.kind == ParamRange::Kind::kInt) return std::to_string(std::llround(std::min(x, range.max)));
  std::ostringstream out;
  out.precision(6);
  out << x;
  return out.str();
}

// Fits and scores one trial on the validation split; the error text when the recipe refused.
Trial RunTrial(std::string_view recipe, const Params& fixed, std::map<std::string, std::string> sampled,
               const Split& validation, const SearchSpec& spec, const Clock& clock, int threads) {
  Trial trial;
  trial.params = std::move(sampled);
  Params params = fixed;
  for (const auto& [key, value] : trial.params) params.Set(key, value);
  EvalOptions options;
  options.ks = TrainingMetricCutoffs();
  options.threads = threads;
  int64_t start = clock.MonotonicMicros();
  auto report = FitAndEvaluate(recipe, params, validation, options, clock);
  trial.seconds = (clock.MonotonicMicros() - start) / 1e6;
  if (!report.ok()) {
    trial.error = report.status().ToString();
    return trial;
  }
  auto metrics = TrainingMetrics(report->eval);
  if (!metrics.ok()) {
    trial.error = metrics.status().ToString();
  } else if (metrics->count(spec.metric) == 0) {
    trial.error = "unknown metric \"" + spec.metric + "\"";
  } else {
    trial.score = metrics->at(spec.metric);
  }
  return trial;
}

}  // namespace

Result<SearchSpec> ParseSearchSpec(std::string_view text) {
  SearchSpec spec;
  if (text.empty()) return spec;
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return InvalidArgument("hyperparameter_search must be a JSON object");
  }
  try {
    ATTUNE_RETURN_IF_ERROR(ParseBudget(root, spec));
  } catch (const json::exception&) {
    return InvalidArgument("hyperparameter_search: max_trials, max_seconds and seed must be numbers, "
                           "metric a string");
  }
  if (!root.contains("ranges")) return spec;
  if (!root["ranges"].is_object()) return InvalidArgument("hyperparameter_search.ranges must be an object");
  for (const auto& [name, value] : root["ranges"].items()) {
    ATTUNE_ASSIGN_OR_RETURN(ParamRange range, ParseRange(name, value));
    spec.ranges.push_back(std::move(range));
  }
  return spec;
}

std::string SearchResult::ToJson() const {
  json out = json::array();
  for (const Trial& t : trials) {
    out.push_back({{"params", t.params}, {"score", t.score}, {"seconds", t.seconds}, {"error", t.error}});
  }
  return out.dump();
}

Result<SearchResult> RunSearch(std::string_view recipe, const Params& fixed, const SearchSpec& spec,
                               const CsrMatrix& train, const Clock& clock, int threads,
                               const std::atomic<bool>* cancel, const ProgressFn& progress) {
  Split validation = CarveValidation(train, ValidationOptions{});
  std::mt19937_64 random(spec.seed);
  SearchResult result;
  int best = -1;
  int64_t start = clock.MonotonicMicros();
  for (int trial_idx = 0; trial_idx < spec.max_trials; ++trial_idx) {
    if (cancel != nullptr && cancel->load()) return Cancelled("training cancelled during the search");
    if (trial_idx > 0 && (clock.MonotonicMicros() - start) / 1e6 >= spec.max_seconds) break;
    if (progress) progress(static_cast<double>(trial_idx) / spec.max_trials,
                           "trial " + std::to_string(trial_idx + 1) + "/" + std::to_string(spec.max_trials));
    std::map<std::string, std::string> sampled;
    for (const ParamRange& range : spec.ranges) sampled[range.name] = Sample(range, random);
    result.trials.push_back(RunTrial(recipe, fixed, std::move(sampled), validation, spec, clock, threads));
    const Trial& trial = result.trials.back();
    if (trial.error.empty() && (best < 0 || trial.score > result.best_score)) {
      best = trial_idx;
      result.best_score = trial.score;
    }
  }
  if (best < 0) {
    return FailedPrecondition("every hyperparameter trial failed; the first error: " +
                              result.trials.front().error);
  }
  result.best_params = fixed.values();
  for (const auto& [key, value] : result.trials[static_cast<size_t>(best)].params) result.best_params[key] = value;
  return result;
}

}  // namespace attune

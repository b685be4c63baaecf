// `attune eval`: fits a recipe on a training split and reports offline metrics at one or more
// cutoffs (recall, ndcg, hr, precision, mrr, coverage), as a table or, with --json, as one JSON
// object that also carries AWS Personalize's metric names under "personalize_metrics".
//   attune eval --train FILE --test FILE --format lightgcn|csv --recipe NAME [--param k=v ...]
//   attune eval --data FILE --protocol personalize|temporal [--test-days N | --test-after T] ...
// --validation evaluates on a slice carved out of the training data instead (for tuning).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>

#include "core/timestamp.h"
#include "eval/dataset_files.h"
#include "eval/evaluator.h"
#include "eval/metrics.h"
#include "eval/split.h"
#include "main/command.h"

namespace attune {
namespace {

struct EvalFlags {
  std::string train, test, data, format = "lightgcn", protocol;
  std::string delimiter = ",", columns;
  bool no_header = false;
  std::string recipe = "popularity-count";
  std::vector<std::string> params;
  std::string ks = "20";
  int threads = 0;
  bool json = false;
  std::string test_after;  // a timestamp in any form core/timestamp.h accepts; empty: not given
  int test_days = 0;
  PersonalizeSplitOptions personalize;
  bool validation = false;
  ValidationOptions validation_options;
};

Result<std::vector<int>> ParseKs(const std::string& text) {
  std::vector<int> ks;
  for (const std::string& part : ParseColumnList(text)) {
    try {
      size_t used = 0;
      ks.push_back(std::stoi(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      return InvalidArgument("--k: \"" + part + "\" is not a number; use e.g. --k 20 or --k 5,10,20");
    }
  }
  return NormalizeCutoffs(ks);
}

Result<CsvLogOptions> CsvOptions(const EvalFlags& flags) {
  CsvLogOptions options;
  Result<char> delimiter = ParseCsvDelimiter(flags.delimiter);
  if (!delimiter.ok()) return delimiter.status().WithContext("--delimiter");
  options.delimiter = *delimiter;
  options.header = !flags.no_header;
  if (!flags.columns.empty()) options.columns = ParseColumnList(flags.columns);
  return options;
}

Result<InteractionLog> ReadLog(const EvalFlags& flags, const std::string& path, IdMaps& ids) {
  if (flags.format == "lightgcn") return ReadLightGcnFile(path);
  ATTUNE_ASSIGN_OR_RETURN(CsvLogOptions options, CsvOptions(flags));
  return ReadCsvLogFile(path, options, ids);
}

Result<Split> SingleFileSplit(const EvalFlags& flags, const InteractionLog& log) {
  if (flags.protocol == "personalize") return PersonalizeSplit(log, flags.personalize);
  if (flags.protocol != "temporal") {
    return InvalidArgument("--protocol must be personalize or temporal with --data (or give "
                           "--train and --test), not \"" + flags.protocol + "\"");
  }
  if (!flags.test_after.empty()) {
    Result<int64_t> cutoff = ParseTimestamp(flags.test_after);
    if (!cutoff.ok()) {
      return InvalidArgument("--test-after: expected epoch seconds, epoch milliseconds or ISO-8601 "
                             "(e.g. 2024-05-01T00:00:00Z), got \"" + flags.test_after + "\"");
    }
    return TemporalSplit(log, *cutoff);
  }
  if (flags.test_days > 0) return TemporalSplit(log, CutoffForLastDays(log, flags.test_days));
  return InvalidArgument("--protocol temporal needs --test-after TIMESTAMP or --test-days N");
}

Result<Split> LoadSplit(const EvalFlags& flags) {
  IdMaps ids;
  if (flags.format != "lightgcn" && flags.format != "csv") {
    return InvalidArgument("--format must be lightgcn or csv, not \"" + flags.format + "\"");
  }
  if (!flags.data.empty()) {
    if (!flags.train.empty() || !flags.test.empty()) {
      return InvalidArgument("give either --data with --protocol, or --train and --test");
    }
    ATTUNE_ASSIGN_OR_RETURN(InteractionLog log, ReadLog(flags, flags.data, ids));
    return SingleFileSplit(flags, log);
  }
  if (flags.train.empty()) return InvalidArgument("no input: give --train FILE (--test FILE) or --data FILE");
  ATTUNE_ASSIGN_OR_RETURN(InteractionLog train, ReadLog(flags, flags.train, ids));
  if (flags.test.empty()) {
    if (!flags.validation) return InvalidArgument("--train needs --test FILE (or --validation)");
    return SplitFromFiles(train, InteractionLog());
  }
  ATTUNE_ASSIGN_OR_RETURN(InteractionLog test, ReadLog(flags, flags.test, ids));
  return SplitFromFiles(train, test);
}

nlohmann::json ToJson(const FitEvalReport& report, const std::vector<int>& asked) {
  nlohmann::json out;
  out["recipe"] = report.recipe;
  out["params"] = report.params;
  out["users"] = report.eval.users;
  out["items"] = report.eval.items;
  out["fit_seconds"] = report.fit_seconds;
  out["eval_seconds"] = report.eval.eval_seconds;
  out["scoring_seconds"] = report.eval.scoring_seconds;
  out["ranking_seconds"] = report.eval.ranking_seconds;
  for (int k : asked) {
    const MetricsAtK& m = *report.eval.At(k);
    const std::string at = "@" + std::to_string(k);
    out["recall" + at] = m.recall;
    out["ndcg" + at] = m.ndcg;
    out["hr" + at] = m.hit_rate;
    out["precision" + at] = m.precision;
    out["mrr" + at] = m.mrr;
    out["coverage" + at] = m.coverage;
  }
  auto named = PersonalizeMetrics(report.eval.metrics);
  if (named.ok()) out["personalize_metrics"] = *named;
  return out;
}

void PrintTable(const FitEvalReport& report, const std::vector<int>& asked) {
  std::printf("recipe %s %s\nusers %lld, items %d, fit %.2f s, eval %.2f s\n\n",
              report.recipe.c_str(), report.params.c_str(),
              static_cast<long long>(report.eval.users), report.eval.items, report.fit_seconds,
              report.eval.eval_seconds);
  std::printf("%6s %10s %10s %10s %10s %10s %10s\n", "K", "recall", "ndcg", "hr", "precision",
              "mrr", "coverage");
  for (int k : asked) {
    const MetricsAtK& m = *report.eval.At(k);
    std::printf("%6d %10.7f %10.7f %10.7f %10.7f %10.7f %10.7f\n", k, m.recall, m.ndcg,
                m.hit_rate, m.precision, m.mrr, m.coverage);
  }
}

Status RunEval(const EvalFlags& flags) {
  ATTUNE_ASSIGN_OR_RETURN(std::vector<int> asked, ParseKs(flags.ks));
  ATTUNE_ASSIGN_OR_RETURN(Params params, Params::FromStrings(flags.params));
  ATTUNE_ASSIGN_OR_RETURN(Split split, LoadSplit(flags));
  if (flags.validation) split = CarveValidation(split.train, flags.validation_options);
  EvalOptions options;
  options.ks = asked;
  for (int k : {5, 10, 25}) options.ks.push_back(k);  // for the AWS Personalize names
  options.threads = flags.threads;
  ATTUNE_ASSIGN_OR_RETURN(FitEvalReport report, FitAndEvaluate(flags.recipe, params, split, options));
  if (flags.json) {
    std::printf("%s\n", ToJson(report, asked).dump().c_str());
  } else {
    PrintTable(report, asked);
  }
  return Status::Ok();
}

void SetupEval(CLI::App& sub, int& exit_code) {
  auto flags = std::make_shared<EvalFlags>();
  sub.add_option("--train", flags->train, "Training file");
  sub.add_option("--test", flags->test, "Test file (ground truth)");
  sub.add_option("--data", flags->data, "One interactions file, split by --protocol");
  sub.add_option("--format", flags->format, "lightgcn (user item item ...) or csv")->capture_default_str();
  sub.add_option("--protocol", flags->protocol, "With --data: personalize or temporal");
  sub.add_option("--delimiter", flags->delimiter, "CSV field separator (one character, or tab)")
      ->capture_default_str();
  sub.add_flag("--no-header", flags->no_header, "CSV files have no header line (use --columns)");
  sub.add_option("--columns", flags->columns, "CSV column names, e.g. USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP");
  sub.add_option("--recipe", flags->recipe, "Recipe to fit (see `attune recipes`)")->capture_default_str();
  sub.add_option("--param", flags->params, "Hyperparameter key=value (repeatable)");
  sub.add_option("--k", flags->ks, "Cutoff(s), e.g. 20 or 5,10,20")->capture_default_str();
  sub.add_option("--threads", flags->threads, "Threads (0: all cores)")->capture_default_str();
  sub.add_flag("--json", flags->json, "Print one JSON object");
  sub.add_option("--test-after", flags->test_after,
                 "Temporal: events after this time are test (epoch seconds or ISO-8601, "
                 "e.g. 2024-05-01T00:00:00Z)");
  sub.add_option("--test-days", flags->test_days, "Temporal: the last N days are test");
  sub.add_option("--test-user-fraction", flags->personalize.test_user_fraction,
                 "Personalize: share of users tested")->capture_default_str();
  sub.add_option("--holdout-fraction", flags->personalize.holdout_fraction,
                 "Personalize: newest share of a test user's events held out")->capture_default_str();
  sub.add_option("--seed", flags->personalize.seed, "Personalize: which users are tested")->capture_default_str();
  sub.add_flag("--validation", flags->validation,
               "Evaluate on a slice carved out of the training data (for tuning), not on test");
  sub.add_option("--validation-fraction", flags->validation_options.holdout_fraction,
                 "Share of each user's training items held out with --validation")->capture_default_str();
  sub.callback([flags, &exit_code] {
    Status status = RunEval(*flags);
    if (!status.ok()) std::fprintf(stderr, "attune eval: %s\n", status.message().c_str());
    exit_code = status.ok() ? 0 : (status.code() == StatusCode::kInvalidArgument ? 2 : 1);
  });
}

ATTUNE_COMMAND(kEvalCommand, "eval", "Fit a recipe on a training split and report offline metrics",
               40, SetupEval);

}  // namespace
}  // namespace attune

// `needlescreen check`: screen records from files or stdin (SPEC §4).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <istream>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include "cli/cli.h"
#include "common/fd_input.h"
#include "common/text.h"
#include "needlescreen/batch.h"
#include "needlescreen/counterfactual.h"
#include "needlescreen/output.h"
#include "needlescreen/reader.h"
#include "needlescreen/screen.h"

namespace needlescreen::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> inputs;
  std::vector<std::string> rules;
  std::string format;
  std::string input_format;
  std::string at;
  std::vector<std::string> sets;
  std::vector<std::string> fail_on;
  bool explain = false;
  bool strict = false;
  bool quiet = false;
  bool summary = false;
  int jobs = 0;  // 0: one thread per core
  size_t max_record_bytes = kDefaultMaxRecordBytes;
  uint64_t record_offset = 0;
  bool no_header = false;
  bool counterfactual = false;
};

// The largest --record-offset: numbers stay exact in every output (a JSON
// reader's double holds integers up to 2^53) with room for the shard's own.
constexpr uint64_t kMaxRecordOffset = uint64_t{1} << 50;

// After this many distinct field names, unknown fields are no longer named
// one by one: a hostile input of 100k made-up keys would otherwise hold them
// all and write them all (issue 13).
constexpr size_t kMaxUnknownWarnings = 100;

class CheckRun {
 public:
  CheckRun(const CheckOptions& options, const Pack& pack, BatchOptions batch,
           std::set<Decision> fail_on)
      : options_(options),
        screener_(pack),
        counterfactual_(options.counterfactual ? std::make_unique<CounterfactualFinder>(screener_)
                                               : nullptr),
        batch_options_(WithFinder(batch, counterfactual_.get())),
        batch_(screener_, batch_options_),
        fail_on_(std::move(fail_on)),
        progress_(isatty(STDERR_FILENO) != 0 && !options.quiet) {}

  int Run() {
    auto start = std::chrono::steady_clock::now();
    auto write = [this](std::string_view text) { return output_.Write(text); };
    batch_.Begin(write);
    std::vector<std::string> inputs = options_.inputs;
    if (inputs.empty()) inputs.emplace_back("-");
    for (const std::string& input : inputs) {
      ReadInput(input, write);
      if (batch_.output_failed() || batch_.stopped()) break;
    }
    if (progress_shown_) Err("\r\033[K");
    if (batch_.stopped()) return Stopped();
    batch_.End(write);
    if (batch_options_.output.format == OutputFormat::kText &&
        !screener_.pack().disclaimer.empty()) {
      write(Printable(screener_.pack().disclaimer, LineBreaks::kKeep) + "\n");
    }
    if (batch_.output_failed() || output_.failed()) {
      PrintErr("needlescreen: cannot write the results to standard output ({}); stopped\n",
               std::generic_category().message(output_.error()));
      return kExitWriteFailed;
    }
    if (unknown_dropped_) {
      PrintErr(
          "needlescreen: warning: more fields not in the rule pack were ignored; warnings stop "
          "after {} names\n",
          kMaxUnknownWarnings);
    }
    if (options_.summary) PrintSummary(std::chrono::steady_clock::now() - start);
    const BatchCounts& counts = batch_.counts();
    if (io_failed_ || counts.by_decision[static_cast<int>(Decision::kError)] > 0) {
      return kExitBadRecords;
    }
    for (Decision d : fail_on_) {
      if (counts.by_decision[static_cast<int>(d)] > 0) return kExitFailOn;
    }
    return kExitOk;
  }

 private:
  static BatchOptions WithFinder(BatchOptions batch, const CounterfactualFinder* finder) {
    batch.counterfactual = finder;
    return batch;
  }

  // SIGINT / SIGTERM: the output ends after the last whole record, without
  // the closing of a JSON array (a reader must not take it for a whole run).
  int Stopped() const {
    const int signo = StopSignal();
    PrintErr(
        "needlescreen: stopped by {} after {} record{}; the output ends with the last whole "
        "record\n",
        signo == SIGTERM ? "SIGTERM" : "SIGINT", batch_.counts().records(),
        batch_.counts().records() == 1 ? "" : "s");
    return 128 + (signo == SIGTERM ? SIGTERM : SIGINT);
  }

  void ReadInput(const std::string& name, const OutputSink& write) {
    std::optional<InputFormat> format = ParseInputFormat(options_.input_format);
    if (!format && name != "-") format = InputFormatFromPath(name);
    // A directory opens and then reads as nothing: without this check it
    // would pass as an empty input, exit 0 (issue 12).
    // Issue 16: an input that cannot be read is an `error` record in the
    // output, as a record that cannot be read is, so a pipeline reading only
    // standard output sees it (and the exit code is 4).
    if (IsDirectory(name)) {
      StreamError(name, fmt::format("{} is a directory, not a file of records", DisplayName(name)));
      return;
    }
    int fd = STDIN_FILENO;
    if (name != "-") {
      fd = open(name.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        const int error = errno;
        StreamError(name, fmt::format("cannot open {} ({})", DisplayName(name),
                                      std::generic_category().message(error)));
        return;
      }
    }
    FdInput input(fd);
    input.StopWhen(&StopRequested(), WakeFd());
    input.OnStall([this] { batch_.Flush(); });
    if (!format) {
      // Sniffing needs the first bytes and a pipe cannot be rewound: they are
      // read ahead and put back in front of the rest of the stream.
      std::string head = ReadHead(input);
      format = SniffInputFormat(head);
      input.Prepend(std::move(head));
    }
    std::istream in(&input);
    Status problem = batch_.Screen(
        in, *format, name, write, [this](std::string_view path) { WarnUnknown(path); },
        [this](uint64_t records) { Progress(records); });
    if (!problem.ok()) {
      StreamError(name, fmt::format("{}: {}", DisplayName(name), problem.ToString()));
    } else if (input.error() != 0) {
      StreamError(name, fmt::format("{}: read error ({})", DisplayName(name),
                                    std::generic_category().message(input.error())));
    }
    if (fd != STDIN_FILENO) close(fd);
  }

  static std::string DisplayName(const std::string& name) {
    return name == "-" ? "standard input" : Printable(name);
  }

  // An input that yielded no records where it should have: an `error` record
  // in the output (the message names the input, never its contents).
  void StreamError(const std::string& name, std::string message) {
    io_failed_ = true;
    batch_.WriteStreamError(name, Status::Error(StatusCode::kIoError, std::move(message)),
                            [this](std::string_view text) { return output_.Write(text); });
  }

  void WarnUnknown(std::string_view path) {
    if (options_.quiet || options_.strict || warned_.contains(path)) return;
    if (warned_.size() >= kMaxUnknownWarnings) {
      unknown_dropped_ = true;
      return;
    }
    warned_.emplace(path);
    PrintErr(
        "needlescreen: warning: field '{}' is not in the rule pack and was ignored "
        "(--strict makes it an error)\n",
        Printable(path));
  }

  // A progress line on a terminal for long runs only, never in a pipe (SPEC §4).
  void Progress(uint64_t records) {
    if (!progress_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - started_ < std::chrono::seconds(1) ||
        now - last_progress_ < std::chrono::milliseconds(200))
      return;
    last_progress_ = now;
    progress_shown_ = true;
    PrintErr("\r\033[Kneedlescreen: {} records screened...", records);
  }

  void PrintSummary(std::chrono::steady_clock::duration elapsed) const {
    const BatchCounts& counts = batch_.counts();
    uint64_t total = counts.records();
    std::string line = fmt::format("{} record{}:", total, total == 1 ? "" : "s");
    for (Decision d : kDecisionsInOrder) {
      line += fmt::format(" {} {}", counts.by_decision[static_cast<int>(d)], DecisionName(d));
      if (d != Decision::kError) line += ",";
    }
    double seconds = std::chrono::duration<double>(elapsed).count();
    line += fmt::format(" ({:.2f} s, {:.0f} records/s)", seconds,
                        seconds > 0 ? static_cast<double>(total) / seconds : 0.0);
    Err(line + "\n");
  }

  const CheckOptions& options_;
  Screener screener_;
  std::unique_ptr<CounterfactualFinder> counterfactual_;  // --counterfactual only
  BatchOptions batch_options_;
  BatchScreener batch_;
  std::set<Decision> fail_on_;
  std::set<std::string, std::less<>> warned_;
  bool unknown_dropped_ = false;
  OutputFile output_;
  bool io_failed_ = false;
  bool progress_;
  bool progress_shown_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_progress_{};
};

std::optional<std::set<Decision>> ParseFailOn(const std::vector<std::string>& names) {
  std::set<Decision> decisions;
  for (const std::string& list : names) {
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
      auto d = ParseDecision(name);
      if (!d) {
        PrintErr(
            "needlescreen: --fail-on: '{}' is not a decision; expected proceed, wait, swap, "
            "refer, incomplete or error (comma-separated)\n",
            Printable(name));
        return std::nullopt;
      }
      decisions.insert(*d);
    }
  }
  return decisions;
}

// An input that does not exist and looks like one more value of an option
// that takes one value per use (`--fail-on swap wait`, `--set a=1 b=2`) is a
// usage error that says how to give several, before anything is screened:
// read as a file it would only be "cannot open". A --set pair is not echoed
// (its value may be a patient's).
bool StrayOptionValue(const CheckOptions& options) {
  for (const std::string& input : options.inputs) {
    std::error_code error;
    if (input == "-" || std::filesystem::exists(input, error)) continue;
    if (!options.fail_on.empty() && ParseDecision(input)) {
      PrintErr(
          "needlescreen check: '{}' is not a file; to fail on several decisions write them "
          "comma-separated (--fail-on swap,wait) or repeat --fail-on (--fail-on swap --fail-on "
          "wait)\n",
          input);
      return true;
    }
    if (!options.sets.empty() && input.find('=') != std::string::npos) {
      Err("needlescreen check: an input named PATH=VALUE is not a file; to give several "
          "defaults repeat --set (--set PATH=VALUE --set PATH=VALUE)\n");
      return true;
    }
  }
  return false;
}

// Issue 18: --no-header and --record-offset make one shard's output join
// the others'; where they could not mean that, they are usage errors rather
// than ignored.
bool ShardOptionsFit(const CheckOptions& options, OutputFormat format) {
  if (options.no_header && format != OutputFormat::kCsv) {
    Err("needlescreen check: --no-header needs --format csv (only CSV output has a header row)\n");
    return false;
  }
  if (options.record_offset > 0 && options.inputs.size() > 1) {
    Err("needlescreen check: --record-offset numbers one input as a part of a larger one: give "
        "exactly one input\n");
    return false;
  }
  return true;
}

int RunCheck(const CheckOptions& options) {
  OutputOptions output;
  if (options.format.empty()) {
    output.format = isatty(STDOUT_FILENO) ? OutputFormat::kText : OutputFormat::kJsonLines;
  } else {
    output.format = *ParseOutputFormat(options.format);
  }
  output.color = output.format == OutputFormat::kText && ColorWanted(STDOUT_FILENO);
  // Issue 16: a flag that would be silently ignored is a usage error. CSV has
  // one row per record and no column that could hold a rule-by-rule trace.
  if (options.explain && output.format == OutputFormat::kCsv) {
    Err("needlescreen check: --explain needs --format text, json, jsonl or html (CSV has no column "
        "for the rule-by-rule trace)\n");
    return kExitUsage;
  }
  output.explain = options.explain;
  // Issue 19: the sets of changes are nested lists, which a CSV row has no
  // column for, and the printable report does not show them.
  if (options.counterfactual &&
      (output.format == OutputFormat::kCsv || output.format == OutputFormat::kHtml)) {
    Err("needlescreen check: --counterfactual needs --format text, json or jsonl (CSV and html "
        "have "
        "no place for the sets of changes)\n");
    return kExitUsage;
  }
  output.counterfactual = options.counterfactual;
  output.with_file = options.inputs.size() > 1;
  if (!ShardOptionsFit(options, output.format)) return kExitUsage;
  output.no_header = options.no_header;
  if (options.inputs.empty() && isatty(STDIN_FILENO)) {
    Err("needlescreen check: give record files, or '-' to read standard input\n");
    return kExitUsage;
  }
  auto fail_on = ParseFailOn(options.fail_on);
  if (!fail_on || StrayOptionValue(options)) return kExitUsage;
  TimePoint now = Now();
  if (!options.at.empty()) {
    auto at = ParseAt(options.at);
    if (!at) return kExitUsage;
    now = *at;
  }
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  std::optional<Record> defaults = ParseSets(*pack, options.sets);
  if (!defaults) return kExitUsage;
  // Issue 19: the run's screening time (--at, else now), once per run; a
  // record's own screened_at replays an earlier screen and is not checked.
  if (!PackInEffect(*pack, now, {"check", options.strict, options.quiet, "nothing was screened"})) {
    return kExitBadRules;
  }
  BatchOptions batch;
  batch.strict = options.strict;
  batch.max_record_bytes = options.max_record_bytes;
  batch.record_offset = options.record_offset;
  batch.output = output;
  batch.screen.explain = options.explain;
  // Issue 15: text and html are read by people, in their zone; the other formats stay UTC.
  batch.screen.local_times =
      output.format == OutputFormat::kText || output.format == OutputFormat::kHtml;
  batch.now = now;
  batch.defaults = &*defaults;
  batch.defaults_empty = options.sets.empty();
  batch.jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  StopOnSignals();
  batch.stop = &StopRequested();
  CheckRun run(options, *pack, batch, *fail_on);
  return run.Run();
}

}  // namespace

void SetCheckCommand(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Screen intake records (files, or - for stdin)");
  cmd->add_option("inputs", options->inputs,
                  "Record files (YAML, JSON, JSON Lines, CSV), or - for stdin")
      ->type_name("FILE");
  // A second word after --rules, --set or --fail-on is an input file;
  // several decisions may also be comma-separated.
  OnePerUse(cmd->add_option("--rules", options->rules,
                            "Rule file or directory; repeat for several; replaces the built-in "
                            "pack"),
            "FILE|DIR");
  cmd->add_option("--format", options->format,
                  "Output: text, json, jsonl, csv, html (a printable report; default: text on a "
                  "terminal, else jsonl)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv", "html"}));
  cmd->add_option("--input-format", options->input_format,
                  "Input: yaml, json, jsonl, csv or fhir (a FHIR QuestionnaireResponse or a "
                  "Bundle of them; default: from the extension, or sniffed)")
      ->check(CLI::IsMember({"yaml", "json", "jsonl", "csv", "fhir"}));
  cmd->add_option("--at", options->at,
                  "Screening time for records without screened_at: ISO 8601, now, "
                  "'36 hours ago', 'yesterday 09:00'")
      ->type_name("WHEN");
  OnePerUse(cmd->add_option("--set", options->sets,
                            "Default for every record; the record's own value wins; repeat for "
                            "several"),
            "PATH=VALUE");
  OnePerUse(cmd->add_option("--fail-on", options->fail_on,
                            "Exit 1 if any of these decisions occur: proceed, wait, swap, refer, "
                            "incomplete, error; comma-separated or repeated"),
            "DECISION[,...]");
  cmd->add_flag("--explain", options->explain, "Show every rule's verdict and the values it read");
  cmd->add_flag("--counterfactual", options->counterfactual,
                "For each record not decided proceed, the smallest changes of answers (or a later "
                "screen) that would make it proceed; for incomplete, what each missing answer "
                "decides");
  cmd->add_flag("--strict", options->strict,
                "Unknown fields make the record an error; refuse a rule pack outside its "
                "effective period");
  cmd->add_flag("--quiet", options->quiet, "No warnings on stderr");
  cmd->add_flag("--summary", options->summary, "Counts per decision and throughput on stderr");
  cmd->add_option("--max-record-bytes", options->max_record_bytes,
                  "Longest JSON Lines / CSV record accepted (default 1048576); longer ones are "
                  "errors")
      ->check(CLI::Range(size_t{64}, size_t{1} << 30));
  cmd->add_option(
         "--jobs", options->jobs,
         "Threads screening JSON Lines / CSV (0 = one per core); output order is input order")
      ->check(CLI::Range(0, 256))
      // N, not INT: "--jobs INT:INT in [0 - 256]" nearly fills CLI11's name
      // column, which then leaves one space before the description, where
      // help2man (the man page) needs two.
      ->type_name("N");
  cmd->add_option("--record-offset", options->record_offset,
                  "Number records and lines as if N records, one per line, came before this "
                  "input (one shard of a larger input; see README \"Scaling out\")")
      ->type_name("N")
      ->check(CLI::Range(uint64_t{0}, kMaxRecordOffset));
  cmd->add_flag("--no-header", options->no_header,
                "CSV output without its header row (a shard joining another's output)");
  cmd->callback([options, &outcome] { outcome.exit_code = RunCheck(*options); });
}

}  // namespace needlescreen::cli

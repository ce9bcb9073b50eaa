// `needlescreen check`: screen records from files or stdin (SPEC §4).
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/cli.h"
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
};

// Buffered stdout that notices a failed write (closed pipe, full disk) so the
// run stops with a message instead of silently truncating (SPEC §1.5).
class Output {
 public:
  bool Flush() {
    if (!buffer_.empty() && !failed_) {
      failed_ = std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size();
    }
    if (!failed_) failed_ = std::fflush(stdout) != 0;
    buffer_.clear();
    return !failed_;
  }
  bool MaybeFlush() { return buffer_.size() < (1 << 16) || Flush(); }
  std::string& buffer() { return buffer_; }
  bool failed() const { return failed_; }

 private:
  std::string buffer_;
  bool failed_ = false;
};

struct Counts {
  std::array<uint64_t, 5> by_decision{};
  bool fail_on_matched = false;
};

class CheckRun {
 public:
  CheckRun(const CheckOptions& options, const Pack& pack, const Record& defaults, TimePoint now,
           OutputOptions output, std::set<Decision> fail_on)
      : options_(options),
        pack_(pack),
        screener_(pack),
        defaults_(defaults),
        now_(now),
        output_options_(output),
        fail_on_(std::move(fail_on)) {
    read_options_.strict = options.strict;
    read_options_.on_unknown_field = [this](std::string_view path) { WarnUnknown(path); };
  }

  int Run() {
    WriteBegin(output_options_, out_.buffer());
    std::vector<std::string> inputs = options_.inputs;
    if (inputs.empty()) inputs.push_back("-");
    for (const std::string& input : inputs) {
      if (!ReadInput(input)) break;
    }
    WriteEnd(output_options_, out_.buffer());
    if (!out_.Flush()) {
      fmt::print(stderr, "needlescreen: cannot write the results to standard output; stopped\n");
      return 5;
    }
    if (options_.summary) PrintSummary();
    if (io_failed_) return kExitBadRecords;
    if (counts_.by_decision[static_cast<int>(Decision::kError)] > 0) return kExitBadRecords;
    return counts_.fail_on_matched ? kExitFailOn : kExitOk;
  }

 private:
  bool ReadInput(const std::string& name) {
    std::optional<InputFormat> format = ParseInputFormat(options_.input_format);
    if (!format && name != "-") format = InputFormatFromPath(name);
    std::ifstream file;
    std::stringstream buffered;
    std::istream* in = &std::cin;
    if (name != "-") {
      file.open(name, std::ios::binary);
      if (!file) {
        fmt::print(stderr, "needlescreen: {}: cannot open the file\n", name);
        io_failed_ = true;
        return true;
      }
      in = &file;
    }
    if (!format) {
      // Sniffing needs the first bytes; a stream cannot be rewound, so the
      // input is buffered whole here (give --input-format to stream stdin).
      buffered << in->rdbuf();
      format = SniffInputFormat(std::string_view(buffered.str()).substr(0, 4096));
      in = &buffered;
    }
    std::string problem = ReadRecords(*in, name, *format, pack_, read_options_, &next_record_,
                                      [this](RecordEvent& e) { return OnRecord(e); });
    if (!problem.empty()) {
      fmt::print(stderr, "needlescreen: {}: {}\n", name, problem);
      io_failed_ = true;
    }
    return !out_.failed();
  }

  bool OnRecord(RecordEvent& event) {
    Decision decision = Decision::kError;
    if (!event.error.empty()) {
      WriteError(pack_, event.info, event.error, output_options_, first_, out_.buffer());
    } else {
      ApplyDefaults(defaults_, *event.record);
      screener_.Screen(*event.record, now_, screen_options_, result_);
      // An id given by --set identifies the record too.
      if (!event.info.id && id_field_ >= 0 && event.record->slots[id_field_].known) {
        event.info.id = event.record->slots[id_field_].text;
      }
      WriteResult(screener_, event.info, result_, output_options_, first_, out_.buffer());
      decision = result_.decision;
    }
    first_ = false;
    ++counts_.by_decision[static_cast<int>(decision)];
    if (fail_on_.count(decision)) counts_.fail_on_matched = true;
    return out_.MaybeFlush();
  }

  void WarnUnknown(std::string_view path) {
    if (options_.quiet || !warned_.insert(std::string(path)).second) return;
    fmt::print(stderr,
               "needlescreen: warning: field '{}' is not in the rule pack and was ignored "
               "(--strict makes it an error)\n",
               path);
  }

  void PrintSummary() const {
    uint64_t total = 0;
    for (uint64_t n : counts_.by_decision) total += n;
    std::string line = fmt::format("{} record{}:", total, total == 1 ? "" : "s");
    for (Decision d : {Decision::kProceed, Decision::kWait, Decision::kSwap, Decision::kIncomplete,
                       Decision::kError}) {
      line += fmt::format(" {} {}", counts_.by_decision[static_cast<int>(d)], DecisionName(d));
      if (d != Decision::kError) line += ",";
    }
    fmt::print(stderr, "{}\n", line);
  }

  const CheckOptions& options_;
  const Pack& pack_;
  Screener screener_;
  const Record& defaults_;
  TimePoint now_;
  OutputOptions output_options_;
  std::set<Decision> fail_on_;
  ReadOptions read_options_;
  ScreenOptions screen_options_{};
  Result result_;
  Output out_;
  Counts counts_;
  std::set<std::string> warned_;
  uint64_t next_record_ = 1;
  bool first_ = true;
  bool io_failed_ = false;
  int id_field_ = pack_.FieldIndex("id");

 public:
  void set_explain(bool explain) { screen_options_.explain = explain; }
};

std::optional<std::set<Decision>> ParseFailOn(const std::vector<std::string>& names) {
  std::set<Decision> decisions;
  for (const std::string& list : names) {
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
      auto d = ParseDecision(name);
      if (!d) {
        fmt::print(stderr,
                   "needlescreen: --fail-on: expected decisions among proceed, swap, wait, "
                   "incomplete, error\n");
        return std::nullopt;
      }
      decisions.insert(*d);
    }
  }
  return decisions;
}

int RunCheck(const CheckOptions& options) {
  OutputOptions output;
  if (options.format.empty()) {
    output.format = isatty(STDOUT_FILENO) ? OutputFormat::kText : OutputFormat::kJsonLines;
  } else {
    output.format = *ParseOutputFormat(options.format);
  }
  output.color = output.format == OutputFormat::kText && ColorWanted(STDOUT_FILENO);
  output.explain = options.explain;
  output.with_file = options.inputs.size() > 1;
  if (options.inputs.empty() && isatty(STDIN_FILENO)) {
    fmt::print(stderr, "needlescreen check: give record files, or '-' to read standard input\n");
    return kExitUsage;
  }
  auto fail_on = ParseFailOn(options.fail_on);
  if (!fail_on) return kExitUsage;
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
  CheckRun run(options, *pack, *defaults, now, output, *fail_on);
  run.set_explain(options.explain);
  return run.Run();
}

}  // namespace

void SetCheckCommand(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Screen intake records (files, or - for stdin)");
  cmd->add_option("inputs", options->inputs,
                  "Record files (YAML, JSON, JSON Lines), or - for stdin");
  cmd->add_option("--rules", options->rules,
                  "Rule file or directory (repeatable); replaces the built-in pack");
  cmd->add_option("--format", options->format,
                  "Output: text, json, jsonl (default: text on a terminal, else jsonl)")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));
  cmd->add_option("--input-format", options->input_format,
                  "Input: yaml, json, jsonl (default: from the extension, or sniffed)")
      ->check(CLI::IsMember({"yaml", "json", "jsonl"}));
  cmd->add_option("--at", options->at, "Screening time (ISO 8601) for records without screened_at");
  cmd->add_option("--set", options->sets,
                  "PATH=VALUE default for every record; the record's own value wins (repeatable)");
  cmd->add_option("--fail-on", options->fail_on,
                  "Exit 1 if any of these decisions occur: swap,wait,incomplete,error");
  cmd->add_flag("--explain", options->explain, "Show every rule's verdict and the values it read");
  cmd->add_flag("--strict", options->strict, "Unknown fields make the record an error");
  cmd->add_flag("--quiet", options->quiet, "No warnings on stderr");
  cmd->add_flag("--summary", options->summary, "Counts per decision on stderr");
  cmd->callback([options, &outcome] { outcome.exit_code = RunCheck(*options); });
}

}  // namespace needlescreen::cli
